package dev.traitlab.stats;

/**
 * The Itakura-Saito divergence of an estimate q from a true value p (both > 0): p/q - ln(p/q) - 1.
 * Zero when q = p, and far larger for underestimates than for overestimates of the same ratio (q =
 * p/10 costs 6.70, q = 10 p costs 1.40), which suits estimates of the probability of a rare bad
 * output, where missing it is the costly error. The loss of Wu and Hilton (2024), "Estimating the
 * probabilities of rare outputs in language models", section 4.3.
 */
public final class ItakuraSaito {
  private ItakuraSaito() {}

  /**
   * D(p || q) = p/q - ln(p/q) - 1; +infinity for q = 0 and p > 0.
   *
   * @throws IllegalArgumentException unless p > 0 and q >= 0 (both finite)
   */
  public static double loss(double p, double q) {
    if (!(p > 0) || Double.isInfinite(p) || !(q >= 0) || Double.isInfinite(q)) {
      throw new IllegalArgumentException(
          "Itakura-Saito loss needs p > 0 and q >= 0, finite; got p = " + p + ", q = " + q);
    }
    if (q == 0) {
      return Double.POSITIVE_INFINITY;
    }
    double r = p / q;
    return r - Math.log(r) - 1;
  }

  /** Mean of {@link #loss} over pairs (truth[i], estimate[i]). */
  public static double meanLoss(double[] truth, double[] estimate) {
    if (truth.length != estimate.length || truth.length == 0) {
      throw new IllegalArgumentException(
          "need as many estimates as truths, at least one: "
              + truth.length
              + " and "
              + estimate.length);
    }
    double s = 0;
    for (int i = 0; i < truth.length; i++) {
      s += loss(truth[i], estimate[i]);
    }
    return s / truth.length;
  }
}
