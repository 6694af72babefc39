package dev.traitlab.stats.fit;

import dev.traitlab.stats.Interval;
import dev.traitlab.stats.MeanInterval;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * An ordinary least-squares line y = intercept + slope x, with the classical standard errors of
 * both coefficients (normal errors of constant variance), R^2 and the residual standard deviation.
 * Slope is in units of y per unit of x; intercept, residualSd in units of y.
 *
 * @param slopeStandardError s / sqrt(Sxx), s^2 = RSS / (n - 2); NaN when n = 2
 * @param interceptStandardError s sqrt(1/n + mean(x)^2 / Sxx); NaN when n = 2
 * @param rSquared 1 - RSS / TSS; NaN when every y is equal (TSS = 0)
 * @param residualSd sqrt(RSS / (n - 2)); NaN when n = 2
 * @param n number of points
 */
public record LineFit(
    double slope,
    double intercept,
    double slopeStandardError,
    double interceptStandardError,
    double rSquared,
    double residualSd,
    int n) {

  /**
   * Fits y on x, paired by index; needs at least two points and two distinct x.
   *
   * @throws IllegalArgumentException on arrays of different lengths, fewer than two points, equal x
   *     values or a value that is not finite
   */
  public static LineFit of(double[] x, double[] y) {
    Curves.checkPoints(x, y, 2);
    int n = x.length;
    double meanX = 0;
    double meanY = 0;
    for (int i = 0; i < n; i++) {
      meanX += x[i];
      meanY += y[i];
    }
    meanX /= n;
    meanY /= n;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      sxx += (x[i] - meanX) * (x[i] - meanX);
      sxy += (x[i] - meanX) * (y[i] - meanY);
    }
    if (sxx == 0) {
      throw new IllegalArgumentException("every x is " + x[0] + ": no line through the points");
    }
    double slope = sxy / sxx;
    double intercept = meanY - slope * meanX;
    double rss = 0;
    for (int i = 0; i < n; i++) {
      double r = y[i] - (intercept + slope * x[i]);
      rss += r * r;
    }
    double s = n > 2 ? Math.sqrt(rss / (n - 2)) : Double.NaN;
    return new LineFit(
        slope,
        intercept,
        s / Math.sqrt(sxx),
        s * Math.sqrt(1.0 / n + meanX * meanX / sxx),
        Curves.rSquared(rss, y),
        s,
        n);
  }

  public double predict(double x) {
    return intercept + slope * x;
  }

  /** 95% Student-t interval (n - 2 degrees of freedom) of the slope. */
  public Interval slopeInterval() {
    return slopeInterval(MeanInterval.DEFAULT_LEVEL);
  }

  public Interval slopeInterval(double level) {
    return tInterval(slope, slopeStandardError, n - 2, level);
  }

  /** 95% Student-t interval (n - 2 degrees of freedom) of the intercept. */
  public Interval interceptInterval() {
    return tInterval(intercept, interceptStandardError, n - 2, MeanInterval.DEFAULT_LEVEL);
  }

  /** value +- t(dof, (1 + level)/2) se; undefined without degrees of freedom or error. */
  static Interval tInterval(double value, double se, int dof, double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
    }
    if (dof < 1 || Double.isNaN(se)) {
      return Interval.UNDEFINED;
    }
    double half = new TDistribution(dof).inverseCumulativeProbability(0.5 + level / 2) * se;
    return new Interval(value - half, value + half);
  }
}
