package dev.traitlab.experiments.rlscaling;

import dev.traitlab.stats.Bootstrap;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.MeanInterval;
import dev.traitlab.stats.fit.ComputeFrontier;

/**
 * How many times the interactions one horizon needs another to reach the same return with the same
 * width: for every width, ln(E_h(r) / E_ref(r)) at returns on a grid over the range both monotone
 * curves cover (log-linear interpolation between measurements), averaged over widths and returns,
 * exponentiated (a geometric mean). Model-free: it does not go through intrinsic performance, which
 * each horizon defines from its own frontier.
 */
final class SampleMultiplier {
  private static final int GRID = 20;

  private SampleMultiplier() {}

  /**
   * The multiplier of {@code curves} against {@code reference} (width x measurement, the same
   * interactions at each measurement); NaN only when no width's curves share a range of returns
   * (every return on the grid is at most both curves' last value, so each curve reaches it).
   */
  static double of(double[][] curves, double[][] reference, long[] interactions) {
    double[] e = new double[interactions.length];
    for (int p = 0; p < e.length; p++) {
      e[p] = interactions[p];
    }
    double sum = 0;
    int count = 0;
    for (int g = 0; g < curves.length; g++) {
      ComputeFrontier.Curve a = new ComputeFrontier.Curve(e, curves[g]);
      ComputeFrontier.Curve b = new ComputeFrontier.Curve(e, reference[g]);
      double low = Math.max(curves[g][0], reference[g][0]);
      double high = Math.min(curves[g][e.length - 1], reference[g][e.length - 1]);
      if (!(high > low)) {
        continue;
      }
      for (int k = 1; k <= GRID; k++) {
        // the top is high itself: low + (high - low) * GRID / GRID can round above it (0.01 and
        // 0.12 give 0.12000000000000001), where a curve ending at high never reaches it
        double r = k == GRID ? high : Math.min(high, low + (high - low) * k / GRID);
        sum += Math.log(a.computeToReach(r) / b.computeToReach(r));
        count++;
      }
    }
    return count == 0 ? Double.NaN : Math.exp(sum / count);
  }

  /**
   * The multiplier of a horizon against the reference horizon, with its bootstrap interval; NaN
   * with no interval when the full data's curves share no range of returns ({@link #estimate}).
   */
  static HorizonFit.Estimate of(
      IntrinsicAnalysis.Analysed horizon, IntrinsicAnalysis.Analysed reference) {
    long[] interactions = horizon.fit().curves().get(0).interactions();
    double[] replicates = new double[horizon.replicateCurves().size()];
    for (int b = 0; b < replicates.length; b++) {
      double[][] x = horizon.replicateCurves().get(b);
      double[][] y = reference.replicateCurves().get(b);
      replicates[b] = x == null || y == null ? Double.NaN : of(x, y, interactions);
    }
    return estimate(
        of(monotone(horizon.fit()), monotone(reference.fit()), interactions), replicates);
  }

  /**
   * The estimate from the full data's multiplier and the replicates' (NaN where a replicate had no
   * common range): undefined, with no interval, when the full data's is undefined, since an
   * interval from only the replicates that happened to overlap would describe a different quantity
   * than the point (one conditioned on overlap).
   */
  static HorizonFit.Estimate estimate(double point, double[] replicates) {
    return Double.isFinite(point)
        ? new HorizonFit.Estimate(
            point, Bootstrap.percentileOf(replicates, MeanInterval.DEFAULT_LEVEL))
        : new HorizonFit.Estimate(Double.NaN, Interval.UNDEFINED);
  }

  private static double[][] monotone(HorizonFit fit) {
    return fit.curves().stream().map(HorizonFit.SizeCurve::monotone).toArray(double[][]::new);
  }
}
