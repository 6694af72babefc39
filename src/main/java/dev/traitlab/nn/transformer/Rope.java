package dev.traitlab.nn.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.traitlab.nn.NativeArrays;

/**
 * Rotary position embedding in the Hugging Face layout (rotate_half pairs dimension i with i +
 * d/2). Angles are tabulated in Java once; per pass only the rows for the positions in use are
 * copied out. rotate_half is a fixed signed permutation, applied as one matmul so the rotation
 * costs four ops per tensor.
 */
final class Rope {
  private final int headDim;
  private final float[] inverseFrequency;

  Rope(int headDim, double theta) {
    this.headDim = headDim;
    int half = headDim / 2;
    inverseFrequency = new float[half];
    for (int i = 0; i < half; i++) {
      inverseFrequency[i] = (float) (1.0 / Math.pow(theta, (2.0 * i) / headDim));
    }
  }

  /** The rotation frequencies theta^(-2i/d), i < d/2 (shared by {@link StepDecoder}). */
  float[] inverseFrequency() {
    return inverseFrequency.clone();
  }

  /** cos and sin of shape [rows, T, 1, headDim] for the given position ids. */
  NDArray[] tables(NDManager m, int[][] positions) {
    int rows = positions.length;
    int t = positions[0].length;
    int half = headDim / 2;
    float[] cos = new float[rows * t * headDim];
    float[] sin = new float[cos.length];
    for (int r = 0; r < rows; r++) {
      for (int p = 0; p < t; p++) {
        int base = (r * t + p) * headDim;
        int pos = positions[r][p];
        for (int i = 0; i < half; i++) {
          // Angles in float, like transformers (position * inv_freq in float32).
          float angle = pos * inverseFrequency[i];
          float c = (float) Math.cos(angle);
          float s = (float) Math.sin(angle);
          cos[base + i] = c;
          cos[base + i + half] = c;
          sin[base + i] = s;
          sin[base + i + half] = s;
        }
      }
    }
    Shape shape = new Shape(rows, t, 1, headDim);
    return new NDArray[] {NativeArrays.of(m, cos, shape), NativeArrays.of(m, sin, shape)};
  }

  /** The [headDim, headDim] matrix R with x R = rotate_half(x) = cat(-x2, x1). */
  NDArray rotateHalfMatrix(NDManager m) {
    int half = headDim / 2;
    float[] r = new float[headDim * headDim];
    for (int i = 0; i < half; i++) {
      r[(i + half) * headDim + i] = -1;
      r[i * headDim + i + half] = 1;
    }
    return NativeArrays.of(m, r, new Shape(headDim, headDim));
  }
}
