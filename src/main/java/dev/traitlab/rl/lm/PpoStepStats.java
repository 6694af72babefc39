package dev.traitlab.rl.lm;

/**
 * The diagnostics of one PPO step on a language model, as TRL logs them. Rollout figures are means
 * over the step's sequences (or tokens, where said) before the update; update figures are means
 * over its minibatches and epochs.
 *
 * @param step 1-based step number
 * @param beta the KL coefficient the step's rewards used
 * @param score mean reward-model score (after the reward scale)
 * @param kl mean over sequences of sum_t ln pi/pi_ref (nats per sequence)
 * @param nonScoreReward mean over sequences of the summed KL penalty -beta sum_t ln pi/pi_ref
 * @param entropy mean per-token entropy of the policy on its responses (nats)
 * @param responseLength mean response length in tokens (the end-of-turn token included)
 * @param policyLoss the clipped surrogate loss
 * @param valueLoss 0.5 (V - R)^2
 * @param clipFraction share of tokens whose ratio left [1 - eps, 1 + eps]
 * @param approxKl the k3 estimate of KL(old || new) per token, how far one step moved the policy
 * @param explainedVariance 1 - Var(R - V) / Var(R) of the value targets by the rollout's values
 * @param seconds wall time of the step
 */
public record PpoStepStats(
    int step,
    double beta,
    double score,
    double kl,
    double nonScoreReward,
    double entropy,
    double responseLength,
    double policyLoss,
    double valueLoss,
    double clipFraction,
    double approxKl,
    double explainedVariance,
    double seconds) {

  /** 1 - Var(returns - values) / Var(returns); NaN when the returns do not vary. */
  public static double explainedVariance(double[] returns, double[] values) {
    if (returns.length != values.length || returns.length < 2) {
      throw new IllegalArgumentException(
          "explained variance needs >= 2 paired values, got "
              + returns.length
              + " and "
              + values.length);
    }
    double varReturns = variance(returns, null);
    return varReturns == 0 ? Double.NaN : 1 - variance(returns, values) / varReturns;
  }

  private static double variance(double[] a, double[] minus) {
    double mean = 0;
    for (int i = 0; i < a.length; i++) {
      mean += a[i] - (minus == null ? 0 : minus[i]);
    }
    mean /= a.length;
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - (minus == null ? 0 : minus[i]) - mean;
      s += d * d;
    }
    return s / a.length;
  }
}
