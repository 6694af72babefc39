package dev.traitlab.experiments.rlscaling;

import dev.traitlab.stats.Interval;
import java.util.List;

/**
 * The analysis of one sweep point: learning curves, the compute-efficient frontier, intrinsic
 * performance and the joint power law with bootstrap intervals over seeds.
 *
 * @param horizon h
 * @param gamma 1 - 1/h
 * @param curves one per width
 * @param frontier the frontier's return range and its points at a grid of returns
 * @param points the (N, E, I) points the law was fitted to
 * @param alphaN the exponent of N
 * @param alphaE the exponent of E
 * @param nC N_c (parameters)
 * @param eC E_c (environment interactions)
 * @param beta alpha_N alpha_E / (alpha_N + alpha_E)
 * @param optimalSizeExponent alpha_E / (alpha_N + alpha_E): N_opt ~ C^this
 * @param empiricalSizeExponent slope of ln N against ln C along the frontier: for returns on a
 *     grid, the size that reaches each with the least compute against that compute (a direct,
 *     coarse check on optimalSizeExponent, sizes being discrete; t interval, which treats the grid
 *     as independent points and so is too narrow; NaN with no interval when one width holds the
 *     whole settled frontier)
 * @param rSquared the law's R^2 on ln I
 * @param residualSd the residual SD of ln I
 * @param replicates bootstrap replicates drawn
 * @param failedReplicates replicates where too few points remained or the fit did not converge
 * @param trainingSeconds wall time of the sweep point's training (0 when reused from the cache)
 */
public record HorizonFit(
    int horizon,
    double gamma,
    List<SizeCurve> curves,
    Frontier frontier,
    List<Point> points,
    Estimate alphaN,
    Estimate alphaE,
    Estimate nC,
    Estimate eC,
    Estimate beta,
    Estimate optimalSizeExponent,
    Estimate empiricalSizeExponent,
    double rSquared,
    double residualSd,
    int replicates,
    int failedReplicates,
    double trainingSeconds) {

  /** An estimate and its 95% interval (bootstrap percentile unless said otherwise). */
  public record Estimate(double value, Interval interval) {}

  /**
   * One width's learning curve over seeds.
   *
   * @param parameters N
   * @param flopsPerInteraction training FLOPs per environment step
   * @param interactions E at each measurement
   * @param mean the mean return over seeds
   * @param interval its Student-t 95% interval over seeds
   * @param monotone the isotonic fit to the mean, which the frontier inverts
   * @param finalDiagnostics PPO's diagnostics at the last update, mean over seeds: approx KL,
   *     entropy, clip fraction, value loss, explained variance, training reward per step
   */
  public record SizeCurve(
      int width,
      long parameters,
      double flopsPerInteraction,
      long[] interactions,
      double[] mean,
      List<Interval> interval,
      double[] monotone,
      double[] finalDiagnostics) {}

  /**
   * The frontier: intrinsic performance (compute) at a grid of returns, and which width attains it.
   *
   * @param lowest returns above this are defined (every width's first value is below)
   * @param highest the best return any width reached
   * @param settledUpTo returns up to this are settled and fitted: above it a smaller width trained
   *     past the budget, going on at its final pace, might have reached them more cheaply
   */
  public record Frontier(
      double lowest,
      double highest,
      double settledUpTo,
      double[] returns,
      double[] compute,
      int[] width) {}

  /** A point of the fit: size, interactions, its return and intrinsic performance. */
  public record Point(long n, long e, double returnValue, double intrinsic) {}
}
