package dev.traitlab.experiments.rlscaling;

import java.util.List;

/**
 * The law fitted to every horizon at once with the exponents shared and one (N_c, E_c) per horizon:
 * the paper's "the horizon changes the coefficient, not the exponent" as a model nested in the
 * separate fits ({@link dev.traitlab.stats.fit.ScalingLaw#sharedModel}). Intervals come from the
 * same bootstrap replicates as the separate fits (replicate b of every horizon fitted together).
 *
 * @param alphaN the shared exponent of N
 * @param alphaE the shared exponent of E
 * @param optimalSizeExponent alpha_E / (alpha_N + alpha_E)
 * @param horizons per horizon, its coefficients and their ratios to the first horizon's
 * @param ecLine E_c(h) / E_c(first h) = intercept + slope h across the horizons: [intercept, slope]
 *     (the author's description: the samples needed are a part inherent to the task plus a part
 *     proportional to h; unit-free, as the ratios are)
 * @param rss residual sum of squares of ln I under the shared exponents
 * @param separateRss the separate fits' residual sums of squares, added
 * @param points points fitted (all horizons)
 * @param failedReplicates replicates where a horizon's resample or the joint fit failed
 */
public record SharedFit(
    HorizonFit.Estimate alphaN,
    HorizonFit.Estimate alphaE,
    HorizonFit.Estimate optimalSizeExponent,
    List<Coefficients> horizons,
    List<HorizonFit.Estimate> ecLine,
    double rss,
    double separateRss,
    int points,
    int failedReplicates) {

  /**
   * One horizon's coefficients under the shared exponents.
   *
   * @param nC N_c (parameters; its scale depends on I's unit, FLOPs)
   * @param eC E_c (interactions; likewise)
   * @param ncRatio N_c over the first horizon's (unit-free)
   * @param ecRatio E_c over the first horizon's (unit-free): how many times the interactions the
   *     first horizon needs for the same intrinsic performance when size is not the bottleneck
   */
  public record Coefficients(
      int horizon,
      HorizonFit.Estimate nC,
      HorizonFit.Estimate eC,
      HorizonFit.Estimate ncRatio,
      HorizonFit.Estimate ecRatio) {}
}
