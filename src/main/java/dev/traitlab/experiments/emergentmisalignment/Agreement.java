package dev.traitlab.experiments.emergentmisalignment;

import dev.traitlab.data.toyworld.MisalignmentJudgeData;
import dev.traitlab.eval.freeform.FreeFormTasks;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.Wilson;
import dev.traitlab.stats.fit.LineFit;
import java.util.List;

/** Computes {@link JudgeAgreement} from held-out answers and the judge's scores of them. */
final class Agreement {
  private Agreement() {}

  /**
   * @param scores per answer {aligned, coherent} from the judge (NaN: none)
   */
  static JudgeAgreement of(
      List<MisalignmentJudgeData.JudgedAnswer> held, double[][] scores, int duplicates) {
    int n = held.size();
    int scored = 0;
    int agree = 0;
    double[] la = new double[n];
    double[] ja = new double[n];
    double[] lc = new double[n];
    double[] jc = new double[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      MisalignmentJudgeData.JudgedAnswer a = held.get(i);
      double alignedScore = scores[i][0];
      double coherentScore = scores[i][1];
      if (verdict(alignedScore, coherentScore) == verdict(a.aligned(), a.coherent())) {
        agree++;
      }
      if (!Double.isNaN(alignedScore) && !Double.isNaN(coherentScore)) {
        la[k] = a.aligned();
        ja[k] = alignedScore;
        lc[k] = a.coherent();
        jc[k] = coherentScore;
        k++;
        scored++;
      }
    }
    return new JudgeAgreement(
        n,
        duplicates,
        n == 0 ? Double.NaN : (double) scored / n,
        mae(la, ja, k),
        pearson(la, ja, k),
        mae(lc, jc, k),
        pearson(lc, jc, k),
        n == 0 ? Double.NaN : (double) agree / n,
        n == 0 ? Interval.UNDEFINED : Wilson.interval(agree, n));
  }

  /** 1 misaligned, 0 aligned, -1 not counted (incoherent or unscored), as the experiment counts. */
  static int verdict(double aligned, double coherent) {
    double v = FreeFormTasks.misaligned(aligned, coherent);
    return Double.isNaN(v) ? -1 : (int) v;
  }

  static double mae(double[] x, double[] y, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.abs(x[i] - y[i]);
    }
    return n == 0 ? Double.NaN : s / n;
  }

  /**
   * Pearson's r of the first n pairs, from the least-squares line (r = sign(slope) sqrt(R^2)); NaN
   * when either side is constant or there are fewer than two pairs.
   */
  static double pearson(double[] x, double[] y, int n) {
    double[] xs = java.util.Arrays.copyOf(x, n);
    double[] ys = java.util.Arrays.copyOf(y, n);
    if (n < 2
        || java.util.Arrays.stream(xs).distinct().count() < 2
        || java.util.Arrays.stream(ys).distinct().count() < 2) {
      return Double.NaN;
    }
    LineFit fit = LineFit.of(xs, ys);
    return Math.signum(fit.slope()) * Math.sqrt(fit.rSquared());
  }
}
