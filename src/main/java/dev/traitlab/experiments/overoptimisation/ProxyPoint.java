package dev.traitlab.experiments.overoptimisation;

import java.util.List;

/**
 * One proxy size at one data size, every seed: a cached stage.
 *
 * @param width hidden width of the proxy heads (0: linear)
 * @param comparisons training comparisons per head
 * @param parameters parameters of one head
 * @param seeds one per seed, in order
 * @param seconds wall time of training and measuring
 */
public record ProxyPoint(
    int width, int comparisons, long parameters, List<SeedCurve> seeds, double seconds) {

  public ProxyPoint {
    seeds = List.copyOf(seeds);
  }

  /**
   * One proxy's quality and its best-of-n curves, averaged over the prompts.
   *
   * @param heldOutAccuracy share of held-out comparisons the proxy orders as the gold does (ties:
   *     half)
   * @param heldOutLoss Bradley-Terry loss on the held-out comparisons before recalibration (nats;
   *     ln 2 = chance)
   * @param scale the recalibration factor applied to the proxy's scores
   * @param calibratedLoss cross-entropy against the gold soft labels after recalibration (nats)
   * @param gold expected gold reward of best-of-n at each n of the result's grid, in gold SDs of
   *     the base policy relative to its mean
   * @param proxy expected (recalibrated) proxy reward at each n, relative to the base policy's mean
   */
  public record SeedCurve(
      double heldOutAccuracy,
      double heldOutLoss,
      double scale,
      double calibratedLoss,
      double[] gold,
      double[] proxy) {}
}
