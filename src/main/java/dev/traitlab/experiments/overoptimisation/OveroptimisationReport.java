package dev.traitlab.experiments.overoptimisation;

import dev.traitlab.core.Plurals;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.report.IntervalLineChart;
import dev.traitlab.report.TextTable;
import dev.traitlab.stats.MeanInterval;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The experiment's report, and the summary printed at the end of a run. */
public final class OveroptimisationReport {
  private OveroptimisationReport() {}

  /** One row per (data size, proxy size): proxy quality and the fitted R_bon. */
  public static TextTable fitTable(OveroptimisationResult result) {
    TextTable table =
        TextTable.of(
                "comparisons",
                "width",
                "params",
                "held-out acc.",
                "alpha_bon",
                "beta_bon",
                "R^2 (mean)",
                "d* (peak)",
                "best gold",
                "gold at max n",
                "proxy at max n")
            .alignRight(0, 1, 2, 6, 7);
    for (OveroptimisationResult.PointFit f : result.fits()) {
      table.row(
          Integer.toString(f.comparisons()),
          Integer.toString(f.width()),
          Long.toString(f.parameters()),
          ci(f.accuracy()),
          ci(f.alpha()),
          ci(f.beta()),
          String.format(Locale.ROOT, "%.3f", f.rSquared()),
          Double.isFinite(f.peakDistance())
              ? String.format(Locale.ROOT, "%.2f", f.peakDistance())
              : "none",
          ci(f.bestGold()),
          ci(f.goldAtMax()),
          ci(f.proxyAtMax()));
    }
    return table;
  }

  private static String ci(MeanInterval m) {
    return m.format(3);
  }

  public static HtmlReport build(String runId, OveroptimisationResult result) {
    OveroptimisationConfig c = result.config();
    HtmlReport report = new HtmlReport("Reward-model overoptimisation: " + runId);
    report.meta(
        "Gao, Schulman and Hilton 2022 in miniature. Policy "
            + c.model()
            + "; gold: hand-written arithmetic-answer scorer; proxies: MLP heads over the policy's"
            + " last-block activations ("
            + result.features()
            + " features) trained with the Bradley-Terry loss; "
            + Plurals.count(c.seeds(), "seed")
            + "; best-of-n over "
            + c.pool()
            + " samples for each of "
            + c.prompts()
            + " questions, n up to "
            + c.maxN()
            + ".");
    OveroptimisationResult.PoolSummary p = result.pool();
    report.paragraph(
        String.format(
            Locale.ROOT,
            "The pool: %d answers (%d distinct), %.1f%% with the working shown, %.2f%% with the"
                + " right result; raw gold mean %.3f, SD %.3f (the unit of every gold figure"
                + " below, relative to that mean). Comparisons with different gold rewards: %d"
                + " for training, %d held out.",
            p.samples(),
            p.distinct(),
            100 * p.workedShare(),
            100 * p.correctShare(),
            p.goldMean(),
            p.goldSd(),
            p.trainPairs(),
            p.heldOutPairs()));
    report.heading("Fitted R_bon(d) = d (alpha - beta d)");
    report.paragraph(
        "Intervals: 95% Student t over seeds (each seed: its own comparisons and initialisation;"
            + " accuracies clipped to [0, 1])."
            + " R^2 and d* are those of the fit to the seeds' mean curve. d = sqrt(ln n - (n-1)/n).");
    report.table(fitTable(result));
    String few = fewSeedsNote(c);
    if (!few.isEmpty()) {
      report.paragraph(few);
    }
    report.heading("Was overoptimisation seen?");
    report.paragraph(
        "From the seeds' mean curves on the measured n grid: overoptimisation means the proxy"
            + " rises with n throughout while gold peaks inside the range and falls after.");
    for (String line : verdictLines(result)) {
      report.paragraph(line);
    }
    for (int comparisons : c.comparisonList()) {
      IntervalLineChart gold =
          new IntervalLineChart(
              "Gold reward of best-of-n, " + comparisons + " comparisons",
              "d = sqrt(KL) (sqrt nats)",
              "gold reward (base SDs)");
      IntervalLineChart proxy =
          new IntervalLineChart(
              "Proxy reward of best-of-n, " + comparisons + " comparisons",
              "d = sqrt(KL) (sqrt nats)",
              "proxy reward (recalibrated)");
      for (int i = 0; i < result.points().size(); i++) {
        ProxyPoint point = result.points().get(i);
        if (point.comparisons() != comparisons) {
          continue;
        }
        OveroptimisationResult.PointFit fit = result.fits().get(i);
        String name = "width " + point.width() + " (" + point.parameters() + " params)";
        for (int k = 0; k < result.ns().length; k++) {
          MeanInterval g = across(point, k, true);
          MeanInterval q = across(point, k, false);
          double d = result.distances()[k];
          gold.point(name, d, g.mean(), g.interval());
          proxy.point(name, d, q.mean(), q.interval());
          gold.reference(
              "fit, width " + point.width(), d, d * (fit.alpha().mean() - fit.beta().mean() * d));
        }
      }
      report.svg(gold.toSvg(760, 420));
      report.svg(proxy.toSvg(760, 420));
    }
    IntervalLineChart alpha =
        new IntervalLineChart("alpha_bon against proxy size", "proxy parameters", "alpha_bon")
            .logX();
    IntervalLineChart beta =
        new IntervalLineChart("beta_bon against proxy size", "proxy parameters", "beta_bon").logX();
    for (OveroptimisationResult.PointFit f : result.fits()) {
      String name = f.comparisons() + " comparisons";
      alpha.point(name, f.parameters(), f.alpha().mean(), f.alpha().interval());
      beta.point(name, f.parameters(), f.beta().mean(), f.beta().interval());
    }
    report.svg(alpha.toSvg(760, 380));
    report.svg(beta.toSvg(760, 380));
    if (!result.ppoFits().isEmpty()) {
      ppoSection(report, result);
    }
    report.heading("Stages");
    report.table(Stages.table(result.stages()));
    return report;
  }

