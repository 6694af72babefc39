package dev.traitlab.nn.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Per-layer keys [B, KVH, D, S] (transposed) and values [B, KVH, S, D] seen so far.
 *
 * <p>With a capacity (sampling, where the longest sequence is known up front) each layer's keys and
 * values live in one buffer of that many positions, allocated at the first append; an append writes
 * the new positions in place and {@link #keys}/{@link #values} are views of the filled part, so a
 * step costs its own keys, not a copy of all earlier ones. Without a capacity an append
 * concatenates (the scorer's caches, filled once).
 */
final class KvCache implements AutoCloseable {
  final NDManager manager;
  final NDArray[] keys;
  final NDArray[] values;
  private final int capacity;
  private final NDArray[] keyBuffers;
  private final NDArray[] valueBuffers;
  private final int[] filled;

  /** A cache that grows by concatenation. */
  KvCache(NDManager parent, int layers) {
    this(parent, layers, 0);
  }

  /** A cache of at most {@code capacity} positions per row (0: unbounded, by concatenation). */
  KvCache(NDManager parent, int layers, int capacity) {
    manager = parent.newSubManager();
    keys = new NDArray[layers];
    values = new NDArray[layers];
    this.capacity = capacity;
    keyBuffers = new NDArray[layers];
    valueBuffers = new NDArray[layers];
    filled = new int[layers];
  }

  /**
   * Adds keys k [B, KVH, D, T] and values v [B, KVH, T, D] after those already held; returns all
   * keys and values so far, {keys [B, KVH, D, S], values [B, KVH, S, D]}.
   */
  NDArray[] append(int layer, NDArray k, NDArray v) {
    return capacity > 0 ? write(layer, k, v) : concat(layer, k, v);
  }

  private NDArray[] write(int layer, NDArray k, NDArray v) {
    Shape ks = k.getShape();
    int t = (int) ks.get(3);
    int from = filled[layer];
    if (from + t > capacity) {
      throw new IllegalStateException(
          "KV cache of " + capacity + " positions cannot take " + (from + t));
    }
    if (keyBuffers[layer] == null) {
      keyBuffers[layer] =
          manager.zeros(new Shape(ks.get(0), ks.get(1), ks.get(2), capacity), k.getDataType());
      valueBuffers[layer] =
          manager.zeros(new Shape(ks.get(0), ks.get(1), capacity, ks.get(2)), v.getDataType());
    }
    int to = from + t;
    keyBuffers[layer].set(new NDIndex(":, :, :, {}:{}", from, to), k);
    valueBuffers[layer].set(new NDIndex(":, :, {}:{}, :", from, to), v);
    filled[layer] = to;
    if (keys[layer] != null) {
      keys[layer].close();
      values[layer].close();
    }
    keys[layer] = keyBuffers[layer].get(manager, new NDIndex(":, :, :, :{}", to));
    values[layer] = valueBuffers[layer].get(manager, new NDIndex(":, :, :{}, :", to));
    return new NDArray[] {keys[layer], values[layer]};
  }

  private NDArray[] concat(int layer, NDArray k, NDArray v) {
    NDArray nk = keys[layer] == null ? k.duplicate() : keys[layer].concat(k, 3);
    NDArray nv = values[layer] == null ? v.duplicate() : values[layer].concat(v, 2);
    nk.attach(manager);
    nv.attach(manager);
    if (keys[layer] != null) {
      keys[layer].close();
      values[layer].close();
    }
    keys[layer] = nk;
    values[layer] = nv;
    return new NDArray[] {nk, nv};
  }

  @Override
  public void close() {
    manager.close();
  }
}
