package dev.traitlab.rl.reward;

import ai.djl.ndarray.NDArray;
import dev.traitlab.nn.NativeArrays;

/**
 * The K-way ranking loss of InstructGPT's reward model (Ouyang et al. 2022, section 3.5, eq. 1):
 * for a prompt with K ranked answers, every one of the C(K, 2) pairs is a Bradley-Terry comparison
 * and the prompt's loss is
 *
 * <pre>
 * loss = -1 / C(K, 2) * sum over pairs (w better than l) of ln sigmoid(r_w - r_l)
 * </pre>
 *
 * All pairs of a prompt sit in one batch element (one reward per answer, not per pair), which the
 * paper found avoids overfitting to correlated pairs. Tied answers give no pair (the paper drops
 * ties); the normaliser stays C(K, 2). With K = 2 it is {@link BradleyTerry}'s loss.
 */
public final class RankingLoss {
  private RankingLoss() {}

  /**
   * The loss of one prompt.
   *
   * @param rewards the reward model's r for each of the K answers, K >= 2
   * @param quality what ranks the answers (higher is better; equal values tie)
   */
  public static double loss(double[] rewards, double[] quality) {
    check(rewards, quality);
    int k = rewards.length;
    double sum = 0;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        if (quality[i] > quality[j]) {
          sum += BradleyTerry.softplus(rewards[j] - rewards[i]);
        }
      }
    }
    return sum / pairs(k);
  }

  /** d loss / d rewards[i] of {@link #loss(double[], double[])}. */
  public static double[] gradient(double[] rewards, double[] quality) {
    check(rewards, quality);
    int k = rewards.length;
    double[] g = new double[k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        if (quality[i] > quality[j]) {
          double s = BradleyTerry.sigmoid(rewards[j] - rewards[i]) / pairs(k);
          g[i] -= s;
          g[j] += s;
        }
      }
    }
    return g;
  }

  /**
   * The mean loss over prompts, differentiable: {@code rewards} (..., G, K) and {@code better}
   * (..., G, K, K) with better[g, i, j] = 1 where answer i of prompt g ranks above answer j (0
   * otherwise, ties included). Returns shape (...).
   */
  public static NDArray loss(NDArray rewards, NDArray better) {
    int d = rewards.getShape().dimension();
    long k = rewards.getShape().get(d - 1);
    NDArray margins = rewards.expandDims(d).sub(rewards.expandDims(d - 1));
    return BradleyTerry.pairLosses(margins)
        .mul(better)
        .sum(new int[] {d - 1, d})
        .div(NativeArrays.scalar(rewards.getManager(), k * (k - 1) / 2.0))
        .mean(new int[] {d - 2});
  }

  /** The better[i][j] matrix of one prompt: 1 where quality[i] > quality[j]. */
  public static float[][] better(double[] quality) {
    int k = quality.length;
    float[][] b = new float[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        b[i][j] = quality[i] > quality[j] ? 1 : 0;
      }
    }
    return b;
  }

  private static double pairs(int k) {
    return k * (k - 1) / 2.0;
  }

  private static void check(double[] rewards, double[] quality) {
    if (rewards.length < 2 || rewards.length != quality.length) {
      throw new IllegalArgumentException(
          "a ranking needs K >= 2 answers with one quality each, got "
              + rewards.length
              + " rewards and "
              + quality.length
              + " qualities");
    }
  }
}
