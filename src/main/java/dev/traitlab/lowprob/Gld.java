package dev.traitlab.lowprob;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Gaussian logit difference (GLD, Wu and Hilton 2024, section 4.2), the activation-extrapolation
 * baseline: fit a normal distribution N(mu, sigma) to the target logit minus the largest logit over
 * sampled activations, and report Pr[N(mu, sigma) > 0].
 */
public final class Gld {
  private Gld() {}

  /**
   * The estimate for one target.
   *
   * @param unembedding [hidden][vocab]
   */
  public static double estimate(float[][] unembedding, ActivationSample sample, int target) {
    int n = sample.size();
    double[] diff = new double[n];
    for (int i = 0; i < n; i++) {
      float[] h = sample.hidden()[i];
      diff[i] = logit(unembedding, h, target) - logit(unembedding, h, sample.argmax()[i]);
    }
    return fromDifferences(diff);
  }

  /** Pr[N(mu, sigma) > 0] for the mean and sample standard deviation of the differences. */
  public static double fromDifferences(double[] diff) {
    int n = diff.length;
    if (n < 2) {
      throw new IllegalArgumentException("GLD needs at least two samples");
    }
    double mean = 0;
    for (double d : diff) {
      mean += d;
    }
    mean /= n;
    double ss = 0;
    for (double d : diff) {
      ss += (d - mean) * (d - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    if (sd == 0) {
      return mean >= 0 ? 1 : 0;
    }
    // Upper tail of N(mean, sd) at 0, computed as the lower tail at -mean for accuracy far out.
    return new NormalDistribution(0, 1).cumulativeProbability(mean / sd);
  }

  static double logit(float[][] unembedding, float[] h, int token) {
    double s = 0;
    for (int k = 0; k < h.length; k++) {
      s += h[k] * unembedding[k][token];
    }
    return s;
  }
}
