package dev.traitlab.stats.fit;

/** Checks and goodness-of-fit arithmetic shared by the fits. */
final class Curves {
  private Curves() {}

  static void checkPoints(double[] x, double[] y, int atLeast) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "x and y differ in length: " + x.length + " and " + y.length);
    }
    if (x.length < atLeast) {
      throw new IllegalArgumentException("need at least " + atLeast + " points, got " + x.length);
    }
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
        throw new IllegalArgumentException("point " + i + " is (" + x[i] + ", " + y[i] + ")");
      }
    }
  }

  /** 1 - rss / (total sum of squares of y about its mean); NaN when every y is equal. */
  static double rSquared(double rss, double[] y) {
    double mean = 0;
    for (double v : y) {
      mean += v;
    }
    mean /= y.length;
    double tss = 0;
    for (double v : y) {
      tss += (v - mean) * (v - mean);
    }
    return tss == 0 ? Double.NaN : 1 - rss / tss;
  }

  /**
   * The partial derivatives of f at theta by central differences, with a step of 1e-6 relative to
   * each entry (absolute for entries below 1 in size).
   */
  static double[] centralDifferences(
      java.util.function.ToDoubleFunction<double[]> f, double[] theta) {
    double[] g = new double[theta.length];
    double[] t = theta.clone();
    for (int j = 0; j < theta.length; j++) {
      double h = 1e-6 * Math.max(1, Math.abs(theta[j]));
      t[j] = theta[j] + h;
      double up = f.applyAsDouble(t);
      t[j] = theta[j] - h;
      double down = f.applyAsDouble(t);
      t[j] = theta[j];
      g[j] = (up - down) / (2 * h);
    }
    return g;
  }
}
