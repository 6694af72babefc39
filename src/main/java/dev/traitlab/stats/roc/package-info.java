/**
 * Detection statistics of a score that should rank positives above negatives (a probe or monitor on
 * activations, an out-of-distribution detector): the ROC curve and its area with ties counted as
 * half ({@link dev.traitlab.stats.roc.RocCurve}), the threshold that keeps the false-positive rate
 * on benign inputs at or below a target, and recall at that fixed false-positive rate with Wilson's
 * interval ({@link dev.traitlab.stats.roc.RecallAtFpr}). An input is flagged when its score is
 * strictly above the threshold.
 *
 * <p>May import {@code dev.traitlab.core}, {@code dev.traitlab.stats} and commons-math3.
 */
package dev.traitlab.stats.roc;
