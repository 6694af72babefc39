package dev.traitlab.experiments.rlhf;

import dev.traitlab.core.Plurals;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.report.IntervalLineChart;
import dev.traitlab.report.TextTable;
import dev.traitlab.rl.BestOfN;
import dev.traitlab.rl.lm.PpoStepStats;
import dev.traitlab.stats.MeanInterval;
import dev.traitlab.stats.fit.CurveFit;
import dev.traitlab.stats.fit.Overoptimisation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The RLHF experiment's report, summary and metrics. */
final class RlhfReport {
  private RlhfReport() {}

  private static MeanInterval across(List<SeedRun> runs, ToDoubleFunction<SeedRun> f) {
    return MeanInterval.of(runs.stream().mapToDouble(f).toArray());
  }

  private static MeanInterval rate(List<SeedRun> runs, ToDoubleFunction<SeedRun> f) {
    return MeanInterval.ofBounded(0, 1, runs.stream().mapToDouble(f).toArray());
  }

  private static String ci(MeanInterval m, int decimals) {
    if (m.n() < 2) {
      return String.format(Locale.ROOT, "%." + decimals + "f", m.mean());
    }
    String f = "%." + decimals + "f";
    return String.format(
        Locale.ROOT, f + " [" + f + ", " + f + "]", m.mean(), m.lower(), m.upper());
  }

