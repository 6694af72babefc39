package dev.traitlab.rl;

/**
 * Generalised advantage estimation (Schulman, Moritz, Levine, Jordan and Abbeel 2016,
 * arXiv:1506.02438) over a rollout of T steps in E environments, all arrays indexed [t][e]:
 *
 * <pre>
 * delta_t = r_t + gamma (1 - done_t) V_{t+1} - V_t
 * A_t     = delta_t + gamma lambda (1 - done_t) A_{t+1},   A_T = 0,  V_T = the bootstrap value
 * R_t     = A_t + V_t   (the value target: the lambda-return)
 * </pre>
 *
 * done_t marks a step after which the episode ended, so nothing flows back across it. A truncated
 * episode (a time limit) should not cut the value off: callers add gamma V(final observation) to
 * its last reward before marking it done. lambda = 1 gives the discounted return to go minus V
 * (bootstrapped at the rollout's end); lambda = 0 the one-step TD error.
 */
public final class Gae {
  private Gae() {}

  /** Advantages and value targets, both [T][E]. */
  public record Estimates(double[][] advantages, double[][] returns) {}

  /**
   * @param rewards r_t per step and environment, [T][E]
   * @param values V(s_t) of the observation each step acted on, [T][E]
   * @param bootstrap V of the observation after the last step, [E]
   * @param dones whether the episode ended with step t, [T][E]
   * @throws IllegalArgumentException on mismatched shapes or gamma, lambda outside [0, 1]
   */
  public static Estimates compute(
      double[][] rewards,
      double[][] values,
      double[] bootstrap,
      boolean[][] dones,
      double gamma,
      double lambda) {
    if (!(gamma >= 0 && gamma <= 1) || !(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException(
          "gamma and lambda must be in [0, 1], got " + gamma + " and " + lambda);
    }
    int steps = rewards.length;
    int envs = bootstrap.length;
    if (values.length != steps || dones.length != steps) {
      throw new IllegalArgumentException(
          "rewards, values and dones differ in steps: "
              + steps
              + ", "
              + values.length
              + ", "
              + dones.length);
    }
    double[][] advantages = new double[steps][envs];
    double[][] returns = new double[steps][envs];
    for (int t = 0; t < steps; t++) {
      if (rewards[t].length != envs || values[t].length != envs || dones[t].length != envs) {
        throw new IllegalArgumentException(
            "step " + t + " does not hold " + envs + " environments in every array");
      }
    }
    for (int e = 0; e < envs; e++) {
      double next = bootstrap[e];
      double running = 0;
      for (int t = steps - 1; t >= 0; t--) {
        double keep = dones[t][e] ? 0 : 1;
        double delta = rewards[t][e] + gamma * keep * next - values[t][e];
        running = delta + gamma * lambda * keep * running;
        advantages[t][e] = running;
        returns[t][e] = running + values[t][e];
        next = values[t][e];
      }
    }
    return new Estimates(advantages, returns);
  }
}
