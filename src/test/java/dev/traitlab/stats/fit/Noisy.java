package dev.traitlab.stats.fit;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToDoubleFunction;

/** Seeded synthetic data for the fit tests. */
final class Noisy {
  private Noisy() {}

  /** x_0 .. x_(n-1) from their index. */
  static double[] grid(int n, IntToDoubleFunction x) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = x.applyAsDouble(i);
    }
    return out;
  }

  /** f(x_i) + sd * N(0, 1), the noise drawn in order from {@code random}. */
  static double[] y(double[] x, DoubleUnaryOperator f, double sd, SplittableRandom random) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = f.applyAsDouble(x[i]) + sd * random.nextGaussian();
    }
    return out;
  }
}
