package dev.traitlab.rl.ppo;

/**
 * Hyperparameters of proximal policy optimisation (Schulman, Wolski, Dhariwal, Radford and Klimov
 * 2017, arXiv:1707.06347) with GAE; defaults as in common PPO implementations for small control
 * tasks.
 *
 * @param gamma discount rate in [0, 1]; the horizon the learner attends to is about 1/(1 - gamma)
 * @param lambda GAE's lambda in [0, 1]
 * @param clip epsilon of the clipped ratio, > 0
 * @param epochs passes over each rollout, >= 1
 * @param minibatches minibatches per pass (each model's samples split evenly), >= 1
 * @param steps rollout length per environment copy, >= 1
 * @param learningRate Adam's step size, > 0
 * @param valueCoefficient weight of the value loss 0.5 (V - R)^2, >= 0
 * @param entropyCoefficient weight of the entropy bonus, >= 0
 * @param normaliseAdvantages whether each model's advantages are standardised per minibatch
 * @param rewardScale rewards are multiplied by this before GAE (1 - gamma keeps a continuing task's
 *     value targets near the per-step reward), > 0
 */
public record PpoSettings(
    double gamma,
    double lambda,
    double clip,
    int epochs,
    int minibatches,
    int steps,
    double learningRate,
    double valueCoefficient,
    double entropyCoefficient,
    boolean normaliseAdvantages,
    double rewardScale) {

  public PpoSettings {
    if (!(gamma >= 0 && gamma <= 1)) {
      throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
    }
    if (!(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException("GAE lambda must be in [0, 1], got " + lambda);
    }
    if (!(clip > 0)) {
      throw new IllegalArgumentException("the clip range must be > 0, got " + clip);
    }
    if (epochs < 1 || minibatches < 1 || steps < 1) {
      throw new IllegalArgumentException(
          "epochs, minibatches and steps must be >= 1, got "
              + epochs
              + ", "
              + minibatches
              + ", "
              + steps);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("the learning rate must be > 0, got " + learningRate);
    }
    if (!(valueCoefficient >= 0) || !(entropyCoefficient >= 0)) {
      throw new IllegalArgumentException(
          "value and entropy coefficients must be >= 0, got "
              + valueCoefficient
              + " and "
              + entropyCoefficient);
    }
    if (!(rewardScale > 0)) {
      throw new IllegalArgumentException("the reward scale must be > 0, got " + rewardScale);
    }
  }

  /** gamma 0.99, lambda 0.95, clip 0.2, 4 epochs of 4 minibatches, 128 steps, Adam 3e-4. */
  public static PpoSettings defaults() {
    return new PpoSettings(0.99, 0.95, 0.2, 4, 4, 128, 3e-4, 0.5, 0.01, true, 1);
  }

  public PpoSettings withGamma(double g) {
    return new PpoSettings(
        g,
        lambda,
        clip,
        epochs,
        minibatches,
        steps,
        learningRate,
        valueCoefficient,
        entropyCoefficient,
        normaliseAdvantages,
        rewardScale);
  }

  /**
   * Training FLOPs per environment interaction of a policy whose forward pass costs {@code
   * forwardFlops}: one forward pass to act, then per epoch a forward and a backward pass (counted
   * as twice a forward) on every sample.
   */
  public double flopsPerInteraction(double forwardFlops) {
    return forwardFlops * (1 + 3.0 * epochs);
  }
}