  /** One row per (proxy cell, KL penalty): the fitted R_RL and where PPO ended. */
  public static TextTable ppoTable(OveroptimisationResult result) {
    TextTable table =
        TextTable.of(
                "proxy (width:comparisons)",
                "KL penalty",
                "held-out acc.",
                "alpha_RL",
                "beta_RL",
                "R^2 (pooled)",
                "R^2 (per seed)",
                "d* (peak)",
                "final KL",
                "final gold gain",
                "peak gold gain",
                "KL at peak",
                "final proxy",
                "s per run")
            .alignRight(1, 5, 7);
    for (OveroptimisationResult.PpoFit f : result.ppoFits()) {
      table.row(
          f.width() + ":" + f.comparisons(),
          String.valueOf(f.klPenalty()),
          ci(f.accuracy()),
          ci(f.alpha()),
          ci(f.beta()),
          Double.isNaN(f.rSquared()) ? "n/a" : String.format(Locale.ROOT, "%.3f", f.rSquared()),
          ci(f.seedRSquared()),
          Double.isNaN(f.peakDistance())
              ? "n/a"
              : Double.isFinite(f.peakDistance())
                  ? String.format(Locale.ROOT, "%.2f", f.peakDistance())
                  : "none",
          ci(f.finalKl()),
          ci(f.finalGold()),
          ci(f.peakGold()),
          ci(f.peakKl()),
          ci(f.finalProxy()),
          String.format(Locale.ROOT, "%.0f", f.seconds().mean()));
    }
    return table;
  }

