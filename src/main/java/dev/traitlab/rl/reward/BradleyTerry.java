package dev.traitlab.rl.reward;

import ai.djl.ndarray.NDArray;
import dev.traitlab.nn.NativeArrays;

/**
 * The Bradley-Terry pairwise loss of reward-model training (Christiano et al. 2017; Stiennon et al.
 * 2020; InstructGPT, Ouyang et al. 2022, eq. 1): with r_w and r_l the rewards of the preferred and
 * the rejected answer, P(w preferred) = sigmoid(r_w - r_l) and the loss is its negative log
 * likelihood, -ln sigmoid(r_w - r_l) = softplus(r_l - r_w), averaged over pairs. Its gradient with
 * respect to r_w is -sigmoid(r_l - r_w) / pairs, the negative of that for r_l.
 */
public final class BradleyTerry {
  private BradleyTerry() {}

  /** Mean loss over pairs (nats); chosen[i] beats rejected[i]. */
  public static double loss(double[] chosen, double[] rejected) {
    check(chosen, rejected);
    double sum = 0;
    for (int i = 0; i < chosen.length; i++) {
      sum += softplus(rejected[i] - chosen[i]);
    }
    return sum / chosen.length;
  }

  /**
   * d loss / d chosen[i] (index 0) and d loss / d rejected[i] (index 1) of the mean loss {@link
   * #loss}.
   */
  public static double[][] gradient(double[] chosen, double[] rejected) {
    check(chosen, rejected);
    int n = chosen.length;
    double[][] g = new double[2][n];
    for (int i = 0; i < n; i++) {
      double s = sigmoid(rejected[i] - chosen[i]) / n;
      g[0][i] = -s;
      g[1][i] = s;
    }
    return g;
  }

  /**
   * The mean loss over the last axis of margins r_w - r_l: shape (..., pairs) to (...), so stacked
   * models (M, pairs) get one loss each. Differentiable (DJL autograd).
   */
  public static NDArray loss(NDArray margins) {
    return pairLosses(margins).mean(new int[] {-1});
  }

  /**
   * Each pair's loss -ln sigmoid(m) = softplus(-m), computed as max(-m, 0) + ln(1 + e^-|m|), which
   * stays finite for margins of any size; same shape as {@code margins}. Differentiable.
   */
  static NDArray pairLosses(NDArray margins) {
    NDArray zero = NativeArrays.scalar(margins.getManager(), 0);
    return margins.neg().maximum(zero).add(margins.abs().neg().exp().add(1).log());
  }

  /** P(first preferred) = sigmoid(margin). */
  public static double probability(double margin) {
    return sigmoid(margin);
  }

  static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  static double sigmoid(double x) {
    return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
  }

  private static void check(double[] chosen, double[] rejected) {
    if (chosen.length != rejected.length || chosen.length == 0) {
      throw new IllegalArgumentException(
          "need as many chosen as rejected rewards (at least one), got "
              + chosen.length
              + " and "
              + rejected.length);
    }
  }
}
