package dev.traitlab.experiments.heuristicestimators;

import dev.traitlab.lab.stages.Stages;
import java.util.List;

/**
 * Every property check, the points of the report's curves, and the stages.
 *
 * @param checks each property of each estimator on each family, with its 95% interval
 * @param curves the points of the report's figures
 */
public record HeuristicEstimatorsResult(
    HeuristicEstimatorsConfig config,
    List<Check> checks,
    List<CurvePoint> curves,
    List<Stages.StageRecord> stages) {

  /**
   * One property of one estimator, measured over a distribution of expressions: a violation (zero
   * when the property holds) with its 95% interval, and the value theory gives where there is one.
   *
   * @param family the expressions: {@code relu-network}, {@code sample-sum}, {@code 3-sat}, {@code
   *     gaussian-product}
   * @param property {@code accuracy}, {@code iterated estimation}, {@code error orthogonality}
   * @param estimator the estimator checked, e.g. {@code G2 (covariances)}
   * @param against what it is checked against: the coarser estimate, the feature, the
   *     sub-distribution
   * @param statistic what {@code value} is, in words (the violation's definition and units)
   * @param value the measured violation
   * @param lower 95% interval, lower bound (bootstrap over expressions, or Student t)
   * @param upper and upper bound
   * @param closedForm the value theory predicts (NaN where none)
   * @param expressions how many expressions the value is over
   * @param tolerance rounding error allowed around zero: positive only for values that are exact up
   *     to floating point (the literal checks), where an interval of width 1e-14 is no evidence
   */
  public record Check(
      String family,
      String property,
      String estimator,
      String against,
      String statistic,
      double value,
      double lower,
      double upper,
      double closedForm,
      int expressions,
      double tolerance) {

    /** Whether the interval, widened by the tolerance, contains zero (the property holds). */
    public boolean consistentWithZero() {
      return lower - tolerance <= 0 && upper + tolerance >= 0;
    }
  }

  /** A point of a figure: a series' value at x with its 95% interval, over n expressions. */
  public record CurvePoint(
      String figure, String series, double x, double value, double lower, double upper, int n) {}
}
