package dev.traitlab.experiments.overoptimisation;

import java.util.Locale;

/**
 * Whether one (proxy width, data size) point shows overoptimisation in the sense of Gao, Schulman
 * and Hilton 2022: the proxy reward of best-of-n rises with n over the whole grid while the gold
 * reward peaks at some n inside the measured range and falls after it. Read from the seeds' mean
 * curves on the measured grid, not from the fitted R_bon, so it says what was seen.
 *
 * @param proxyMonotone the proxy curve never falls from one n to the next
 * @param peakIndex index on the grid of the gold curve's highest value (the first, on ties)
 * @param peakN n at the gold peak
 * @param peakDistance d = sqrt(KL_bon) at the gold peak (sqrt nats)
 * @param peakGold gold reward at the peak (gold SDs)
 * @param maxN the largest n of the grid
 * @param goldAtMax gold reward at the largest n (gold SDs)
 */
public record OveroptimisationVerdict(
    boolean proxyMonotone,
    int peakIndex,
    int peakN,
    double peakDistance,
    double peakGold,
    int maxN,
    double goldAtMax) {

  /**
   * The verdict on mean curves over one grid.
   *
   * @param ns the n grid, increasing
   * @param distances d at each n
   * @param proxy mean proxy reward at each n
   * @param gold mean gold reward at each n
   * @throws IllegalArgumentException when the arrays differ in length or have fewer than 2 points
   */
  public static OveroptimisationVerdict of(
      int[] ns, double[] distances, double[] proxy, double[] gold) {
    int k = ns.length;
    if (k < 2 || distances.length != k || proxy.length != k || gold.length != k) {
      throw new IllegalArgumentException(
          "verdict needs n, d, proxy and gold curves of one length >= 2, got "
              + k
              + ", "
              + distances.length
              + ", "
              + proxy.length
              + ", "
              + gold.length);
    }
    boolean monotone = true;
    for (int i = 1; i < k; i++) {
      monotone &= proxy[i] >= proxy[i - 1];
    }
    int peak = 0;
    for (int i = 1; i < k; i++) {
      if (gold[i] > gold[peak]) {
        peak = i;
      }
    }
    return new OveroptimisationVerdict(
        monotone, peak, ns[peak], distances[peak], gold[peak], ns[k - 1], gold[k - 1]);
  }

  /** Overoptimisation seen: the proxy rises throughout, gold peaks after n = 1 and before max n. */
  public boolean overoptimised() {
    return proxyMonotone && peakIndex > 0 && peakN < maxN;
  }

  /** Gold lost from its peak to the largest n (gold SDs; 0 when the peak is at the largest n). */
  public double drop() {
    return peakGold - goldAtMax;
  }

  /** One sentence saying what was seen, e.g. for "width 4, 500 comparisons". */
  public String sentence(String point) {
    String head = point + ": ";
    if (overoptimised()) {
      return head
          + String.format(
              Locale.ROOT,
              "overoptimisation seen: the proxy rises with n throughout while gold peaks at n = %d"
                  + " (d* = %.2f, gold %.3f) and falls by %.3f SD by n = %d.",
              peakN,
              peakDistance,
              peakGold,
              drop(),
              maxN);
    }
    String proxyPart =
        proxyMonotone
            ? "the proxy rises with n throughout"
            : "the proxy does not rise monotonically";
    if (peakIndex == 0) {
      return head
          + String.format(
              Locale.ROOT,
              "no overoptimisation curve: %s but gold is highest at n = %d and never gains"
                  + " (%.3f SD lower by n = %d).",
              proxyPart,
              peakN,
              drop(),
              maxN);
    }
    if (peakN == maxN) {
      return head
          + String.format(
              Locale.ROOT,
              "no overoptimisation within the measured range: %s and gold still peaks at the"
                  + " largest n = %d (d = %.2f, gold %.3f).",
              proxyPart,
              maxN,
              peakDistance,
              peakGold);
    }
    return head
        + String.format(
            Locale.ROOT,
            "not a clean overoptimisation curve: gold peaks at n = %d (d* = %.2f) and falls by %.3f"
                + " SD by n = %d, but the proxy does not rise monotonically either.",
            peakN,
            peakDistance,
            drop(),
            maxN);
  }
}
