package dev.traitlab.stats.fit;

import dev.traitlab.stats.ItakuraSaito;

/**
 * A transformation of probability estimates that is affine in log space, q -> exp(intercept + slope
 * ln q), fitted to minimise the mean {@link ItakuraSaito} loss against true values; an estimate of
 * 0 (or one that is not finite), which has no logarithm, maps to a separately fitted constant. This
 * is the calibration Wu and Hilton (2024) give every method before scoring it on held-out targets,
 * so that a method is judged on how well its estimates order and scale, not on a systematic factor.
 *
 * <p>The fit is exact: for a slope b the best intercept is ln mean(p e^{-b ln q}), and the
 * remaining loss n ln mean(p q^-b) + b sum(ln q) is convex in b, minimised by golden-section search
 * over [-{@value #MAX_SLOPE}, {@value #MAX_SLOPE}]. The constant for zeros is the mean of their
 * true values (the constant that minimises the loss).
 *
 * @param intercept in natural-log units
 * @param slope dimensionless; 1 when fewer than two distinct positive estimates fix it
 * @param zeroValue what an estimate of 0 maps to
 * @param positives estimates > 0 the fit used
 * @param zeros estimates of 0 the fit used
 */
public record LogAffineFit(
    double intercept, double slope, double zeroValue, int positives, int zeros) {

  public static final double MAX_SLOPE = 5;

  /**
   * Fits truth (each > 0) against raw estimates (each >= 0 or NaN, which counts as 0).
   *
   * @throws IllegalArgumentException on arrays of different lengths or empty, or a truth <= 0
   */
  public static LogAffineFit minimisingItakuraSaito(double[] truth, double[] estimate) {
    if (truth.length != estimate.length || truth.length == 0) {
      throw new IllegalArgumentException(
          "need as many estimates as truths, at least one: "
              + truth.length
              + " and "
              + estimate.length);
    }
    int n = truth.length;
    double[] x = new double[n];
    double[] p = new double[n];
    int pos = 0;
    double zeroSum = 0;
    int zeros = 0;
    for (int i = 0; i < n; i++) {
      if (!(truth[i] > 0) || Double.isInfinite(truth[i])) {
        throw new IllegalArgumentException("true values must be > 0, got " + truth[i]);
      }
      if (positive(estimate[i])) {
        x[pos] = Math.log(estimate[i]);
        p[pos] = truth[i];
        pos++;
      } else {
        zeroSum += truth[i];
        zeros++;
      }
    }
    double slope = 1;
    double intercept = Double.NaN;
    if (pos > 0) {
      double[] xs = java.util.Arrays.copyOf(x, pos);
      double[] ps = java.util.Arrays.copyOf(p, pos);
      boolean distinct = false;
      for (double v : xs) {
        distinct |= v != xs[0];
      }
      if (distinct) {
        slope = goldenSection(b -> profile(ps, xs, b), -MAX_SLOPE, MAX_SLOPE);
      }
      intercept = bestIntercept(ps, xs, slope);
    }
    double zeroValue;
    if (zeros > 0) {
      zeroValue = zeroSum / zeros;
    } else {
      // No zero to fit: a zero later maps to the smallest fitted value seen.
      double min = Double.POSITIVE_INFINITY;
      for (int i = 0; i < pos; i++) {
        min = Math.min(min, Math.exp(intercept + slope * x[i]));
      }
      zeroValue = min;
    }
    return new LogAffineFit(intercept, slope, zeroValue, pos, zeros);
  }

  /** The transformed estimate. */
  public double apply(double estimate) {
    if (!positive(estimate) || Double.isNaN(intercept)) {
      return zeroValue;
    }
    return Math.exp(intercept + slope * Math.log(estimate));
  }

  /** Transformed estimates. */
  public double[] apply(double[] estimates) {
    double[] out = new double[estimates.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = apply(estimates[i]);
    }
    return out;
  }

  private static boolean positive(double q) {
    return q > 0 && !Double.isInfinite(q);
  }

  /** ln mean(p e^{-b x}), computed with the largest exponent factored out. */
  private static double bestIntercept(double[] p, double[] x, double b) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < p.length; i++) {
      max = Math.max(max, Math.log(p[i]) - b * x[i]);
    }
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += Math.exp(Math.log(p[i]) - b * x[i] - max);
    }
    return max + Math.log(s / p.length);
  }

  /** The summed loss at slope b with its best intercept, up to a constant. */
  private static double profile(double[] p, double[] x, double b) {
    double sx = 0;
    for (double v : x) {
      sx += v;
    }
    return p.length * bestIntercept(p, x, b) + b * sx;
  }

  private static double goldenSection(
      java.util.function.DoubleUnaryOperator f, double lo, double hi) {
    double g = (Math.sqrt(5) - 1) / 2;
    double a = lo;
    double b = hi;
    double c = b - g * (b - a);
    double d = a + g * (b - a);
    double fc = f.applyAsDouble(c);
    double fd = f.applyAsDouble(d);
    for (int i = 0; i < 200 && b - a > 1e-10; i++) {
      if (fc < fd) {
        b = d;
        d = c;
        fd = fc;
        c = b - g * (b - a);
        fc = f.applyAsDouble(c);
      } else {
        a = c;
        c = d;
        fc = fd;
        d = a + g * (b - a);
        fd = f.applyAsDouble(d);
      }
    }
    return (a + b) / 2;
  }
}
