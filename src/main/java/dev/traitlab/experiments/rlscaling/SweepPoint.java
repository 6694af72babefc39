package dev.traitlab.experiments.rlscaling;

import java.util.List;

/**
 * One sweep point: every width and seed trained at one horizon, as one stacked computation (a
 * cached stage).
 *
 * @param horizon h
 * @param gamma the discount rate 1 - 1/h
 * @param runs one per (width, seed), widths in the config's order, seeds within each
 * @param seconds wall time of the training
 */
public record SweepPoint(int horizon, double gamma, List<Run> runs, double seconds) {

  /**
   * One run's learning curve and its PPO diagnostics at each measurement.
   *
   * @param width hidden width
   * @param seedIndex which of the config's seeds
   * @param parameters N, weights and biases of the policy (value unit included)
   * @param flopsPerInteraction training FLOPs per environment step: 2N for the acting forward pass,
   *     then 6N per epoch (forward and backward)
   * @param interactions environment steps at each measurement
   * @param returns expected reward per step of the stochastic policy on the held-out images (mean
   *     probability of the right label): the return per step of this continuing task
   * @param trainReward mean reward per step in the update's rollout
   * @param approxKl the update's mean approximate KL (nats)
   * @param entropy the update's mean policy entropy (nats)
   * @param clipFraction the update's mean clip fraction
   * @param valueLoss the update's mean value loss
   * @param explainedVariance the rollout's explained variance before the update
   */
  public record Run(
      int width,
      int seedIndex,
      long parameters,
      double flopsPerInteraction,
      long[] interactions,
      double[] returns,
      double[] trainReward,
      double[] approxKl,
      double[] entropy,
      double[] clipFraction,
      double[] valueLoss,
      double[] explainedVariance) {}
}