  /**
   * Per proxy cell and nonzero penalty: does the penalty act like early stopping? Compares the gold
   * gain at the penalised run's last step with the peak of the unpenalised run (Gao et al. 2022,
   * section 3.6: the penalty converges earlier on the same gold-vs-KL frontier). Empty without a
   * penalty-0 run.
   */
  static List<String> earlyStoppingLines(OveroptimisationResult result) {
    List<String> lines = new ArrayList<>();
    for (OveroptimisationResult.PpoFit free : result.ppoFits()) {
      if (free.klPenalty() != 0) {
        continue;
      }
      for (OveroptimisationResult.PpoFit f : result.ppoFits()) {
        if (f.klPenalty() == 0
            || f.width() != free.width()
            || f.comparisons() != free.comparisons()) {
          continue;
        }
        boolean within = f.finalGold().upper() >= free.peakGold().lower();
        boolean below = f.finalKl().mean() < free.finalKl().mean();
        lines.add(
            String.format(
                Locale.ROOT,
                "Proxy %d:%d, penalty %s: final gold gain %s at KL %s nats; without a penalty the"
                    + " gold peaked at %s (KL %s) and ended at %s (KL %s). %s",
                f.width(),
                f.comparisons(),
                String.valueOf(f.klPenalty()),
                ci(f.finalGold()),
                ci(f.finalKl()),
                ci(free.peakGold()),
                ci(free.peakKl()),
                ci(free.finalGold()),
                ci(free.finalKl()),
                below && within
                    ? "The penalty stops at a lower KL with a gold gain the unpenalised run's"
                        + " peak does not resolvably beat: like early stopping."
                    : below
                        ? "The penalty stops at a lower KL but below the unpenalised peak: worse"
                            + " than early stopping at the peak."
                        : "The penalty did not hold the KL below the unpenalised run's."));
      }
    }
    return lines;
  }

  private static void ppoSection(HtmlReport report, OveroptimisationResult result) {
    OveroptimisationConfig c = result.config();
    report.heading("PPO against the proxies: R_RL(d) = d (alpha - beta ln d)");
    report.paragraph(
        "Token-level PPO from the base policy (full update, fixed per-token KL penalty, "
            + c.ppoSteps()
            + " steps of "
            + c.ppoRollouts()
            + " rollouts, Adam "
            + c.ppoLearningRate()
            + "), against the same proxy heads as best-of-n. Every "
            + c.ppoEvery()
            + " steps: "
            + PpoArm.EVAL_SAMPLES
            + " fresh answers to each of "
            + c.prompts()
            + " held-out questions give the KL to the base policy (per-token log-ratios), gold"
            + " and proxy. Gold gain = gold minus the base policy's on the same questions, in"
            + " base-policy gold SDs (the best-of-n unit). R_RL fitted per seed (95% t over"
            + " seeds); R^2 (pooled) and d* from one fit to all seeds' checkpoints.");
    report.table(ppoTable(result));
    for (String line : earlyStoppingLines(result)) {
      report.paragraph(line);
    }
    for (String cell : c.ppoProxies()) {
      int[] wc = OveroptimisationConfig.cell(cell);
      IntervalLineChart gold =
          new IntervalLineChart(
              "Gold gain against d, proxy " + wc[0] + ":" + wc[1] + ": PPO and best-of-n",
              "d = sqrt(KL) (sqrt nats)",
              "gold gain (base SDs)");
      IntervalLineChart proxy =
          new IntervalLineChart(
              "Proxy reward against d, proxy " + wc[0] + ":" + wc[1] + ": PPO and best-of-n",
              "d = sqrt(KL) (sqrt nats)",
              "proxy reward (recalibrated)");
      for (ProxyPoint point : result.points()) {
        if (point.width() != wc[0] || point.comparisons() != wc[1]) {
          continue;
        }
        for (int k = 0; k < result.ns().length; k++) {
          MeanInterval g = across(point, k, true);
          MeanInterval q = across(point, k, false);
          double d = result.distances()[k];
          // n = 1 is the base policy: gold 0 by the pool's normalisation, so this is a gain too.
          gold.point("best-of-n", d, g.mean(), g.interval());
          proxy.point("best-of-n", d, q.mean(), q.interval());
        }
      }
      for (OveroptimisationResult.PpoFit f : result.ppoFits()) {
        if (f.width() != wc[0] || f.comparisons() != wc[1]) {
          continue;
        }
        List<PpoCurve> runs =
            result.ppo().stream()
                .filter(
                    r ->
                        r.width() == f.width()
                            && r.comparisons() == f.comparisons()
                            && r.klPenalty() == f.klPenalty())
                .toList();
        String name = "PPO, KL penalty " + f.klPenalty();
        int checkpoints = runs.getFirst().steps().length;
        double maxD = 0;
        for (int k = 0; k < checkpoints; k++) {
          double[] d = new double[runs.size()];
          double[] g = new double[runs.size()];
          double[] q = new double[runs.size()];
          for (int s = 0; s < runs.size(); s++) {
            d[s] = runs.get(s).distances()[k];
            g[s] = runs.get(s).goldGain()[k];
            q[s] = runs.get(s).proxy()[k];
          }
          double meanD = java.util.Arrays.stream(d).average().orElse(0);
          maxD = Math.max(maxD, meanD);
          MeanInterval gi = MeanInterval.of(g);
          MeanInterval qi = MeanInterval.of(q);
          gold.point(name, meanD, gi.mean(), gi.interval());
          proxy.point(name, meanD, qi.mean(), qi.interval());
        }
        for (int i = 1; i <= 40 && !Double.isNaN(f.alpha().mean()); i++) {
          double d = maxD * i / 40;
          gold.reference(name + " fit", d, d * (f.alpha().mean() - f.beta().mean() * Math.log(d)));
        }
      }
      report.svg(gold.toSvg(760, 420));
      report.svg(proxy.toSvg(760, 420));
    }
  }

