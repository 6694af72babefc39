package dev.traitlab.rl;

import dev.traitlab.stats.fit.Overoptimisation;

/**
 * Best-of-n sampling measured without resampling: the unbiased estimator of Nakano et al.
 * ("WebGPT", 2021, appendix I), used by Gao, Schulman and Hilton (2022) for every n at once from
 * one pool of N samples per prompt, and the analytic KL of best-of-n against the sampling policy
 * (Stiennon et al. 2020, appendix G.3).
 *
 * <p>Sort the pool by the score the policy optimises (the proxy reward), ascending: x_(1) .. x_(N).
 * A random n-subset of the pool, drawn without replacement, has x_(i) as its best element with
 * probability C(i - 1, n - 1) / C(N, n), so the expected value of any other quantity (the gold
 * reward) at the subset's proxy-best is the weighted sum of that quantity over the sorted pool.
 */
public final class BestOfN {
  private BestOfN() {}

  /**
   * The weights w_i = C(i - 1, n - 1) / C(N, n), i = 1..N (index i - 1 of the array): the
   * probability that the i-th lowest of N distinct scores is the maximum of a random n-subset. They
   * sum to 1 and are 0 below i = n. Computed by the ratio w_(i-1) = w_i (i - n) / (i - 1) down from
   * w_N = n / N, so no factorial overflows.
   *
   * @throws IllegalArgumentException unless 1 <= n <= N
   */
  public static double[] weights(int pool, int n) {
    if (n < 1 || n > pool) {
      throw new IllegalArgumentException(
          "best-of-n needs 1 <= n <= pool size, got n = " + n + " of " + pool);
    }
    double[] w = new double[pool];
    w[pool - 1] = (double) n / pool;
    for (int i = pool; i > n; i--) {
      w[i - 2] = w[i - 1] * (i - n) / (i - 1.0);
    }
    return w;
  }

  /**
   * The expected {@code value} at the {@code score}-best of a random n-subset of the pool (n <=
   * pool size). Ties in score are broken by pool index (later wins), as a stable sort gives.
   *
   * @param score what best-of-n maximises, one per pool sample
   * @param value what is measured at the chosen sample (the gold reward, or the score itself)
   */
  public static double expected(double[] score, double[] value, int n) {
    return curve(score, value, new int[] {n})[0];
  }

  /**
   * {@link #expected} at every n of {@code ns}, sorting the pool once.
   *
   * @return one expected value per entry of ns
   */
  public static double[] curve(double[] score, double[] value, int[] ns) {
    if (score.length != value.length) {
      throw new IllegalArgumentException(
          "score and value differ in length: " + score.length + " and " + value.length);
    }
    int[] order = ascending(score);
    double[] out = new double[ns.length];
    for (int k = 0; k < ns.length; k++) {
      double[] w = weights(score.length, ns[k]);
      double sum = 0;
      for (int i = ns[k] - 1; i < order.length; i++) {
        sum += w[i] * value[order[i]];
      }
      out[k] = sum;
    }
    return out;
  }

  /** Pool indices sorted by ascending score, ties by ascending index. */
  public static int[] ascending(double[] score) {
    return java.util.stream.IntStream.range(0, score.length)
        .boxed()
        .sorted((x, y) -> x.equals(y) ? 0 : compare(score, x, y))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  private static int compare(double[] score, int x, int y) {
    int c = Double.compare(score[x], score[y]);
    return c != 0 ? c : Integer.compare(x, y);
  }

  /**
   * KL(best-of-n || base) = ln n - (n - 1) / n nats: exact for a continuous score without ties, an
   * upper bound otherwise (Stiennon et al. 2020, appendix G.3; Gao et al. 2022 use it throughout).
   */
  public static double kl(int n) {
    double d = Overoptimisation.bestOfNDistance(n);
    return d * d;
  }
}
