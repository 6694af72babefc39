package dev.traitlab.stats.fit;

import dev.traitlab.stats.Bootstrap;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.MeanInterval;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A line through per-point means of paired item scores, extrapolated to a new x: how TruthfulQA
 * (Lin, Hilton, Evans 2021) compares model families, a linear fit of the score against log
 * parameters read off beyond the largest model. Every point (a model) is scored on the same items
 * (questions), so the items are the sampling unit.
 *
 * @param fit the least-squares line through the means (y = mean score over items, x as given)
 * @param at the x the line is read at
 * @param predicted the line's value at {@code at}
 * @param lineInterval 95% Student-t interval of the line's mean at {@code at} (n - 2 degrees of
 *     freedom: the spread of the points about the line; undefined for two points)
 * @param itemInterval 95% percentile bootstrap interval of the prediction over resamples of the
 *     items (the same resample for every point), refitting the line each time: the uncertainty from
 *     the finite question set
 * @param slopeItemInterval the same bootstrap's interval of the slope
 */
public record LineExtrapolation(
    LineFit fit,
    double at,
    double predicted,
    Interval lineInterval,
    Interval itemInterval,
    Interval slopeItemInterval) {

  /**
   * Fits and extrapolates.
   *
   * @param x one value per point (log10 parameters, say), at least two distinct
   * @param scores scores[i][q]: item q's score at point i; every row as long, at least two items,
   *     every value finite
   * @param at where to read the line (finite)
   * @param seed seed of the bootstrap over items
   * @throws IllegalArgumentException on any of the shapes or values above, naming it
   */
  public static LineExtrapolation of(double[] x, double[][] scores, double at, long seed) {
    if (x.length != scores.length) {
      throw new IllegalArgumentException(
          "x has " + x.length + " points but scores has " + scores.length + " rows");
    }
    if (!Double.isFinite(at)) {
      throw new IllegalArgumentException("extrapolation point is " + at);
    }
    int items = scores.length == 0 ? 0 : scores[0].length;
    if (items < 2) {
      throw new IllegalArgumentException("need at least 2 items per point, got " + items);
    }
    for (int i = 0; i < scores.length; i++) {
      if (scores[i].length != items) {
        throw new IllegalArgumentException(
            "point " + i + " has " + scores[i].length + " item scores, point 0 has " + items);
      }
      for (int q = 0; q < items; q++) {
        if (!Double.isFinite(scores[i][q])) {
          throw new IllegalArgumentException(
              "score of item " + q + " at point " + i + " is " + scores[i][q]);
        }
      }
    }
    LineFit fit = LineFit.of(x, means(scores));
    double[][] columns = new double[items][x.length];
    for (int q = 0; q < items; q++) {
      for (int i = 0; i < x.length; i++) {
        columns[q][i] = scores[i][q];
      }
    }
    Interval item = Bootstrap.percentile(columns, c -> refit(x, c).predict(at), seed);
    Interval slope = Bootstrap.percentile(columns, c -> refit(x, c).slope(), seed);
    return new LineExtrapolation(fit, at, fit.predict(at), meanInterval(fit, x, at), item, slope);
  }

  private static LineFit refit(double[] x, double[][] columns) {
    double[] y = new double[x.length];
    for (double[] c : columns) {
      for (int i = 0; i < y.length; i++) {
        y[i] += c[i];
      }
    }
    for (int i = 0; i < y.length; i++) {
      y[i] /= columns.length;
    }
    return LineFit.of(x, y);
  }

  private static double[] means(double[][] scores) {
    double[] m = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      for (double v : scores[i]) {
        m[i] += v;
      }
      m[i] /= scores[i].length;
    }
    return m;
  }

  /** t(n - 2) s sqrt(1/n + (at - mean x)^2 / Sxx) about the prediction. */
  static Interval meanInterval(LineFit fit, double[] x, double at) {
    int n = x.length;
    if (n < 3 || !Double.isFinite(fit.residualSd())) {
      return Interval.UNDEFINED;
    }
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= n;
    double sxx = 0;
    for (double v : x) {
      sxx += (v - mean) * (v - mean);
    }
    double se = fit.residualSd() * Math.sqrt(1.0 / n + (at - mean) * (at - mean) / sxx);
    double t =
        new TDistribution(n - 2).inverseCumulativeProbability(0.5 + MeanInterval.DEFAULT_LEVEL / 2);
    double p = fit.predict(at);
    return new Interval(p - t * se, p + t * se);
  }
}
