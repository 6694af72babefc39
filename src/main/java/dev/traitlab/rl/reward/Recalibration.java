package dev.traitlab.rl.reward;

/**
 * Post-hoc recalibration of a reward model's scale, as Gao, Schulman and Hilton (2022, section 2)
 * recalibrate their proxies: the factor s that makes sigmoid(s (r_a - r_b)) best match the soft
 * label sigmoid(g_a - g_b) of the gold reward g on held-out pairs, by cross-entropy. The loss is
 * convex in s, so a golden-section search over [0, maxScale] finds it.
 */
public final class Recalibration {
  /** The largest scale searched. */
  public static final double MAX_SCALE = 1000;

  private Recalibration() {}

  /**
   * The scale minimising mean cross-entropy of sigmoid(s * margins[i]) against the soft labels
   * sigmoid(goldMargins[i]).
   */
  public static double scale(double[] margins, double[] goldMargins) {
    if (margins.length != goldMargins.length || margins.length == 0) {
      throw new IllegalArgumentException(
          "need as many gold margins as proxy margins (at least one), got "
              + margins.length
              + " and "
              + goldMargins.length);
    }
    double lo = 0;
    double hi = MAX_SCALE;
    double phi = (Math.sqrt(5) - 1) / 2;
    for (int it = 0; it < 200 && hi - lo > 1e-9 * (1 + hi); it++) {
      double a = hi - phi * (hi - lo);
      double b = lo + phi * (hi - lo);
      if (crossEntropy(a, margins, goldMargins) <= crossEntropy(b, margins, goldMargins)) {
        hi = b;
      } else {
        lo = a;
      }
    }
    return (lo + hi) / 2;
  }

  /** Mean cross-entropy (nats) of the scaled proxy's pair probabilities against the soft labels. */
  public static double crossEntropy(double scale, double[] margins, double[] goldMargins) {
    double sum = 0;
    for (int i = 0; i < margins.length; i++) {
      double p = BradleyTerry.sigmoid(goldMargins[i]);
      double m = scale * margins[i];
      // -(p ln sigmoid(m) + (1 - p) ln sigmoid(-m)) = p softplus(-m) + (1 - p) softplus(m)
      sum += p * BradleyTerry.softplus(-m) + (1 - p) * BradleyTerry.softplus(m);
    }
    return sum / margins.length;
  }
}
