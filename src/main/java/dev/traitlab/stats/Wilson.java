package dev.traitlab.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Wilson's score interval for a proportion (Wilson 1927): the interval of rates p whose score test
 * of {@code successes} out of {@code n} does not reject at the given level. Unlike the Wald
 * interval it stays inside [0, 1] and keeps its coverage near 0 and 1, so it suits trait rates,
 * accuracies and recall at a fixed false-positive rate.
 */
public final class Wilson {
  private Wilson() {}

  /**
   * 95% interval for {@code successes} out of {@code n}; {@link Interval#UNDEFINED} when n is 0.
   */
  public static Interval interval(double successes, int n) {
    return interval(successes, n, MeanInterval.DEFAULT_LEVEL);
  }

  /**
   * Interval at {@code level} (in (0, 1)) for {@code successes} (0 to n; a fractional count, such
   * as a sum of half-credits, is allowed) out of {@code n} trials.
   */
  public static Interval interval(double successes, int n, double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
    }
    if (n < 0 || successes < 0 || successes > n) {
      throw new IllegalArgumentException("need 0 <= successes <= n, got " + successes + " of " + n);
    }
    if (n == 0) {
      return Interval.UNDEFINED;
    }
    double z = normalQuantile(level);
    double p = successes / n;
    double z2 = z * z;
    double denom = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denom;
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
    return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /** The two-sided standard-normal quantile for {@code level}: 1.959963984540054 at 0.95. */
  public static double normalQuantile(double level) {
    return new NormalDistribution().inverseCumulativeProbability(0.5 + level / 2);
  }
}
