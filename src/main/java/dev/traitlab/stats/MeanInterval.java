package dev.traitlab.stats;

import dev.traitlab.core.Figures;
import java.util.Arrays;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A sample mean with its two-sided confidence interval from Student's t distribution (the usual
 * interval over seeds): mean +- t(n - 1, (1 + level)/2) std / sqrt(n), std the sample standard
 * deviation (n - 1 in the denominator). With one value the interval is undefined and reported as
 * NaN (null in JSON files, read back as NaN: {@link dev.traitlab.core.Json}). Its components are
 * its JSON form in results files, so they stay as they are.
 */
public record MeanInterval(
    double mean, double lower, double upper, double std, int n, double level) {

  public static final double DEFAULT_LEVEL = 0.95;

  public static MeanInterval of(double... values) {
    return atLevel(DEFAULT_LEVEL, values);
  }

  public static MeanInterval atLevel(double level, double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values to summarise");
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
    }
    int n = values.length;
    double mean = Arrays.stream(values).sum() / n;
    if (n == 1) {
      return new MeanInterval(mean, Double.NaN, Double.NaN, Double.NaN, 1, level);
    }
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double std = Math.sqrt(squares / (n - 1));
    double t = new TDistribution(n - 1).inverseCumulativeProbability(0.5 + level / 2);
    double half = t * std / Math.sqrt(n);
    return new MeanInterval(mean, mean - half, mean + half, std, n, level);
  }

  /**
   * As {@link #of}, for a quantity that cannot leave [{@code min}, {@code max}] (an accuracy or a
   * rate in [0, 1]): the t interval's bounds are clipped to that range, since with two or three
   * seeds it can otherwise reach below 0 or above 1. The mean and std are untouched.
   */
  public static MeanInterval ofBounded(double min, double max, double... values) {
    if (!(min < max)) {
      throw new IllegalArgumentException("need min < max, got [" + min + ", " + max + "]");
    }
    MeanInterval m = of(values);
    if (m.n == 1) {
      return m;
    }
    return new MeanInterval(
        m.mean, Math.max(min, m.lower), Math.min(max, m.upper), m.std, m.n, m.level);
  }

  /** The bounds alone ({@link Interval#UNDEFINED} with one value). */
  public Interval interval() {
    return new Interval(lower, upper);
  }

  public double halfWidth() {
    return (upper - lower) / 2;
  }

  /**
   * "0.431 [0.350, 0.512]", "0.431" when the interval is undefined, "n/a" when the mean is (no
   * values were available): {@link Figures#withInterval}.
   */
  public String format(int decimals) {
    return Figures.withInterval(mean, lower, upper, decimals);
  }
}
