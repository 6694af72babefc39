package dev.traitlab.lowprob;

import java.util.function.DoubleConsumer;

/**
 * The exact probability of every argmax output under an input distribution, by enumerating its
 * whole support: each input's probability (the product of its tokens' probabilities) is added to
 * the bin of the token the model puts first. What brute-force sampling estimates, without its
 * variance, for distributions small enough to enumerate.
 */
public final class ExactProbabilities {
  /** Largest support enumerated (2^28 inputs). */
  public static final double MAX_SUPPORT = 1 << 28;

  private ExactProbabilities() {}

  /**
   * Probability of each token as the argmax, [vocabSize]; sums to 1 up to rounding.
   *
   * @param batch rows per model call
   * @param progress told the fraction done after each batch (may be null)
   * @throws IllegalArgumentException when the support exceeds {@link #MAX_SUPPORT}
   */
  public static double[] compute(
      ArgmaxModel model, InputDistribution dist, int batch, DoubleConsumer progress) {
    double support = dist.supportSize();
    if (support > MAX_SUPPORT) {
      throw new IllegalArgumentException(
          String.format(
              "distribution %s has %.3g inputs, more than %.0f can be enumerated",
              dist.name(), support, MAX_SUPPORT));
    }
    long total = (long) support;
    int t = dist.length();
    double[] out = new double[model.vocabSize()];
    int[] digit = new int[t];
    for (long done = 0; done < total; ) {
      int n = (int) Math.min(batch, total - done);
      int[][] rows = new int[n][t];
      double[] weight = new double[n];
      for (int r = 0; r < n; r++) {
        double w = 1;
        for (int p = 0; p < t; p++) {
          TokenDistribution d = dist.at(p);
          rows[r][p] = d.tokens()[digit[p]];
          w *= d.probabilities()[digit[p]];
        }
        weight[r] = w;
        // Mixed-radix increment, last position fastest.
        for (int p = t - 1; p >= 0; p--) {
          if (++digit[p] < dist.at(p).size()) {
            break;
          }
          digit[p] = 0;
        }
      }
      int[] argmax = model.evaluate(rows, null, false, false).argmax();
      for (int r = 0; r < n; r++) {
        out[argmax[r]] += weight[r];
      }
      done += n;
      if (progress != null) {
        progress.accept(done / (double) total);
      }
    }
    return out;
  }
}
