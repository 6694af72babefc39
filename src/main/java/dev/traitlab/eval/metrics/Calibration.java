package dev.traitlab.eval.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Calibration of confidences against 0/1 outcomes: equal-width confidence bins on [0, 1], expected
 * calibration error (bin-size weighted |accuracy - confidence|), mean absolute deviation (the same
 * gap, unweighted over non-empty bins) and mean squared error (Brier score of binary outcomes).
 * CalibratedMath's own MAD (Lin, Hilton and Evans 2022, section 2.3) bins by equal counts instead:
 * {@link #equalMassBins} and {@link #meanAbsoluteDeviationEqualMass}.
 */
public final class Calibration {
  public static final int DEFAULT_BINS = 10;

  private Calibration() {}

  /** One non-empty bin of the calibration curve. */
  public record Bin(double from, double to, int count, double meanConfidence, double accuracy) {}

  /** Non-empty bins; bin i holds confidences in [i/bins, (i+1)/bins), the last one also 1. */
  public static List<Bin> bins(double[] confidence, double[] correct, int bins) {
    check(confidence, correct);
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1, got " + bins);
    }
    int[] count = new int[bins];
    double[] conf = new double[bins];
    double[] acc = new double[bins];
    for (int i = 0; i < confidence.length; i++) {
      int b = Math.min((int) Math.floor(confidence[i] * bins), bins - 1);
      count[b]++;
      conf[b] += confidence[i];
      acc[b] += correct[i];
    }
    List<Bin> out = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        out.add(
            new Bin(
                (double) b / bins,
                (double) (b + 1) / bins,
                count[b],
                conf[b] / count[b],
                acc[b] / count[b]));
      }
    }
    return out;
  }

  /**
   * Bins of (nearly) equal counts, as CalibratedMath's MAD divides the confidences ("K bins with
   * equal numbers of samples", Lin, Hilton and Evans 2022, section 2.3, after Nguyen and O'Connor
   * 2015): the confidences sorted, bin b ending at round(b n / bins), except that a bin never
   * splits equal confidences: its end moves past the run of ties, so a constant confidence is one
   * bin and there can be fewer than {@code bins}. {@link Bin#from()} and {@link Bin#to()} are the
   * bin's smallest and largest confidence.
   *
   * @throws IllegalArgumentException when the arrays differ in length, a confidence is outside [0,
   *     1] or bins < 1
   */
  public static List<Bin> equalMassBins(double[] confidence, double[] correct, int bins) {
    check(confidence, correct);
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1, got " + bins);
    }
    int n = confidence.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(confidence[a], confidence[b]));
    List<Bin> out = new ArrayList<>();
    int start = 0;
    for (int b = 1; b <= bins && start < n; b++) {
      int end = b == bins ? n : Math.max(start + 1, (int) Math.round((double) b * n / bins));
      while (end < n && confidence[order[end]] == confidence[order[end - 1]]) {
        end++;
      }
      double conf = 0;
      double acc = 0;
      for (int i = start; i < end; i++) {
        conf += confidence[order[i]];
        acc += correct[order[i]];
      }
      int count = end - start;
      out.add(
          new Bin(
              confidence[order[start]],
              confidence[order[end - 1]],
              count,
              conf / count,
              acc / count));
      start = end;
    }
    return out;
  }

  /**
   * CalibratedMath's MAD: the mean over {@link #equalMassBins} of |accuracy - mean confidence|
   * (unweighted), NaN without samples. For a constant confidence it is |accuracy - constant|, the
   * paper's footnote 5.
   */
  public static double meanAbsoluteDeviationEqualMass(
      double[] confidence, double[] correct, int bins) {
    return equalMassBins(confidence, correct, bins).stream()
        .mapToDouble(b -> Math.abs(b.accuracy() - b.meanConfidence()))
        .average()
        .orElse(Double.NaN);
  }

  public static double expectedCalibrationError(double[] confidence, double[] correct, int bins) {
    double ece = 0;
    for (Bin b : bins(confidence, correct, bins)) {
      ece += (double) b.count() / confidence.length * Math.abs(b.accuracy() - b.meanConfidence());
    }
    return confidence.length == 0 ? Double.NaN : ece;
  }

  public static double meanAbsoluteDeviation(double[] confidence, double[] correct, int bins) {
    List<Bin> nonEmpty = bins(confidence, correct, bins);
    return nonEmpty.stream()
        .mapToDouble(b -> Math.abs(b.accuracy() - b.meanConfidence()))
        .average()
        .orElse(Double.NaN);
  }

  public static double meanSquaredError(double[] confidence, double[] correct) {
    check(confidence, correct);
    double sum = 0;
    for (int i = 0; i < confidence.length; i++) {
      double d = confidence[i] - correct[i];
      sum += d * d;
    }
    return confidence.length == 0 ? Double.NaN : sum / confidence.length;
  }

  private static void check(double[] confidence, double[] correct) {
    if (confidence.length != correct.length) {
      throw new IllegalArgumentException(
          confidence.length + " confidences but " + correct.length + " outcomes");
    }
    for (double c : confidence) {
      if (!(c >= 0 && c <= 1)) {
        throw new IllegalArgumentException("confidence must be in [0, 1], got " + c);
      }
    }
  }
}
