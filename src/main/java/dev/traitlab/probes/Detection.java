package dev.traitlab.probes;

import dev.traitlab.stats.roc.RecallAtFpr;
import dev.traitlab.stats.roc.RocCurve;
import java.util.ArrayList;
import java.util.List;

/**
 * How well a calibrated monitor tells harmful inputs from benign ones it has not seen: recall at
 * its fixed FPR (threshold from the calibration inputs, Wilson's interval), the false-positive rate
 * that threshold gives on fresh benign inputs, the AUC, and the ROC curve (thinned to at most
 * {@value #ROC_POINTS} points for reports).
 *
 * @param recall recall at the calibrated threshold, with the FPR on {@code benign}
 * @param auc area under the ROC curve of benign vs harmful scores
 * @param roc [false-positive rate, true-positive rate] pairs from (0, 0) to (1, 1)
 */
public record Detection(RecallAtFpr recall, double auc, List<double[]> roc) {
  public static final int ROC_POINTS = 101;

  /** Scores of fresh benign and of harmful inputs against the calibrated threshold. */
  public static Detection of(CalibratedMonitor monitor, double[] benign, double[] harmful) {
    RecallAtFpr r = RecallAtFpr.at(monitor.threshold(), monitor.fpr(), benign, harmful);
    RocCurve curve = RocCurve.of(benign, harmful);
    List<RocCurve.Point> points = curve.points();
    List<double[]> roc = new ArrayList<>();
    int step = Math.max(1, (points.size() + ROC_POINTS - 2) / (ROC_POINTS - 1));
    for (int i = 0; i < points.size(); i += step) {
      roc.add(new double[] {points.get(i).falsePositiveRate(), points.get(i).truePositiveRate()});
    }
    RocCurve.Point last = points.getLast();
    if (roc.getLast()[0] != last.falsePositiveRate() || roc.getLast()[1] != 1) {
      roc.add(new double[] {last.falsePositiveRate(), last.truePositiveRate()});
    }
    return new Detection(r, curve.auc(), roc);
  }
}
