package dev.traitlab.stats.fit;

import java.util.ArrayList;
import java.util.List;

/**
 * The compute-efficient frontier of a family of learning curves (one per model size), and the
 * intrinsic performance it defines (Hilton, Tang and Schulman 2023, arXiv:2301.13442): the
 * intrinsic performance of a return r is the least training compute at which any curve of the
 * family reaches r. It is a monotone map from return to compute, equal to compute along the
 * frontier and below it elsewhere.
 *
 * <p>Each curve is its points (compute, value), compute increasing and value non-decreasing (make
 * noisy curves monotone first, with {@link dev.traitlab.stats.Isotonic#increasing}). Between points
 * a curve is interpolated linearly in ln compute. The frontier is defined for returns in (lowest,
 * highest]: above every curve's first value, so that where each curve crosses a return is known,
 * and up to the best value any curve reached.
 *
 * <p>Every run stops at a budget, so near the frontier's top the value is only an upper bound: a
 * return reached first by a large model at the end of its run might have been reached more cheaply
 * by a smaller model trained longer. {@link #settled} tells the returns whose intrinsic performance
 * the runs do determine.
 */
public final class ComputeFrontier {
  /** Intervals at the end of a curve whose pace {@link #settled} extrapolates. */
  public static final int PACE_INTERVALS = 2;

  private final List<Curve> curves;
  private final double lowest;
  private final double highest;

  /**
   * One learning curve.
   *
   * @param compute training compute at each point (FLOPs, say), positive and increasing
   * @param value the return (or any higher-is-better score) at each point, non-decreasing
   */
  public record Curve(double[] compute, double[] value) {
    public Curve {
      if (compute.length != value.length || compute.length == 0) {
        throw new IllegalArgumentException(
            "a curve needs as many values as computes, at least one: got "
                + compute.length
                + " and "
                + value.length);
      }
      for (int i = 0; i < compute.length; i++) {
        if (!(compute[i] > 0) || !Double.isFinite(compute[i]) || !Double.isFinite(value[i])) {
          throw new IllegalArgumentException(
              "point " + i + " is (" + compute[i] + ", " + value[i] + ")");
        }
        if (i > 0 && !(compute[i] > compute[i - 1])) {
          throw new IllegalArgumentException("compute must increase, point " + i + " does not");
        }
        if (i > 0 && value[i] < value[i - 1]) {
          throw new IllegalArgumentException(
              "value must not decrease (make the curve monotone first), point " + i + " does");
        }
      }
      compute = compute.clone();
      value = value.clone();
    }

    /**
     * The compute at which this curve first reaches r (log-linear between points); NaN if never.
     */
    public double computeToReach(double r) {
      if (r <= value[0]) {
        return compute[0];
      }
      for (int j = 1; j < value.length; j++) {
        if (value[j] >= r) {
          double t = (r - value[j - 1]) / (value[j] - value[j - 1]);
          return Math.exp(
              Math.log(compute[j - 1]) + t * (Math.log(compute[j]) - Math.log(compute[j - 1])));
        }
      }
      return Double.NaN;
    }

    /**
     * The compute at which this curve reaches r, continuing beyond its end at the mean pace (return
     * per unit ln compute) of its last {@link #PACE_INTERVALS} intervals; infinite when that pace
     * is not positive or the curve has one point.
     */
    double optimisticComputeToReach(double r) {
      int last = value.length - 1;
      if (value[last] >= r) {
        return computeToReach(r);
      }
      int from = Math.max(0, last - PACE_INTERVALS);
      if (from == last) {
        return Double.POSITIVE_INFINITY;
      }
      double pace =
          (value[last] - value[from]) / (Math.log(compute[last]) - Math.log(compute[from]));
      return pace > 0
          ? Math.exp(Math.log(compute[last]) + (r - value[last]) / pace)
          : Double.POSITIVE_INFINITY;
    }

