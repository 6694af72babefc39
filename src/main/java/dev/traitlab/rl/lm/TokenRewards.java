package dev.traitlab.rl.lm;

/**
 * The per-token rewards of RLHF's PPO stage (Ziegler et al. 2019; Stiennon et al. 2020, eq. 2;
 * InstructGPT, Ouyang et al. 2022, eq. 2; TRL's PPO trainer): for a response y_1..y_T,
 *
 * <pre>
 * r_t = -beta (ln pi(y_t | x, y_&lt;t) - ln pi_ref(y_t | x, y_&lt;t))  +  [t = T] R(x, y)
 * </pre>
 *
 * the "k1" estimator of the KL to the reference on every token (its sum over t is an unbiased
 * estimate of KL(pi || pi_ref) for the prompt), and the reward model's score R at the last token.
 */
public final class TokenRewards {
  private TokenRewards() {}

  /**
   * @param logp ln pi of each response token under the policy that sampled it, [T], T >= 1
   * @param refLogp the same under the reference, [T]
   * @param score the sequence's reward-model score
   * @param beta the KL coefficient, >= 0
   * @return r_t, [T]
   * @throws IllegalArgumentException on an empty response or lengths that differ
   */
  public static double[] shape(float[] logp, float[] refLogp, double score, double beta) {
    check(logp, refLogp);
    double[] r = new double[logp.length];
    for (int t = 0; t < r.length; t++) {
      r[t] = -beta * ((double) logp[t] - refLogp[t]);
    }
    r[r.length - 1] += score;
    return r;
  }

  /** Sum over the response of ln pi - ln pi_ref: the sampled estimate of the sequence's KL. */
  public static double sequenceKl(float[] logp, float[] refLogp) {
    check(logp, refLogp);
    double kl = 0;
    for (int t = 0; t < logp.length; t++) {
      kl += (double) logp[t] - refLogp[t];
    }
    return kl;
  }

  private static void check(float[] logp, float[] refLogp) {
    if (logp.length == 0 || logp.length != refLogp.length) {
      throw new IllegalArgumentException(
          "need one reference log-prob per response token (at least one), got "
              + logp.length
              + " and "
              + refLogp.length);
    }
  }
}