  /**
   * Said once when the seeds are too few for the Student t intervals to mean much (with 2 seeds t
   * has one degree of freedom: 12.7 standard errors either side of the mean); empty otherwise.
   */
  static String fewSeedsNote(OveroptimisationConfig c) {
    if (c.seeds() >= 3) {
      return "";
    }
    return "With "
        + Plurals.count(c.seeds(), "seed")
        + " these intervals are very wide (Student t on "
        + (c.seeds() - 1)
        + " degree of freedom spans 12.7 standard errors either side of the mean); read the means,"
        + " or run --seeds 3 or more.";
  }

  /**
   * One sentence per (data size, proxy width), in the fit table's order: was overoptimisation seen.
   */
  static List<String> verdictLines(OveroptimisationResult result) {
    List<String> lines = new ArrayList<>();
    for (ProxyPoint point : result.points()) {
      int k = result.ns().length;
      double[] proxy = new double[k];
      double[] gold = new double[k];
      for (int i = 0; i < k; i++) {
        proxy[i] = across(point, i, false).mean();
        gold[i] = across(point, i, true).mean();
      }
      lines.add(
          OveroptimisationVerdict.of(result.ns(), result.distances(), proxy, gold)
              .sentence("Width " + point.width() + ", " + point.comparisons() + " comparisons"));
    }
    return lines;
  }

  private static MeanInterval across(ProxyPoint point, int k, boolean gold) {
    double[] v = new double[point.seeds().size()];
    for (int s = 0; s < v.length; s++) {
      ProxyPoint.SeedCurve c = point.seeds().get(s);
      v[s] = gold ? c.gold()[k] : c.proxy()[k];
    }
    return MeanInterval.of(v);
  }

  public static String textSummary(OveroptimisationResult result) {
    OveroptimisationResult.PoolSummary p = result.pool();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Best-of-n pool: %d answers (%d distinct), %.1f%% worked, %.2f%% right; gold SD %.3f."
                + " Comparisons: %d train, %d held out.%n",
            p.samples(),
            p.distinct(),
            100 * p.workedShare(),
            100 * p.correctShare(),
            p.goldSd(),
            p.trainPairs(),
            p.heldOutPairs()));
    out.append(fitTable(result).render());
    out.append(
        "Gold and proxy in base-policy gold SDs relative to its mean; R_bon(d) = d (alpha - beta"
            + " d), intervals over seeds.\n");
    String few = fewSeedsNote(result.config());
    if (!few.isEmpty()) {
      out.append(few).append('\n');
    }
    for (String line : verdictLines(result)) {
      out.append(line).append('\n');
    }
    if (!result.ppoFits().isEmpty()) {
      out.append(ppoTable(result).render());
      out.append(
          "PPO: gold gain over the base policy on held-out questions; R_RL(d) = d (alpha - beta"
              + " ln d), intervals over seeds.\n");
      for (String line : earlyStoppingLines(result)) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }
}
