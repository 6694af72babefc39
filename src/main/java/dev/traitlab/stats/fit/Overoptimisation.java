package dev.traitlab.stats.fit;

import java.util.List;

/**
 * The functional forms of reward-model overoptimisation (Gao, Schulman and Hilton, "Scaling Laws
 * for Reward Model Overoptimization", ICML 2023, arXiv:2210.10760): the gold reward of a policy
 * optimised against a proxy reward model, as a function of d = sqrt(KL(pi || pi_init)) in
 * sqrt(nats), with the gold reward measured relative to the initial policy (so R(0) = 0).
 *
 * <ul>
 *   <li>best-of-n: R_bon(d) = d (alpha - beta d), peak at d = alpha / (2 beta);
 *   <li>reinforcement learning: R_RL(d) = d (alpha - beta ln d), peak at d = exp(alpha / beta - 1).
 * </ul>
 *
 * Both are linear in (alpha, beta); they are fitted with {@link NonlinearFit} from the line through
 * (d, R / d) (against d, or ln d), so that standard errors and R^2 come out as for any other curve.
 */
public final class Overoptimisation {

  /** R_bon(d) = d (alpha - beta d); alpha in reward units per sqrt(nat), beta per nat. */
  public static final CurveModel BEST_OF_N =
      CurveModel.of(
          "d * (alpha - beta * d)",
          List.of("alpha", "beta"),
          (d, theta) -> d * (theta[0] - theta[1] * d),
          (d, theta) -> new double[] {d, -d * d});

  /** R_RL(d) = d (alpha - beta ln d), taken as 0 at d = 0 (its limit). */
  public static final CurveModel RL =
      CurveModel.of(
          "d * (alpha - beta * ln d)",
          List.of("alpha", "beta"),
          (d, theta) -> d == 0 ? 0 : d * (theta[0] - theta[1] * Math.log(d)),
          (d, theta) -> new double[] {d, d == 0 ? 0 : -d * Math.log(d)});

  private Overoptimisation() {}

  /** Where the fitted gold reward peaks, and its value there. */
  public record Peak(double distance, double reward) {}

  /** Fits R_bon to gold rewards {@code reward} at distances {@code d} (all d >= 0). */
  public static CurveFit fitBestOfN(double[] d, double[] reward) {
    return fit(BEST_OF_N, d, reward, false);
  }

  /** Fits R_RL to gold rewards {@code reward} at distances {@code d} (all d >= 0). */
  public static CurveFit fitRl(double[] d, double[] reward) {
    return fit(RL, d, reward, true);
  }

  /** The peak of a fitted R_bon; infinite distance (and reward) when beta <= 0. */
  public static Peak bestOfNPeak(CurveFit fit) {
    double alpha = fit.value("alpha");
    double beta = fit.value("beta");
    if (beta <= 0) {
      return new Peak(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
    return new Peak(alpha / (2 * beta), alpha * alpha / (4 * beta));
  }

  /** The peak of a fitted R_RL (where alpha - beta ln d = beta); infinite when beta <= 0. */
  public static Peak rlPeak(CurveFit fit) {
    double alpha = fit.value("alpha");
    double beta = fit.value("beta");
    if (beta <= 0) {
      return new Peak(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
    double d = Math.exp(alpha / beta - 1);
    return new Peak(d, beta * d);
  }

  /**
   * d = sqrt(KL) of best-of-n sampling against the base policy, with the analytic KL = ln n - (n -
   * 1) / n that the paper uses (an upper bound on the true KL).
   */
  public static double bestOfNDistance(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("best-of-n needs n >= 1, got " + n);
    }
    return Math.sqrt(Math.log(n) - (n - 1.0) / n);
  }

  private static CurveFit fit(CurveModel model, double[] d, double[] reward, boolean logD) {
    Curves.checkPoints(d, reward, 2);
    int positive = 0;
    for (double v : d) {
      if (v < 0) {
        throw new IllegalArgumentException("d = sqrt(KL) cannot be negative, got " + v);
      }
      positive += v > 0 ? 1 : 0;
    }
    double[] u = new double[positive];
    double[] perD = new double[positive];
    for (int i = 0, k = 0; i < d.length; i++) {
      if (d[i] > 0) {
        u[k] = logD ? Math.log(d[i]) : d[i];
        perD[k++] = reward[i] / d[i];
      }
    }
    LineFit start = LineFit.of(u, perD);
    return NonlinearFit.fit(model, d, reward, start.intercept(), -start.slope());
  }
}
