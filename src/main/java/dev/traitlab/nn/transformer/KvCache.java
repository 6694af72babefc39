package dev.traitlab.nn.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Per-layer keys [B, KVH, D, S] (transposed) and values [B, KVH, S, D] seen so far. */
final class KvCache implements AutoCloseable {
  final NDManager manager;
  final NDArray[] keys;
  final NDArray[] values;

  KvCache(NDManager parent, int layers) {
    manager = parent.newSubManager();
    keys = new NDArray[layers];
    values = new NDArray[layers];
  }

  NDArray[] append(int layer, NDArray k, NDArray v) {
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
