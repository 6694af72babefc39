package dev.traitlab.stats;

/** Sample quantiles. */
public final class Quantiles {
  private Quantiles() {}

  /**
   * The q-quantile (q in [0, 1]) of values sorted ascending, interpolated linearly between order
   * statistics at position q (n - 1): numpy's default ("linear", Hyndman and Fan type 7).
   */
  public static double ofSorted(double[] sorted, double q) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
