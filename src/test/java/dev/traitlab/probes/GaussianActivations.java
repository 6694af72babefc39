package dev.traitlab.probes;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Synthetic "activations": Gaussian token vectors with a chosen mean and per-dimension scale. */
final class GaussianActivations {
  private GaussianActivations() {}

  /** n vectors of dimension d: x_i = shift_i + scale_i * N(0, 1). */
  static List<float[]> draw(int n, int d, double[] shift, double[] scale, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<float[]> out = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      float[] x = new float[d];
      for (int i = 0; i < d; i++) {
        x[i] = (float) (shift[i] + scale[i] * rng.nextGaussian());
      }
      out.add(x);
    }
    return out;
  }

  static double[] constant(int d, double v) {
    double[] a = new double[d];
    java.util.Arrays.fill(a, v);
    return a;
  }

  /** One token per input, at one point. */
  static ActivationSet asSet(List<float[]> xs) {
    List<float[][][]> examples = new ArrayList<>();
    for (float[] x : xs) {
      examples.add(new float[][][] {{x}});
    }
    return new ActivationSet(List.of("p"), examples);
  }
}