    /** The value at {@code c} (log-linear between points, constant beyond the ends). */
    public double valueAt(double c) {
      if (c <= compute[0]) {
        return value[0];
      }
      for (int j = 1; j < compute.length; j++) {
        if (compute[j] >= c) {
          double t =
              (Math.log(c) - Math.log(compute[j - 1]))
                  / (Math.log(compute[j]) - Math.log(compute[j - 1]));
          return value[j - 1] + t * (value[j] - value[j - 1]);
        }
      }
      return value[value.length - 1];
    }
  }

  private ComputeFrontier(List<Curve> curves) {
    this.curves = List.copyOf(curves);
    double low = Double.NEGATIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (Curve c : curves) {
      low = Math.max(low, c.value()[0]);
      high = Math.max(high, c.value()[c.value().length - 1]);
    }
    this.lowest = low;
    this.highest = high;
  }

  /**
   * The frontier of these curves.
   *
   * @throws IllegalArgumentException without curves
   */
  public static ComputeFrontier of(List<Curve> curves) {
    if (curves.isEmpty()) {
      throw new IllegalArgumentException("a frontier needs at least one curve");
    }
    return new ComputeFrontier(new ArrayList<>(curves));
  }

  /** The frontier is defined for returns above this: the highest first value of any curve. */
  public double lowest() {
    return lowest;
  }

  /** The best value any curve reached: the frontier's top. */
  public double highest() {
    return highest;
  }

  /** Whether the frontier defines an intrinsic performance for return r. */
  public boolean defines(double r) {
    return r > lowest && r <= highest;
  }

  /**
   * Intrinsic performance of return r: the least compute at which any curve reaches it; NaN outside
   * (lowest, highest].
   */
  public double intrinsic(double r) {
    int best = bestCurve(r);
    return best < 0 ? Double.NaN : curves.get(best).computeToReach(r);
  }

  /** The index of the curve that reaches return r with the least compute; -1 outside the domain. */
  public int bestCurve(double r) {
    if (!defines(r)) {
      return -1;
    }
    int best = -1;
    double least = Double.POSITIVE_INFINITY;
    for (int i = 0; i < curves.size(); i++) {
      double c = curves.get(i).computeToReach(r);
      if (c < least) {
        least = c;
        best = i;
      }
    }
    return best;
  }

  /**
   * Whether the runs settle the intrinsic performance of return r: r is defined, and no curve that
   * stopped below r could reach it with less compute than the frontier's, even continuing at the
   * pace of its last {@link #PACE_INTERVALS} intervals (return gained per unit of ln compute;
   * learning curves decelerate in ln compute, so this continuation is optimistic and the rule
   * conservative). A curve whose last intervals gained nothing is taken to have stopped.
   */
  public boolean settled(double r) {
    int best = bestCurve(r);
    if (best < 0) {
      return false;
    }
    double least = curves.get(best).computeToReach(r);
    for (Curve c : curves) {
      if (c.value[c.value.length - 1] < r && c.optimisticComputeToReach(r) < least) {
        return false;
      }
    }
    return true;
  }

  /**
   * The top of the settled part of the frontier: the least return above which some return of a grid
   * of {@code grid} steps over (lowest, highest] is not settled, or the highest when all are; NaN
   * when the lowest grid return is not settled.
   */
  public double settledUpTo(int grid) {
    double last = Double.NaN;
    for (int k = 1; k <= grid; k++) {
      double r = k == grid ? highest : lowest + (highest - lowest) * k / grid;
      if (!settled(r)) {
        return last;
      }
      last = r;
    }
    return last;
  }

  /**
   * The index of the curve with the best value at compute c (the compute-optimal member at that
   * budget, ties to the first); curves whose first point lies beyond c are not yet running and do
   * not count; -1 when none has started.
   */
  public int bestAtCompute(double c) {
    int best = -1;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < curves.size(); i++) {
      Curve curve = curves.get(i);
      if (curve.compute()[0] > c) {
        continue;
      }
      double v = curve.valueAt(c);
      if (v > bestValue) {
        bestValue = v;
        best = i;
      }
    }
    return best;
  }

  public List<Curve> curves() {
    return curves;
  }
}
