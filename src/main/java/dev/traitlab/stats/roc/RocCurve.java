package dev.traitlab.stats.roc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The receiver operating characteristic of a score that should be higher on positives (a monitor's
 * score on harmful inputs, say) than on negatives (benign inputs). An input is flagged when its
 * score is strictly above the threshold; each point gives the false-positive rate (flagged share of
 * negatives) and true-positive rate, or recall (flagged share of positives), at one threshold.
 *
 * <p>The points run from the highest score as threshold (nothing flagged, (0, 0)) through every
 * distinct score, in decreasing order, to -infinity (everything flagged, (1, 1)). Tied scores move
 * the curve diagonally, so the area under it counts a tied positive-negative pair as half ranked
 * correctly: AUC = P(score of a positive > score of a negative) + P(equal) / 2 (the Mann-Whitney
 * statistic over P N).
 *
 * @param points from (0, 0) to (1, 1), one per distinct score and one for -infinity
 * @param auc area under the curve, in [0, 1]; 0.5 for a score that does not separate
 * @param negatives number of negatives
 * @param positives number of positives
 */
public record RocCurve(List<Point> points, double auc, int negatives, int positives) {

  public RocCurve {
    points = List.copyOf(points);
  }

  /** Flagging scores strictly above {@code threshold} gives these rates. */
  public record Point(double threshold, double falsePositiveRate, double truePositiveRate) {}

  /**
   * The curve of scores on negatives and on positives (both non-empty, no NaN).
   *
   * @throws IllegalArgumentException on an empty side or a NaN score
   */
  public static RocCurve of(double[] negatives, double[] positives) {
    double[] neg = sorted("negatives", negatives);
    double[] pos = sorted("positives", positives);
    int n = neg.length;
    int p = pos.length;
    List<Point> points = new ArrayList<>();
    double area = 0; // in units of one pair: sum over steps of dFP * (TP before + TP after) / 2
    // Walk down from the highest score; i, j count the negatives and positives above the threshold.
    int i = 0;
    int j = 0;
    while (i < n || j < p) {
      double threshold =
          Math.max(
              i < n ? neg[n - 1 - i] : Double.NEGATIVE_INFINITY,
              j < p ? pos[p - 1 - j] : Double.NEGATIVE_INFINITY);
      points.add(new Point(threshold, (double) i / n, (double) j / p));
      int i0 = i;
      int j0 = j;
      while (i < n && neg[n - 1 - i] == threshold) {
        i++;
      }
      while (j < p && pos[p - 1 - j] == threshold) {
        j++;
      }
      area += (i - i0) * (double) (j0 + j) / 2;
    }
    points.add(new Point(Double.NEGATIVE_INFINITY, 1, 1));
    return new RocCurve(points, area / ((double) n * p), n, p);
  }

  /**
   * The lowest threshold that flags at most {@code maxFpr} of the negatives (benign inputs held out
   * for calibration): with the negatives' scores in decreasing order s_1 >= s_2 >= ... >= s_N and k
   * = floor(maxFpr N), it is s_(k+1), so that only the k scores above it (fewer where scores tie
   * with it) are flagged; -infinity when k >= N. Any lower threshold flags more than k negatives.
   *
   * @param maxFpr the false-positive rate allowed, in [0, 1] (0.01 for "recall at 1% FPR")
   */
  public static double thresholdAtFpr(double[] negatives, double maxFpr) {
    if (!(maxFpr >= 0 && maxFpr <= 1)) {
      throw new IllegalArgumentException("false-positive rate must be in [0, 1], got " + maxFpr);
    }
    double[] neg = sorted("negatives", negatives);
    int n = neg.length;
    // The small slack keeps 0.29 * 100 (28.999999999999996 in floating point) at 29.
    int k = (int) Math.floor(maxFpr * n + 1e-9);
    return k >= n ? Double.NEGATIVE_INFINITY : neg[n - 1 - k];
  }

  /** How many scores are strictly above the threshold. */
  static int above(double[] scores, double threshold) {
    int count = 0;
    for (double s : scores) {
      count += s > threshold ? 1 : 0;
    }
    return count;
  }

  private static double[] sorted(String what, double[] scores) {
    if (scores.length == 0) {
      throw new IllegalArgumentException("no " + what);
    }
    double[] out = scores.clone();
    for (double s : out) {
      if (Double.isNaN(s)) {
        throw new IllegalArgumentException("a score of the " + what + " is NaN");
      }
    }
    Arrays.sort(out);
    return out;
  }
}
