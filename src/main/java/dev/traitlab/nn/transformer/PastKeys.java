package dev.traitlab.nn.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.traitlab.nn.NativeArrays;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys and values computed by earlier passes that the queries of a pass attend to before their own
 * keys: how a pass continues prefixes without recomputing them. Each segment is either shared by
 * every row of the pass (computed once; its attention folds the rows into the query dimension, so
 * nothing is copied per row) or held per row, with an optional additive mask over its keys per row
 * (the padding of rows of different lengths).
 *
 * <p>The result equals attention over the keys of all segments and the pass's own keys concatenated
 * in that order, up to float rounding: one softmax over the concatenated scores.
 */
final class PastKeys {
  private final List<Segment> segments;

  /**
   * Per layer, keys and values of one segment. Shared: keys [KVH, D, S] and values [KVH, S, D]; per
   * row: keys [B, KVH, D, S] and values [B, KVH, S, D]. {@code mask} (per row only, may be null) is
   * additive, [B, 1, 1, S].
   */
  private record Segment(NDArray[] keys, NDArray[] values, NDArray mask, boolean shared) {}

  private PastKeys(List<Segment> segments) {
    this.segments = List.copyOf(segments);
  }

  /** No past: attention over the pass's own keys only. */
  static PastKeys none() {
    return new PastKeys(List.of());
  }

  /**
   * These segments followed by the one row of {@code cache}, shared by all rows of the pass. Its
   * arrays, reshaped once here, live in the cache's manager.
   */
  PastKeys thenShared(KvCache cache) {
    int layers = cache.keys.length;
    NDArray[] k = new NDArray[layers];
    NDArray[] v = new NDArray[layers];
    for (int l = 0; l < layers; l++) {
      Shape ks = cache.keys[l].getShape();
      if (ks.get(0) != 1) {
        throw new IllegalArgumentException("a shared segment needs a cache of one row, not " + ks);
      }
      k[l] = cache.keys[l].reshape(ks.get(1), ks.get(2), ks.get(3));
      v[l] = cache.values[l].reshape(ks.get(1), ks.get(3), ks.get(2));
    }
    return with(new Segment(k, v, null, true));
  }

  /**
   * These segments followed by rows of {@code cache}: pass row r attends to cache row {@code
   * rows[r]}, of which only the first {@code lengths[rows[r]]} keys are real. The gathered copies
   * live in {@code m}, the pass's manager.
   */
  PastKeys thenRows(NDManager m, KvCache cache, int[] rows, int[] lengths) {
    int layers = cache.keys.length;
    long[] idx = new long[rows.length];
    for (int r = 0; r < rows.length; r++) {
      idx[r] = rows[r];
    }
    NDArray index = NativeArrays.of(m, idx, new Shape(rows.length));
    NDArray[] k = new NDArray[layers];
    NDArray[] v = new NDArray[layers];
    for (int l = 0; l < layers; l++) {
      k[l] = cache.keys[l].get(m, new NDIndex("{}", index));
      v[l] = cache.values[l].get(m, new NDIndex("{}", index));
    }
    int s = (int) cache.keys[0].getShape().get(3);
    float[] mask = new float[rows.length * s];
    boolean any = false;
    for (int r = 0; r < rows.length; r++) {
      for (int j = lengths[rows[r]]; j < s; j++) {
        mask[r * s + j] = Float.NEGATIVE_INFINITY;
        any = true;
      }
    }
    NDArray additive = any ? NativeArrays.of(m, mask, new Shape(rows.length, 1, 1, s)) : null;
    return with(new Segment(k, v, additive, false));
  }

  private PastKeys with(Segment segment) {
    List<Segment> all = new ArrayList<>(segments);
    all.add(segment);
    return new PastKeys(all);
  }

  boolean isEmpty() {
    return segments.isEmpty();
  }

  /**
   * Attention output [B, KVH, M, D] of queries q [B, KVH, M, D] (scaled) over the segments' keys
   * and the pass's own keys k [B, KVH, D, T] and values v [B, KVH, T, D]; {@code mask} (may be
   * null) is additive over the own keys, [B or 1, 1, M, T].
   */
  NDArray attend(int layer, NDArray q, NDArray k, NDArray v, NDArray mask) {
    Shape qs = q.getShape();
    long b = qs.get(0);
    long kvh = qs.get(1);
    long rows = qs.get(2);
    long d = qs.get(3);
    // Queries of all rows side by side, for the shared segments: [KVH, B*M, D].
    NDArray folded = null;
    NDList scores = new NDList();
    long[] splits = new long[segments.size()];
    long offset = 0;
    for (int i = 0; i < segments.size(); i++) {
      Segment seg = segments.get(i);
      NDArray s;
      if (seg.shared()) {
        if (folded == null) {
          folded = q.transpose(1, 0, 2, 3).reshape(kvh, b * rows, d);
        }
        long len = seg.keys()[layer].getShape().get(2);
        s = folded.matMul(seg.keys()[layer]).reshape(kvh, b, rows, len).transpose(1, 0, 2, 3);
      } else {
        s = q.matMul(seg.keys()[layer]);
        if (seg.mask() != null) {
          s = s.add(seg.mask());
        }
      }
      scores.add(s);
      offset += s.getShape().get(3);
      splits[i] = offset;
    }
    NDArray own = q.matMul(k);
    scores.add(mask == null ? own : own.add(mask));
    NDList p = scores.size() == 1 ? scores : new NDList(ai.djl.ndarray.NDArrays.concat(scores, 3));
    NDArray probs = p.singletonOrThrow().softmax(-1);
    NDList parts = segments.isEmpty() ? new NDList(probs) : probs.split(splits, 3);
    NDArray o = parts.get(segments.size()).matMul(v);
    for (int i = 0; i < segments.size(); i++) {
      Segment seg = segments.get(i);
      NDArray part = parts.get(i);
      if (seg.shared()) {
        long len = part.getShape().get(3);
        part = part.transpose(1, 0, 2, 3).reshape(kvh, b * rows, len);
        o = o.add(part.matMul(seg.values()[layer]).reshape(kvh, b, rows, d).transpose(1, 0, 2, 3));
      } else {
        o = o.add(part.matMul(seg.values()[layer]));
      }
    }
    return o;
  }
}
