package dev.traitlab.probes.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.traitlab.nn.NativeArrays;
import dev.traitlab.nn.transformer.ActivationHook;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The hook of a suffix attack: at {@code embed} it puts the suffix's k vectors in place of the
 * embeddings at each row's suffix positions (x * keep + S P, S a one-hot [B, T, k] placement, so a
 * trainable P gets gradients), and at the capture points it keeps the activations as they are in
 * the graph. It acts only on a pass of {@code length} positions (generation's later one-token
 * passes go through untouched).
 */
final class SuffixHook implements ActivationHook {
  private final NDArray suffix; // [k, hidden]
  private final int[] suffixStart; // per row
  private final int length;
  private final Set<String> capture;
  private final Map<String, NDArray> captured = new LinkedHashMap<>();

  SuffixHook(NDArray suffix, int[] suffixStart, int length, Set<String> capture) {
    this.suffix = suffix;
    this.suffixStart = suffixStart;
    this.length = length;
    this.capture = capture;
  }

  @Override
  public boolean wants(String point) {
    return point.equals(ActivationHook.embed()) || capture.contains(point);
  }

  @Override
  public NDArray apply(String point, NDArray x) {
    if (x.getShape().get(1) != length) {
      return x;
    }
    if (capture.contains(point)) {
      captured.put(point, x);
    }
    if (!point.equals(ActivationHook.embed()) || suffix == null) {
      return x;
    }
    int b = suffixStart.length;
    int k = (int) suffix.getShape().get(0);
    if (k == 0) {
      return x;
    }
    float[] keep = new float[b * length];
    float[] place = new float[b * length * k];
    java.util.Arrays.fill(keep, 1f);
    for (int r = 0; r < b; r++) {
      for (int i = 0; i < k; i++) {
        int pos = suffixStart[r] + i;
        keep[r * length + pos] = 0;
        place[(r * length + pos) * k + i] = 1;
      }
    }
    NDArray keepNd = NativeArrays.of(x.getManager(), keep, new Shape(b, length, 1));
    NDArray placeNd = NativeArrays.of(x.getManager(), place, new Shape(b, length, k));
    return x.mul(keepNd).add(placeNd.matMul(suffix));
  }

  /** The activations captured at each point, [B, T, hidden], in the graph of the pass. */
  Map<String, NDArray> captured() {
    return captured;
  }
}
