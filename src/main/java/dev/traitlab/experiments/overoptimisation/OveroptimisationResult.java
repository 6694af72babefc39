package dev.traitlab.experiments.overoptimisation;

import dev.traitlab.lab.stages.Stages;
import dev.traitlab.stats.MeanInterval;
import java.util.List;

/**
 * What a run of {@code overoptimisation} found; {@code traitlab report RUN} rebuilds the report
 * from it.
 *
 * @param config the run's config
 * @param features inputs of every proxy head (2 x the policy's hidden size)
 * @param ns the n grid of best-of-n
 * @param distances d = sqrt(KL_bon) at each n, sqrt(nats)
 * @param pool what the base policy's samples look like
 * @param points every (proxy size, data size), seeds inside
 * @param fits R_bon fitted to each point's gold curves
 * @param stages stage timings and reuse
 * @param ppo every PPO run (proxy cell, KL penalty, seed), empty without the PPO arm
 * @param ppoFits R_RL fitted to each (proxy cell, KL penalty)'s gold gain against d
 */
public record OveroptimisationResult(
    OveroptimisationConfig config,
    int features,
    int[] ns,
    double[] distances,
    PoolSummary pool,
    List<ProxyPoint> points,
    List<PointFit> fits,
    List<Stages.StageRecord> stages,
    List<PpoCurve> ppo,
    List<PpoFit> ppoFits) {

  public OveroptimisationResult {
    points = List.copyOf(points);
    fits = List.copyOf(fits);
    stages = List.copyOf(stages);
    ppo = ppo == null ? List.of() : List.copyOf(ppo);
    ppoFits = ppoFits == null ? List.of() : List.copyOf(ppoFits);
  }

  /**
   * R_RL(d) = d (alpha - beta ln d) fitted per seed to one (proxy cell, KL penalty)'s gold gain
   * over the base policy at its checkpoints (intervals: Student t over seeds).
   *
   * @param klPenalty the fixed per-token KL coefficient
   * @param accuracy held-out accuracy of the proxies
   * @param alpha per-seed alpha_RL (gold SDs per sqrt(nat))
   * @param beta per-seed beta_RL
   * @param rSquared R^2 of one fit to every seed's checkpoints pooled
   * @param seedRSquared R^2 of the per-seed fits
   * @param peakDistance d at the peak of the pooled fit (infinite when beta <= 0)
   * @param finalKl held-out KL after the last step (nats)
   * @param finalGold gold gain after the last step
   * @param peakGold the highest gold gain over each seed's checkpoints
   * @param peakKl the KL at that checkpoint
   * @param finalProxy proxy reward after the last step
   * @param seconds wall time per run
   */
  public record PpoFit(
      int width,
      int comparisons,
      double klPenalty,
      MeanInterval accuracy,
      MeanInterval alpha,
      MeanInterval beta,
      double rSquared,
      MeanInterval seedRSquared,
      double peakDistance,
      MeanInterval finalKl,
      MeanInterval finalGold,
      MeanInterval peakGold,
      MeanInterval peakKl,
      MeanInterval finalProxy,
      MeanInterval seconds) {}

  /**
   * The base policy's best-of-n pool.
   *
   * @param samples answers in the pool (prompts x N)
   * @param distinct distinct (question, answer) pairs among them
   * @param workedShare answers of the form "x op y = v"
   * @param correctShare answers whose number is the right result
   * @param goldMean mean raw gold reward of the pool (the zero of the normalised gold)
   * @param goldSd SD of the raw gold reward (the unit of the normalised gold)
   * @param trainPairs training comparisons available (distinct gold rewards)
   * @param heldOutPairs held-out comparisons
   */
  public record PoolSummary(
      int samples,
      int distinct,
      double workedShare,
      double correctShare,
      double goldMean,
      double goldSd,
      int trainPairs,
      int heldOutPairs) {}

  /**
   * R_bon(d) = d (alpha - beta d) fitted to one point's gold curve per seed (the intervals are over
   * seeds, Student t) and to the seeds' mean curve (R^2, peak).
   *
   * @param accuracy held-out accuracy of the proxies (the t interval clipped to [0, 1])
   * @param alpha per-seed fits' alpha (gold SDs per sqrt(nat))
   * @param beta per-seed fits' beta (gold SDs per nat)
   * @param rSquared R^2 of the fit to the mean curve
   * @param seedRSquared R^2 of the per-seed fits
   * @param peakDistance d at the peak of the mean curve's fit (infinite when beta <= 0)
   * @param bestGold the highest gold reward of each seed's curve over the grid
   * @param goldAtMax gold reward at the largest n
   * @param proxyAtMax proxy reward at the largest n
   */
  public record PointFit(
      int width,
      int comparisons,
      long parameters,
      MeanInterval accuracy,
      MeanInterval alpha,
      MeanInterval beta,
      double rSquared,
      MeanInterval seedRSquared,
      double peakDistance,
      MeanInterval bestGold,
      MeanInterval goldAtMax,
      MeanInterval proxyAtMax) {}
}
