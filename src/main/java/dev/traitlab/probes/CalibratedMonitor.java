package dev.traitlab.probes;

import dev.traitlab.stats.roc.RocCurve;

/**
 * A monitor with its threshold, set on held-out benign inputs so that at most {@code fpr} of them
 * are flagged ({@link RocCurve#thresholdAtFpr}), and the mean and standard deviation of those
 * benign scores, which put every family's score on one scale for an attacker's loss.
 *
 * @param monitor the monitor
 * @param fpr the false-positive rate the threshold was set for
 * @param threshold inputs scoring strictly above it are flagged
 * @param benignMean mean score of the calibration inputs
 * @param benignSd their standard deviation (at least 1e-9)
 */
public record CalibratedMonitor(
    Monitor monitor, double fpr, double threshold, double benignMean, double benignSd) {

  /** Calibrates on the scores of held-out benign inputs (at least 2). */
  public static CalibratedMonitor on(Monitor monitor, ActivationSet benign, double fpr) {
    double[] s = monitor.scores(benign);
    if (s.length < 2) {
      throw new IllegalArgumentException("calibration needs at least 2 benign inputs");
    }
    double mean = 0;
    for (double v : s) {
      mean += v;
    }
    mean /= s.length;
    double var = 0;
    for (double v : s) {
      var += (v - mean) * (v - mean);
    }
    double sd = Math.max(Math.sqrt(var / (s.length - 1)), 1e-9);
    return new CalibratedMonitor(monitor, fpr, RocCurve.thresholdAtFpr(s, fpr), mean, sd);
  }

  /** The score in benign standard deviations from the benign mean. */
  public double standardised(double score) {
    return (score - benignMean) / benignSd;
  }

  /** Whether an input with this score is flagged. */
  public boolean flags(double score) {
    return score > threshold;
  }
}
