package dev.traitlab.stats.roc;

import dev.traitlab.stats.Interval;
import dev.traitlab.stats.Wilson;

/**
 * Recall at a fixed false-positive rate, as latent-space monitors are reported ("recall at 1%
 * FPR"): the threshold is set on negatives so that at most {@code maxFpr} of them are flagged
 * ({@link RocCurve#thresholdAtFpr}), and recall is the share of positives scored strictly above it,
 * with Wilson's 95% interval.
 *
 * @param maxFpr the false-positive rate the threshold was chosen for
 * @param threshold inputs scoring strictly above it are flagged
 * @param falsePositives negatives flagged, of {@code negatives}
 * @param fpr falsePositives / negatives, on the negatives reported here (at most maxFpr when they
 *     are the ones the threshold was set on; held-out negatives may exceed it)
 * @param detected positives flagged, of {@code positives}
 * @param recall detected / positives
 * @param recallInterval Wilson's 95% interval of the recall
 */
public record RecallAtFpr(
    double maxFpr,
    double threshold,
    int falsePositives,
    int negatives,
    double fpr,
    int detected,
    int positives,
    double recall,
    Interval recallInterval) {

  /** Threshold set on {@code negatives}, recall measured on {@code positives}. */
  public static RecallAtFpr of(double[] negatives, double[] positives, double maxFpr) {
    return at(RocCurve.thresholdAtFpr(negatives, maxFpr), maxFpr, negatives, positives);
  }

  /**
   * Recall and false-positive rate at a threshold set elsewhere (on held-out benign inputs) for
   * {@code maxFpr}.
   */
  public static RecallAtFpr at(
      double threshold, double maxFpr, double[] negatives, double[] positives) {
    if (negatives.length == 0 || positives.length == 0) {
      throw new IllegalArgumentException(
          "need negatives and positives, got " + negatives.length + " and " + positives.length);
    }
    int falsePositives = RocCurve.above(negatives, threshold);
    int detected = RocCurve.above(positives, threshold);
    return new RecallAtFpr(
        maxFpr,
        threshold,
        falsePositives,
        negatives.length,
        (double) falsePositives / negatives.length,
        detected,
        positives.length,
        (double) detected / positives.length,
        Wilson.interval(detected, positives.length));
  }
}
