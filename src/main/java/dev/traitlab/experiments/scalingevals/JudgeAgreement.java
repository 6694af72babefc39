package dev.traitlab.experiments.scalingevals;

import dev.traitlab.eval.task.MetricValue;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.Wilson;
import java.util.List;

/**
 * A binary judge's agreement with ground-truth labels, counted as a confusion table with "true" the
 * positive class: {@code truePositives} true answers called true, {@code falseNegatives} true
 * answers called false, {@code trueNegatives} false answers called false, {@code falsePositives}
 * false answers called true.
 *
 * <p>Accuracy alone misleads when one class dominates (7 of a question's 8 value sentences are
 * false: a judge that calls everything false scores 0.875), so the per-class rates and their mean,
 * the balanced accuracy, are reported beside it (Brodersen et al. 2010).
 */
record JudgeAgreement(
    int truePositives, int falseNegatives, int trueNegatives, int falsePositives) {

  JudgeAgreement {
    if (truePositives < 0 || falseNegatives < 0 || trueNegatives < 0 || falsePositives < 0) {
      throw new IllegalArgumentException("judge agreement: counts must be >= 0");
    }
  }

  /**
   * Counts verdicts against labels, element by element.
   *
   * @throws IllegalArgumentException when the arrays differ in length
   */
  static JudgeAgreement of(boolean[] verdicts, boolean[] labels) {
    if (verdicts.length != labels.length) {
      throw new IllegalArgumentException(
          "judge agreement: " + verdicts.length + " verdicts for " + labels.length + " labels");
    }
    int tp = 0;
    int fn = 0;
    int tn = 0;
    int fp = 0;
    for (int i = 0; i < verdicts.length; i++) {
      if (labels[i]) {
        tp += verdicts[i] ? 1 : 0;
        fn += verdicts[i] ? 0 : 1;
      } else {
        tn += verdicts[i] ? 0 : 1;
        fp += verdicts[i] ? 1 : 0;
      }
    }
    return new JudgeAgreement(tp, fn, tn, fp);
  }

  int n() {
    return truePositives + falseNegatives + trueNegatives + falsePositives;
  }

  /**
   * The metrics, each named {@code prefix + "_" + metric}: accuracy and the two per-class rates
   * (on_true: true answers called true; on_false: false answers called false) with Wilson 95%
   * intervals, and balanced accuracy (their mean; NaN when a class is absent) with the mean of the
   * two rates' Wilson bounds as a conservative interval (method "wilson-mean").
   */
  List<MetricValue> metrics(String prefix) {
    MetricValue acc = rate(prefix + "_accuracy", truePositives + trueNegatives, n());
    MetricValue onTrue = rate(prefix + "_on_true", truePositives, truePositives + falseNegatives);
    MetricValue onFalse = rate(prefix + "_on_false", trueNegatives, trueNegatives + falsePositives);
    MetricValue balanced =
        new MetricValue(
            prefix + "_balanced",
            (onTrue.value() + onFalse.value()) / 2,
            (onTrue.low() + onFalse.low()) / 2,
            (onTrue.high() + onFalse.high()) / 2,
            n(),
            "wilson-mean");
    return List.of(acc, onTrue, onFalse, balanced);
  }

  /** k of n as a rate with its Wilson 95% interval (NaN with n = 0). */
  static MetricValue rate(String name, int k, int n) {
    if (n == 0) {
      return new MetricValue(name, Double.NaN, Double.NaN, Double.NaN, 0, "wilson");
    }
    Interval w = Wilson.interval(k, n);
    return new MetricValue(name, (double) k / n, w.lower(), w.upper(), n, "wilson");
  }
}