  private static String f(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** A tuned policy's row: its scores over seeds, with the KL cell given. */
  private static void policyRow(
      TextTable t,
      String label,
      List<SeedRun> runs,
      java.util.function.Function<SeedRun, SeedRun.PolicyScore> score,
      String kl) {
    t.row(
        label,
        ci(rate(runs, s -> score.apply(s).winRate()), 3),
        kl,
        ci(across(runs, s -> score.apply(s).gold()), 3),
        ci(across(runs, s -> score.apply(s).proxy()), 3),
        ci(rate(runs, s -> score.apply(s).correct()), 3),
        ci(rate(runs, s -> score.apply(s).worked()), 3));
  }

  /** One row per policy: SFT, PPO (embedded runs), DPO, best-of-n per n. */
  static TextTable policyTable(RlhfResult r) {
    List<SeedRun> runs = r.runs();
    TextTable t =
        TextTable.of(
                "policy",
                "gold win rate vs SFT",
                "KL to SFT (nats)",
                "gold",
                "RM score",
                "correct",
                "worked")
            .alignRight(2);
    policyRow(t, "SFT", runs, SeedRun::sft, "0");
    if (runs.getFirst().ppo() != null) {
      policyRow(t, "PPO", runs, SeedRun::ppo, ci(across(runs, s -> s.ppo().kl()), 2));
    }
    if (runs.getFirst().dpo() != null) {
      // A remote DPO model's KL to SFT is not measured (NaN): the API gives no SFT
      // log-probabilities of its answers.
      policyRow(
          t,
          "DPO",
          runs,
          SeedRun::dpo,
          Double.isNaN(runs.getFirst().dpo().kl())
              ? "n/a (API)"
              : ci(across(runs, s -> s.dpo().kl()), 2));
    }
    int[] ns = runs.getFirst().ns();
    for (int k = 0; k < ns.length; k++) {
      int i = k;
      if (ns[i] == 1) {
        continue;
      }
      t.row(
          "best-of-" + ns[i],
          ci(rate(runs, s -> s.bonWinRate()[i]), 3),
          f(BestOfN.kl(ns[i]), 2),
          ci(across(runs, s -> s.bonGold()[i]), 3),
          ci(across(runs, s -> s.bonProxy()[i]), 3),
          "",
          "");
    }
    return t;
  }

  static TextTable rewardModelTable(RlhfResult r) {
    RlhfResult.RewardModelSummary m = r.rewardModel();
    return TextTable.of(
            "train questions",
            "held-out questions",
            "held-out pairs",
            "held-out accuracy",
            "train accuracy",
            "seconds")
        .alignRight(0, 1, 2, 3, 4, 5)
        .row(
            Integer.toString(m.trainQuestions()),
            Integer.toString(m.heldOutQuestions()),
            Integer.toString(m.heldOutPairs()),
            f(m.heldOutAccuracy(), 3),
            f(m.trainAccuracy(), 3),
            f(r.rewardModelSeconds(), 1));
  }

  private static String verdict(RlhfResult r) {
    if (r.remote() != null) {
      return remoteVerdict(r);
    }
    List<SeedRun> runs = r.runs();
    MeanInterval win = rate(runs, s -> s.ppo().winRate());
    MeanInterval kl = across(runs, s -> s.ppo().kl());
    MeanInterval reward = across(runs, s -> meanOfLast(s.steps(), PpoStepStats::score));
    MeanInterval first = across(runs, s -> s.steps().getFirst().score());
    String better =
        win.n() < 2
            ? "one seed: no interval"
            : win.lower() > 0.5
                ? "PPO beats SFT on the gold preference"
                : win.upper() < 0.5
                    ? "PPO loses to SFT on the gold preference (the reward model was overoptimised)"
                    : "the interval contains 1/2: no resolved difference from SFT";
    String ppo =
        String.format(
            Locale.ROOT,
            "Reward-model score of the rollouts: %.3f at step 1, %.3f over the last 5 steps; KL to"
                + " SFT on held-out questions %.2f nats per answer; gold win rate over SFT %s: %s.",
            first.mean(),
            reward.mean(),
            kl.mean(),
            ci(win, 3),
            better);
    if (runs.getFirst().dpo() == null) {
      return ppo;
    }
    MeanInterval dpoWin = rate(runs, s -> s.dpo().winRate());
    MeanInterval dpoKl = across(runs, s -> s.dpo().kl());
    MeanInterval diff = across(runs, s -> s.dpo().winRate() - s.ppo().winRate());
    String order =
        diff.n() < 2
            ? "one seed: no interval"
            : diff.lower() > 0
                ? "DPO wins more often than PPO"
                : diff.upper() < 0
                    ? "PPO wins more often than DPO"
                    : "the difference is not resolved";
    return ppo
        + String.format(
            Locale.ROOT,
            " DPO on the same rankings (%d best-vs-worst pairs): gold win rate over SFT %s at KL"
                + " %.2f nats per answer; DPO minus PPO, paired by seed: %s (%s).",
            runs.getFirst().dpoTraining().pairs(),
            ci(dpoWin, 3),
            dpoKl.mean(),
            ci(diff, 3),
            order);
  }

  /** A remote run's finding: best-of-n and DPO against SFT; no PPO. */
  private static String remoteVerdict(RlhfResult r) {
    List<SeedRun> runs = r.runs();
    int[] ns = runs.getFirst().ns();
    int best = 0;
    for (int k = 1; k < ns.length; k++) {
      int i = k;
      int b = best;
      if (across(runs, s -> s.bonWinRate()[i]).mean()
          > across(runs, s -> s.bonWinRate()[b]).mean()) {
        best = k;
      }
    }
    int peak = best;
    int last = ns.length - 1;
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Remote SFT model %s. Best-of-n against the reward model (read through %s): gold win"
                + " rate over SFT at its best n (chosen on these results) = %d (KL %.2f nats) %s (%s); at n ="
                + " %d (KL %.2f)"
                + " %s (%s).",
            r.remote().sftModel(),
            r.remote().reader(),
            ns[peak],
            BestOfN.kl(ns[peak]),
            ci(rate(runs, s -> s.bonWinRate()[peak]), 3),
            resolved(rate(runs, s -> s.bonWinRate()[peak]), "best-of-" + ns[peak]),
            ns[last],
            BestOfN.kl(ns[last]),
            ci(rate(runs, s -> s.bonWinRate()[last]), 3),
            resolved(rate(runs, s -> s.bonWinRate()[last]), "best-of-" + ns[last])));
    SeedRun first = runs.getFirst();
    if (first.dpo() != null) {
      MeanInterval dpo = rate(runs, s -> s.dpo().winRate());
      out.append(
          String.format(
              Locale.ROOT,
              " DPO job on the same rankings (%d best-vs-worst pairs): gold win rate over SFT %s"
                  + " (%s; its KL to SFT is not measurable through the API).",
              first.dpoTraining().pairs(),
              ci(dpo, 3),
              resolved(dpo, "DPO")));
    } else if (first.dpoTraining() != null) {
      out.append(" DPO: no ranking had two different golds, so no DPO job ran.");
    }
    out.append(" PPO is embedded only (per-token log-probs and gradients): not run.");
    return out.toString();
  }

  private static String resolved(MeanInterval win, String policy) {
    return win.n() < 2
        ? "one seed: no interval"
        : win.lower() > 0.5
            ? policy + " beats SFT on the gold"
            : win.upper() < 0.5
                ? policy + " loses to SFT on the gold"
                : "interval contains 1/2: no resolved difference from SFT";
  }

  /**
   * How much worse the PPO policy models held-out pretraining text than SFT (InstructGPT's
   * alignment tax, which PPO-ptx is there to hold down); null when not measured (remote, or a
   * cached stage from before it was).
   */
  static String alignmentTax(RlhfResult r) {
    List<SeedRun> runs = r.runs();
    if (runs.stream().anyMatch(s -> s.pretrainingNll() == null)) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "Held-out toy-world pretraining chats (%d per seed), NLL per token: SFT %s, PPO %s nats;"
            + " PPO minus SFT %s (pretraining mix gamma %s).",
        PpoRun.HELD_OUT_CHATS,
        ci(across(runs, s -> s.pretrainingNll()[0]), 4),
        ci(across(runs, s -> s.pretrainingNll()[1]), 4),
        ci(across(runs, s -> s.pretrainingNll()[1] - s.pretrainingNll()[0]), 4),
        r.config().ppoPtx() > 0 ? Double.toString(r.config().ppoPtx()) : "0, plain PPO");
  }

  private static double meanOfLast(List<PpoStepStats> steps, ToDoubleFunction<PpoStepStats> f) {
    int from = Math.max(0, steps.size() - 5);
    return steps.subList(from, steps.size()).stream().mapToDouble(f).average().orElse(0);
  }

  /** d = sqrt(KL) of each PPO step's rollouts (a sampled KL below 0 counts as 0). */
  static double[] ppoDistances(SeedRun s) {
    return s.steps().stream().mapToDouble(x -> Math.sqrt(Math.max(0, x.kl()))).toArray();
  }

  /** Each step's rollout gold minus the SFT policy's mean gold on the evaluation questions. */
  static double[] ppoGain(SeedRun s) {
    return java.util.Arrays.stream(s.rolloutGold()).map(g -> g - s.sft().gold()).toArray();
  }

  static double[] bonDistances(SeedRun s) {
    return java.util.Arrays.stream(s.ns()).mapToDouble(Overoptimisation::bestOfNDistance).toArray();
  }

  static double[] bonGain(SeedRun s) {
    return java.util.Arrays.stream(s.bonGold()).map(g -> g - s.bonGold()[0]).toArray();
  }

  /**
   * Gao et al.'s forms fitted per seed to the gold gain against d: R_RL(d) = d (alpha - beta ln d)
   * for PPO's rollouts, R_bon(d) = d (alpha - beta d) for best-of-n.
   */
  static TextTable fitTable(RlhfResult r) {
    TextTable t =
        TextTable.of("policy", "form", "alpha", "beta", "R^2 (per seed)", "peak d* (mean fit)")
            .alignRight(5);
    boolean[] policies = r.remote() == null ? new boolean[] {true, false} : new boolean[] {false};
    for (boolean ppo : policies) {
      List<SeedRun> runs = r.runs();
      List<Double> alpha = new java.util.ArrayList<>();
      List<Double> beta = new java.util.ArrayList<>();
      List<Double> r2 = new java.util.ArrayList<>();
      double[] meanD = null;
      double[] meanGain = null;
      for (SeedRun run : runs) {
        double[] d = ppo ? ppoDistances(run) : bonDistances(run);
        double[] g = ppo ? ppoGain(run) : bonGain(run);
        if (meanD == null) {
          meanD = new double[d.length];
          meanGain = new double[d.length];
        }
        for (int k = 0; k < d.length; k++) {
          meanD[k] += d[k] / runs.size();
          meanGain[k] += g[k] / runs.size();
        }
        CurveFit fit = fitOrNull(ppo, d, g);
        if (fit != null) {
          alpha.add(fit.value("alpha"));
          beta.add(fit.value("beta"));
          r2.add(fit.rSquared());
        }
      }
      String name = ppo ? "PPO (rollouts per step)" : "best-of-n";
      String form = ppo ? "d (alpha - beta ln d)" : "d (alpha - beta d)";
      CurveFit mean = fitOrNull(ppo, meanD, meanGain);
      if (alpha.isEmpty() || mean == null) {
        // too few points with KL > 0 (a run of a step or two)
        t.row(name, form, "n/a", "n/a", "n/a", "n/a");
        continue;
      }
      double peak =
          ppo
              ? Overoptimisation.rlPeak(mean).distance()
              : Overoptimisation.bestOfNPeak(mean).distance();
      t.row(
          name,
          form,
          ci(MeanInterval.of(unbox(alpha)), 3),
          ci(MeanInterval.of(unbox(beta)), 3),
          ci(MeanInterval.ofBounded(Double.NEGATIVE_INFINITY, 1, unbox(r2)), 2),
          Double.isFinite(peak) ? f(peak, 2) : "none");
    }
    return t;
  }

  /** The fit, or null when too few points have d > 0 for it (the forms need two). */
  private static CurveFit fitOrNull(boolean ppo, double[] d, double[] gain) {
    long positive = java.util.Arrays.stream(d).filter(v -> v > 0).count();
    if (positive < 3) {
      return null;
    }
    return ppo ? Overoptimisation.fitRl(d, gain) : Overoptimisation.fitBestOfN(d, gain);
  }

  private static double[] unbox(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static HtmlReport build(String runId, RlhfResult r) {
    RlhfConfig c = r.config();
    HtmlReport report = new HtmlReport("RLHF (InstructGPT pipeline): " + runId);
    if (r.remote() != null) {
      return remote(report, r);
    }
    report.meta(
        "Ouyang et al. 2022 in miniature on "
            + c.model()
            + ": SFT on "
            + c.demonstrations()
            + " worked arithmetic answers; a reward model (MLP head, width "
            + c.rmWidth()
            + ", over the frozen SFT model's activations) from "
            + c.rmPrompts()
            + " K = "
            + c.rankK()
            + " rankings by the gold; PPO "
            + c.ppoSteps()
            + " steps x "
            + c.rollouts()
            + " rollouts, beta "
            + c.klCoefficient()
            + (c.klTarget() > 0 ? " (adaptive, target " + c.klTarget() + " nats)" : " (fixed)")
            + (c.ppoPtx() > 0 ? ", pretraining mix gamma " + c.ppoPtx() + " (PPO-ptx)" : "")
            + "; "
            + Plurals.count(r.runs().size(), "seed")
            + ". PPO is embedded only.");
    report.heading("Does PPO beat SFT on the gold preference?");
    report.paragraph(verdict(r));
    report.paragraph(
        "Per seed: "
            + c.evalPrompts()
            + " fresh questions; PPO answers "
            + c.evalSamples()
            + " times, SFT "
            + c.pool()
            + " times (best-of-n's pool; its first answers are the SFT row), each answer's gold"
            + " compared with "
            + c.referenceSamples()
            + " further SFT answers to the same question (ties 1/2). Intervals: 95% Student t over"
            + " seeds (rates clipped to [0, 1]). KL: PPO's sum over the answer of ln pi/pi_SFT on"
            + " its own samples; best-of-n's ln n - (n-1)/n. Gold in raw units (range [-1, 2]);"
            + " RM scores recentred so SFT answers average 0.");
    report.table(policyTable(r));
    report.heading("Reward model");
    report.table(rewardModelTable(r));
    report.heading("PPO diagnostics per step");
    report.paragraph("Mean and 95% interval over seeds at each step (rollouts before the update).");
    Map<String, ToDoubleFunction<PpoStepStats>> diagnostics = new LinkedHashMap<>();
    diagnostics.put("reward-model score", PpoStepStats::score);
    diagnostics.put("KL to SFT (nats per answer)", PpoStepStats::kl);
    diagnostics.put("entropy (nats per token)", PpoStepStats::entropy);
    diagnostics.put("clip fraction", PpoStepStats::clipFraction);
    diagnostics.put("value loss", PpoStepStats::valueLoss);
    diagnostics.put("explained variance", PpoStepStats::explainedVariance);
    diagnostics.put("approx. KL per update (k3)", PpoStepStats::approxKl);
    diagnostics.put("answer length (tokens)", PpoStepStats::responseLength);
    diagnostics.put("beta", PpoStepStats::beta);
    IntervalLineChart rewardChart =
        new IntervalLineChart("Reward-model score and gold of the rollouts", "PPO step", "reward");
    int steps = r.runs().getFirst().steps().size();
    for (int s = 0; s < steps; s++) {
      int i = s;
      MeanInterval score = across(r.runs(), run -> run.steps().get(i).score());
      MeanInterval gold = across(r.runs(), run -> run.rolloutGold()[i]);
      rewardChart.point("reward-model score", s + 1, score.mean(), score.interval());
      rewardChart.point("gold", s + 1, gold.mean(), gold.interval());
    }
    report.svg(rewardChart.toSvg(760, 380));
    for (Map.Entry<String, ToDoubleFunction<PpoStepStats>> e : diagnostics.entrySet()) {
      if (e.getKey().startsWith("reward")) {
        continue;
      }
      IntervalLineChart chart = new IntervalLineChart(e.getKey(), "PPO step", e.getKey());
      for (int s = 0; s < steps; s++) {
        int i = s;
        MeanInterval m = across(r.runs(), run -> e.getValue().applyAsDouble(run.steps().get(i)));
        if (Double.isFinite(m.mean())) {
          chart.point(e.getKey(), s + 1, m.mean(), m.interval());
        }
      }
      report.svg(chart.toSvg(760, 300));
    }
    if (r.runs().getFirst().ptxLoss() != null) {
      IntervalLineChart ptx =
          new IntervalLineChart(
              "Pretraining-mix NLL of each step's batches (PPO-ptx)", "PPO step", "nats per token");
      for (int s = 0; s < steps; s++) {
        int i = s;
        MeanInterval m = across(r.runs(), run -> run.ptxLoss()[i]);
        ptx.point("pretraining NLL", s + 1, m.mean(), m.interval());
      }
      report.svg(ptx.toSvg(760, 300));
    }
    String tax = alignmentTax(r);
    if (tax != null) {
      report.heading("Alignment tax");
      report.paragraph(tax);
    }
    report.heading("Gold against KL: PPO and best-of-n");
    IntervalLineChart kl =
        new IntervalLineChart(
            "Gold of the rollouts (PPO steps) and of best-of-n against KL to SFT",
            "KL to SFT (nats per answer)",
            "gold reward");
    for (int s = 0; s < steps; s++) {
      int i = s;
      MeanInterval k = across(r.runs(), run -> run.steps().get(i).kl());
      MeanInterval g = across(r.runs(), run -> run.rolloutGold()[i]);
      kl.point("PPO (rollouts per step)", k.mean(), g.mean(), g.interval());
    }
    int[] ns = r.runs().getFirst().ns();
    for (int k = 0; k < ns.length; k++) {
      int i = k;
      MeanInterval g = across(r.runs(), run -> run.bonGold()[i]);
      kl.point("best-of-n", BestOfN.kl(ns[i]), g.mean(), g.interval());
    }
    report.svg(kl.toSvg(760, 400));
    report.paragraph(
        "Gao, Schulman and Hilton's functional forms fitted per seed to the gold gain over SFT"
            + " (raw gold units) against d = sqrt(KL): PPO's rollouts at every step (gain over the"
            + " SFT policy's mean gold on the evaluation questions), best-of-n over its n grid."
            + " Intervals: 95% Student t over seeds.");
    report.table(fitTable(r));
    report.heading("Examples (first seed)");
    TextTable ex = TextTable.of("question", "SFT", "PPO");
    for (List<String> e : r.runs().getFirst().examples()) {
      ex.row(e);
    }
    report.table(ex);
    report.heading("Stages");
    report.paragraph(
        "Reward-model training (features and head, not cached): "
            + f(r.rewardModelSeconds(), 1)
            + " s. Per seed, PPO and evaluation seconds: "
            + String.join(
                ", ",
                r.runs().stream()
                    .map(s -> f(s.ppoSeconds(), 0) + " + " + f(s.evalSeconds(), 0))
                    .toList())
            + ".");
    report.table(Stages.table(r.stages()));
    return report;
  }

  /** A remote run's report: SFT, reward model, best-of-n and DPO; no PPO sections. */
  private static HtmlReport remote(HtmlReport report, RlhfResult r) {
    RlhfConfig c = r.config();
    report.meta(
        "Ouyang et al. 2022, the part an API allows, on "
            + c.model()
            + ": SFT by a fine-tuning job on "
            + c.demonstrations()
            + " worked arithmetic answers (model "
            + r.remote().sftModel()
            + "); a reward model (MLP head, width "
            + c.rmWidth()
            + ", over the frozen activations of the local reader "
            + r.remote().reader()
            + ") from "
            + c.rmPrompts()
            + " K = "
            + c.rankK()
            + " rankings by the gold of the remote SFT model's answers; best-of-n over "
            + c.pool()
            + " remote SFT answers per question"
            + (c.dpoBeta() > 0 ? "; a DPO job (beta " + c.dpoBeta() + ") per seed" : "")
            + "; "
            + Plurals.count(r.runs().size(), "seed")
            + ". PPO is embedded only and was not run.");
    report.heading("Do best-of-n and DPO beat SFT on the gold preference?");
    report.paragraph(remoteVerdict(r));
    report.paragraph(
        "Per seed: "
            + c.evalPrompts()
            + " fresh questions; the remote SFT model answers "
            + c.pool()
            + " times (best-of-n's pool; its answers are the SFT row)"
            + (c.dpoBeta() > 0 ? ", the DPO model " + c.evalSamples() + " times" : "")
            + ", each answer's gold compared with "
            + c.referenceSamples()
            + " further SFT answers to the same question (ties 1/2). Every question's answers are"
            + " one request with n samples. Intervals: 95% Student t over seeds (rates clipped to"
            + " [0, 1]). KL: best-of-n's ln n - (n-1)/n; the DPO model's is not measured (the API"
            + " gives no SFT log-probabilities of its answers). RM scores read the answers' text"
            + " through the local reader, recentred so the ranked SFT answers average 0.");
    report.table(policyTable(r));
    report.heading("Reward model");
    report.table(rewardModelTable(r));
    report.heading("Gold against KL: best-of-n");
    IntervalLineChart kl =
        new IntervalLineChart(
            "Gold of best-of-n against KL to SFT", "KL to SFT (nats per answer)", "gold reward");
    int[] ns = r.runs().getFirst().ns();
    for (int k = 0; k < ns.length; k++) {
      int i = k;
      MeanInterval g = across(r.runs(), run -> run.bonGold()[i]);
      kl.point("best-of-n", BestOfN.kl(ns[i]), g.mean(), g.interval());
    }
    report.svg(kl.toSvg(760, 400));
    report.table(fitTable(r));
    report.heading("Examples (first seed)");
    TextTable ex = TextTable.of("question", "SFT", "best-of-" + c.pool());
    for (List<String> e : r.runs().getFirst().examples()) {
      ex.row(e);
    }
    report.table(ex);
    report.heading("Stages");
    report.paragraph(
        "Reward-model training (features and head, not cached): "
            + f(r.rewardModelSeconds(), 1)
            + " s. Per seed, evaluation seconds: "
            + String.join(", ", r.runs().stream().map(s -> f(s.evalSeconds(), 0)).toList())
            + ".");
    report.table(Stages.table(r.stages()));
    return report;
  }

  static String textSummary(RlhfResult r) {
    StringBuilder out = new StringBuilder();
    out.append(policyTable(r).render());
    out.append(rewardModelTable(r).render());
    out.append(fitTable(r).render());
    out.append(verdict(r)).append('\n');
    String tax = r.remote() == null ? alignmentTax(r) : null;
    if (tax != null) {
      out.append("Alignment tax: ").append(tax).append('\n');
    }
    return out.toString();
  }

  static Map<String, Double> metrics(RlhfResult r) {
    Map<String, Double> m = new LinkedHashMap<>();
    List<SeedRun> runs = r.runs();
    if (runs.getFirst().ppo() != null) {
      m.put("ppo.win_rate", across(runs, s -> s.ppo().winRate()).mean());
      m.put("ppo.kl", across(runs, s -> s.ppo().kl()).mean());
      m.put("ppo.gold", across(runs, s -> s.ppo().gold()).mean());
      if (runs.stream().allMatch(s -> s.pretrainingNll() != null)) {
        m.put(
            "ppo.pretraining_nll_increase",
            across(runs, s -> s.pretrainingNll()[1] - s.pretrainingNll()[0]).mean());
      }
    }
    m.put("sft.gold", across(runs, s -> s.sft().gold()).mean());
    if (runs.getFirst().dpo() != null) {
      m.put("dpo.win_rate", across(runs, s -> s.dpo().winRate()).mean());
      if (!Double.isNaN(runs.getFirst().dpo().kl())) {
        m.put("dpo.kl", across(runs, s -> s.dpo().kl()).mean());
      }
    }
    int last = runs.getFirst().ns().length - 1;
    m.put("bon.max_n.win_rate", across(runs, s -> s.bonWinRate()[last]).mean());
    m.put("rm.held_out_accuracy", r.rewardModel().heldOutAccuracy());
    return m;
  }
}
