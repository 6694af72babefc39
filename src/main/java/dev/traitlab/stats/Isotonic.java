package dev.traitlab.stats;

/**
 * Isotonic regression: the non-decreasing sequence closest to y in squared error, by the pool
 * adjacent violators algorithm (Ayer et al. 1955). Used to make noisy learning curves monotone
 * before they are inverted; unlike a running maximum it does not ratchet up on noise.
 */
public final class Isotonic {
  private Isotonic() {}

  /**
   * The least-squares non-decreasing fit to y (equal weights), same length.
   *
   * @throws IllegalArgumentException on a value that is not finite
   */
  public static double[] increasing(double[] y) {
    int n = y.length;
    double[] sum = new double[n];
    int[] count = new int[n];
    int blocks = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(y[i])) {
        throw new IllegalArgumentException("value " + i + " is " + y[i]);
      }
      sum[blocks] = y[i];
      count[blocks] = 1;
      blocks++;
      // Pool the last two blocks while their means are out of order.
      while (blocks > 1
          && sum[blocks - 2] / count[blocks - 2] > sum[blocks - 1] / count[blocks - 1]) {
        sum[blocks - 2] += sum[blocks - 1];
        count[blocks - 2] += count[blocks - 1];
        blocks--;
      }
    }
    double[] out = new double[n];
    for (int b = 0, i = 0; b < blocks; b++) {
      double mean = sum[b] / count[b];
      for (int k = 0; k < count[b]; k++) {
        out[i++] = mean;
      }
    }
    return out;
  }
}
