package dev.traitlab.rl.lm;

/**
 * The coefficient beta of the per-token KL penalty. Fixed, or adaptive as in Ziegler et al. 2019
 * (arXiv:1909.08593, section 2.2) and TRL's {@code AdaptiveKLController}: after each step with
 * observed KL (nats per sequence, mean over the batch) over {@code n} rollouts,
 *
 * <pre>
 * e    = clip(KL / target - 1, -0.2, 0.2)
 * beta = beta (1 + e n / horizon)
 * </pre>
 *
 * so beta grows while the policy drifts past the target and shrinks while it stays inside.
 */
public final class KlController {
  private final boolean adaptive;
  private final double target;
  private final double horizon;
  private double beta;

  private KlController(double beta, boolean adaptive, double target, double horizon) {
    if (!(beta >= 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("the KL coefficient must be finite and >= 0, got " + beta);
    }
    if (adaptive && (!(target > 0) || !(horizon > 0))) {
      throw new IllegalArgumentException(
          "adaptive KL control needs a target > 0 and a horizon > 0, got "
              + target
              + " and "
              + horizon);
    }
    this.beta = beta;
    this.adaptive = adaptive;
    this.target = target;
    this.horizon = horizon;
  }

  /** A constant beta (0: no penalty). */
  public static KlController fixed(double beta) {
    return new KlController(beta, false, Double.NaN, Double.NaN);
  }

  /**
   * Ziegler et al.'s controller from {@code initial}, towards {@code target} nats per sequence,
   * over {@code horizon} rollouts (they used 10,000; TRL's default target is 6 nats).
   */
  public static KlController adaptive(double initial, double target, double horizon) {
    return new KlController(initial, true, target, horizon);
  }

  public double beta() {
    return beta;
  }

  public boolean isAdaptive() {
    return adaptive;
  }

  /** Updates beta after a step whose {@code rollouts} sequences had mean KL {@code kl} nats. */
  public void update(double kl, int rollouts) {
    if (!adaptive) {
      return;
    }
    double error = Math.max(-0.2, Math.min(0.2, kl / target - 1));
    beta *= 1 + error * rollouts / horizon;
  }
}
