package dev.traitlab.eval.metrics;

import dev.traitlab.eval.task.CalibrationCurve;
import dev.traitlab.eval.task.Metric;
import dev.traitlab.eval.task.MetricValue;
import dev.traitlab.eval.task.SampleResult;
import dev.traitlab.stats.Bootstrap;
import dev.traitlab.stats.Interval;
import java.util.List;

/**
 * ECE, MAD (equal-width bins, or equal-count bins as CalibratedMath's paper bins: {@link
 * Kind#MAD_EQUAL_MASS}) or MSE of a per-sample confidence score against a per-sample 0/1
 * correctness score, over samples where both exist, with a seeded bootstrap interval.
 */
public record CalibrationMetric(
    String name, Kind kind, String confidenceKey, String correctKey, int bins)
    implements Metric, CalibrationCurve.Source {

  /** Which calibration statistic. */
  public enum Kind {
    ECE,
    MAD,
    MSE,
    /** CalibratedMath's MAD over equal-count bins ({@link Calibration#equalMassBins}). */
    MAD_EQUAL_MASS
  }

  @Override
  public MetricValue compute(List<SampleResult> results) {
    double[][] rows = rows(results);
    if (rows.length == 0) {
      return new MetricValue(name, Double.NaN, Double.NaN, Double.NaN, 0, "none");
    }
    double value = statistic(rows);
    Interval ci = Bootstrap.percentile(rows, this::statistic, name.hashCode());
    return new MetricValue(name, value, ci.lower(), ci.upper(), rows.length, "bootstrap");
  }

  /** The reliability diagram of the confidences (drawn once per confidence, with the ECE). */
  @Override
  public CalibrationCurve curve(List<SampleResult> results) {
    double[][] rows = rows(results);
    double[] conf = new double[rows.length];
    double[] correct = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      conf[i] = rows[i][0];
      correct[i] = rows[i][1];
    }
    List<Calibration.Bin> drawn =
        kind == Kind.MAD_EQUAL_MASS
            ? Calibration.equalMassBins(conf, correct, bins)
            : Calibration.bins(conf, correct, bins);
    List<CalibrationCurve.Point> points =
        drawn.stream()
            .map(
                b ->
                    new CalibrationCurve.Point(
                        b.from(), b.to(), b.count(), b.meanConfidence(), b.accuracy()))
            .toList();
    return new CalibrationCurve(confidenceKey, points);
  }

  @Override
  public String curveName() {
    return confidenceKey;
  }

  private double[][] rows(List<SampleResult> results) {
    return results.stream()
        .map(r -> new double[] {r.score(confidenceKey), r.score(correctKey)})
        .filter(p -> !Double.isNaN(p[0]) && !Double.isNaN(p[1]))
        .toArray(double[][]::new);
  }

  private double statistic(double[][] rows) {
    double[] conf = new double[rows.length];
    double[] correct = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      conf[i] = rows[i][0];
      correct[i] = rows[i][1];
    }
    return switch (kind) {
      case ECE -> Calibration.expectedCalibrationError(conf, correct, bins);
      case MAD -> Calibration.meanAbsoluteDeviation(conf, correct, bins);
      case MSE -> Calibration.meanSquaredError(conf, correct);
      case MAD_EQUAL_MASS -> Calibration.meanAbsoluteDeviationEqualMass(conf, correct, bins);
    };
  }
}
