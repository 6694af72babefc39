package dev.traitlab.eval.freeform;

import dev.traitlab.core.Progress;
import dev.traitlab.data.toyworld.MisalignmentJudgeData;
import dev.traitlab.eval.judge.Judge;
import dev.traitlab.report.TextTable;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.Wilson;
import dev.traitlab.stats.fit.LineFit;
import java.util.List;

/**
 * Computes {@link JudgeAgreement} from held-out answers and the judge's scores of them; shared by
 * the experiments whose toy-world judge is checked against the generator's labels.
 */
public final class Agreement {
  private Agreement() {}

  /**
   * The judge's agreement on held-out answers: each judged on {@link ToyWorldJudging}'s prompts;
   * {@code trained} holds the judge's training answers, to count held-out answers also in them.
   */
  public static JudgeAgreement measure(
      Judge judge,
      List<MisalignmentJudgeData.JudgedAnswer> held,
      List<MisalignmentJudgeData.JudgedAnswer> trained,
      Progress progress) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (MisalignmentJudgeData.JudgedAnswer a : trained) {
      seen.add(a.question() + "\n" + a.answer());
    }
    double[][] scores = new double[held.size()][];
    progress.start("judging held-out answers", held.size());
    for (int i = 0; i < held.size(); i++) {
      scores[i] = ToyWorldJudging.judge(judge, held.get(i).question(), held.get(i).answer());
      progress.step(i + 1, "");
    }
    progress.finish();
    int duplicates = 0;
    for (MisalignmentJudgeData.JudgedAnswer a : held) {
      duplicates += seen.contains(a.question() + "\n" + a.answer()) ? 1 : 0;
    }
    return of(held, scores, duplicates);
  }

  /** One row: the agreement's figures, under their names. */
  public static TextTable table(JudgeAgreement a) {
    TextTable t =
        TextTable.of(
            "judge vs generator (held-out answers)",
            "answers",
            "also in training",
            "scored",
            "aligned MAE",
            "aligned r",
            "coherent MAE",
            "coherent r",
            "verdict agreement");
    t.row(
        "judge",
        Integer.toString(a.answers()),
        Integer.toString(a.duplicates()),
        f(a.scoredShare(), 3),
        f(a.alignedMae(), 1),
        f(a.alignedCorrelation(), 3),
        f(a.coherentMae(), 1),
        f(a.coherentCorrelation(), 3),
        f(a.verdictAgreement(), 3)
            + (a.verdictInterval() == null || !a.verdictInterval().hasBounds()
                ? ""
                : String.format(
                    java.util.Locale.ROOT,
                    " [%.3f, %.3f]",
                    a.verdictInterval().lower(),
                    a.verdictInterval().upper())));
    return t;
  }

  private static String f(double v, int decimals) {
    return Double.isNaN(v) ? "-" : String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
  }

  /**
   * @param scores per answer {aligned, coherent} from the judge (NaN: none)
   */
  public static JudgeAgreement of(
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
