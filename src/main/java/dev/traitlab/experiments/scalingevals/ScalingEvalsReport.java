package dev.traitlab.experiments.scalingevals;

import dev.traitlab.core.Figures;
import dev.traitlab.eval.bigbench.BigBenchTasks;
import dev.traitlab.eval.task.MetricValue;
import dev.traitlab.eval.truthfulqa.TruthfulQaTasks;
import dev.traitlab.experiments.scalingevals.ScalingEvalsResult.Fit;
import dev.traitlab.experiments.scalingevals.ScalingEvalsResult.JudgeFit;
import dev.traitlab.experiments.scalingevals.ScalingEvalsResult.ModelInfo;
import dev.traitlab.experiments.scalingevals.ScalingEvalsResult.Steps;
import dev.traitlab.experiments.scalingevals.ScalingEvalsResult.TaskResult;
import dev.traitlab.experiments.scalingevals.ScalingEvalsResult.TunedInfo;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.report.IntervalLineChart;
import dev.traitlab.report.TextTable;
import dev.traitlab.stats.Interval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The scaling-evals report: the family (parameters, build times), truthfulness against parameters
 * (log scale) with 95% intervals and the extrapolated fits, BIG-bench accuracy and calibration
 * against parameters, which metrics change smoothly and which jump, and what does and does not
 * follow the papers.
 */
final class ScalingEvalsReport {
  private ScalingEvalsReport() {}

  static HtmlReport html(String runId, ScalingEvalsResult r) {
    HtmlReport html = new HtmlReport("scaling-evals: truthfulness and capability against size");
    html.meta("run " + runId);
    html.paragraph(
        "A family of toy-world base models of increasing size, one recipe (Llama layout, one pass"
            + " over "
            + r.config().corpusChats()
            + " chats of the scaling toy world, batch "
            + r.config().trainBatch()
            + ", peak learning rate "
            + r.config().learningRate()
            + "), evaluated on TruthfulQA-format questions built from the world's popular"
            + " misconceptions and from matched control facts (Lin, Hilton, Evans 2021), and on"
            + " BIG-bench-format JSON tasks from its lore (Srivastava et al. 2022). Intervals are"
            + " 95%: Wilson for rates, bootstrap for MC2, ECE and Brier, and for the fits a"
            + " bootstrap over questions (the same resample for every model).");
    html.heading("The family");
    html.table(modelTable(r));
    html.paragraph(corpusLine(r));
    if (!r.tuned().isEmpty()) {
      html.heading("SFT and PPO versions of the smallest model");
      html.table(tunedTable(r));
      html.paragraph(TUNED_RECIPE);
    }

    html.heading("Truthfulness against size");
    for (String metric : ScalingEvalsExperiment.TRUTH_METRICS) {
      html.svg(truthChart(r, metric).toSvg(760, 380));
    }
    html.table(truthTable(r));
    if (!r.fits().isEmpty()) {
      html.heading("Fits against log10 parameters, extrapolated");
      html.table(fitTable(r));
      html.paragraph(
          "line CI: Student-t over the models' scatter about the line (n - 2 degrees of freedom);"
              + " question CI: bootstrap over questions. Neither covers the line's own"
              + " misspecification, which beyond the largest model is the larger risk.");
    } else {
      html.paragraph("Fewer than 3 models: no fits.");
    }

    html.heading("Generation form, judged");
    html.table(generationTable(r));
    html.paragraph(judgeLine(r));

    html.heading("BIG-bench tasks against size");
    html.svg(
        bigBenchChart(r, BigBenchTasks.MCG, "accuracy (multiple_choice_grade)", 0.125)
            .toSvg(760, 380));
    html.svg(bigBenchChart(r, BigBenchTasks.EXACT, "exact_str_match", Double.NaN).toSvg(760, 380));
    html.svg(
        bigBenchChart(r, BigBenchTasks.ECE, "expected calibration error", Double.NaN)
            .toSvg(760, 380));
    html.svg(
        bigBenchChart(r, BigBenchTasks.BRIER, "multiple-choice Brier score", Double.NaN)
            .toSvg(760, 380));
    html.table(bigBenchTable(r));
    html.heading("Smooth or jump");
    html.table(stepsTable(r));
    html.paragraph(
        "shape: 'jump' when one step between neighbouring sizes makes at least "
            + ScalingShapes.JUMP_SHARE
            + " of the total change and the change exceeds twice the end points' widest interval"
            + " half-width; 'flat' when it does not exceed that; else 'smooth'.");
    html.heading("Against the papers");
    for (String line : findings(r)) {
      html.paragraph(line);
    }
    html.heading("Samples");
    Set<String> seen = new LinkedHashSet<>();
    for (TaskResult t : r.tasks()) {
      if (t.samples() != null && seen.add(t.samples())) {
        html.paragraphWithLink(
            t.task() + " on " + t.size() + ": ", "samples", "file://" + t.samples());
      }
    }
    return html;
  }

  static final String TUNED_RECIPE =
      "The InstructGPT comparison: SFT of the smallest model on expert demonstrations (the true"
          + " answer sentence, ended by the turn's blank line, for every fact no evaluation file"
          + " asks about: creatures of odd popularity rank, misconceptions and control facts left"
          + " out; plus one correctly answered sum per three facts, evaluation sums left out),"
          + " loss on the answers; then token-level PPO from the SFT model (rl.lm, per-token KL"
          + " penalty to SFT, 64 rollouts per step, 4 epochs x 4 minibatches) on questions about"
          + " the same training facts, rewarded by the world's truth (+1 the true sentence, 0"
          + " another value's, -1 anything else). Neither saw a misconception, a control or a"
          + " BIG-bench question: they can change how the model answers, not what it knows of"
          + " the evaluated facts.";

  static TextTable modelTable(ScalingEvalsResult r) {
    TextTable t =
        TextTable.of("model", "parameters", "tokens", "final loss", "build s")
            .alignRight(1, 2, 3, 4);
    double total = 0;
    for (ModelInfo m : r.models()) {
      t.row(
          m.size(),
          String.format(Locale.ROOT, "%,d", m.parameters()),
          String.format(Locale.ROOT, "%,d", m.tokens()),
          String.format(Locale.ROOT, "%.3f", m.finalLoss()),
          String.format(Locale.ROOT, "%.0f", m.buildSeconds()));
      total += m.buildSeconds();
    }
    t.row("all", "", "", "", String.format(Locale.ROOT, "%.0f", total));
    return t;
  }

  static String corpusLine(ScalingEvalsResult r) {
    var c = r.corpus();
    double share = (double) c.falseStatements() / (c.falseStatements() + c.trueStatements());
    return String.format(
        Locale.ROOT,
        "Corpus: %,d chats; its %d misconceptions are stated falsely %,d times and truly %,d"
            + " times (false share %.3f; designed: the casual share %.2f). %d of the %d are"
            + " stated truly more often than falsely (rare creatures, by chance): a model that"
            + " imitated each question's own frequencies would score %.3f on the binary form.",
        c.chats(),
        c.misconceptions(),
        c.falseStatements(),
        c.trueStatements(),
        share,
        c.casual(),
        c.truthMajority(),
        c.misconceptions(),
        (double) c.truthMajority() / c.misconceptions());
  }

  /** Every evaluated model's label and parameters: the family, then its tuned versions. */
  static Map<String, Long> evaluated(ScalingEvalsResult r) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (ModelInfo m : r.models()) {
      out.put(m.size(), m.parameters());
    }
    for (TunedInfo t : r.tuned()) {
      out.put(t.label(), t.parameters());
    }
    return out;
  }

  static TextTable tunedTable(ScalingEvalsResult r) {
    TextTable t =
        TextTable.of(
                "model",
                "from",
                "method",
                "seconds",
                "SFT final loss",
                "PPO rollout gold, first 5 steps",
                "last 5 steps",
                "KL to SFT, last 5 (nats)",
                "KL penalty")
            .alignRight(3, 4, 5, 6, 7, 8);
    for (TunedInfo u : r.tuned()) {
      t.row(
          u.label(),
          u.from(),
          u.method(),
          String.format(Locale.ROOT, "%.0f", u.seconds()),
          num(u.finalLoss()),
          num(u.firstGold()),
          num(u.lastGold()),
          num(u.lastKl()),
          num(u.klPenalty()));
    }
    return t;
  }

  private static String num(double v) {
    return Figures.of(v, 3);
  }

  private static MetricValue find(ScalingEvalsResult r, String group, String metric, String size) {
    for (TaskResult t : r.tasks()) {
      if (t.group().equals(group) && t.size().equals(size) && t.metric(metric) != null) {
        return t.metric(metric);
      }
    }
    return null;
  }

  static IntervalLineChart truthChart(ScalingEvalsResult r, String metric) {
    IntervalLineChart chart =
        new IntervalLineChart(
                "TruthfulQA-format " + metric + " against parameters", "parameters", metric)
            .logX()
            .yRange(0, 1);
    for (String group :
        List.of(ScalingEvalsExperiment.MISCONCEPTIONS, ScalingEvalsExperiment.CONTROLS)) {
      for (ModelInfo m : r.models()) {
        MetricValue v = find(r, group, metric, m.size());
        if (v != null) {
          chart.point(group, m.parameters(), v.value(), new Interval(v.low(), v.high()));
        }
      }
      for (TunedInfo u : r.tuned()) {
        MetricValue v = find(r, group, metric, u.label());
        if (v != null) {
          chart.point(
              group + ", " + u.label(), u.parameters(), v.value(), new Interval(v.low(), v.high()));
        }
      }
      for (Fit f : r.fits()) {
        if (f.task().equals(group) && f.metric().equals(metric)) {
          double lo = r.models().get(0).parameters();
          for (double n : new double[] {lo, f.atParameters()}) {
            chart.reference(group + " fit", n, f.intercept() + f.slope() * Math.log10(n));
          }
          // A rate cannot leave [0, 1]: the line's value there is drawn at the bound it crossed.
          Interval q = f.questionInterval();
          chart.point(
              group + " extrapolated (clipped to [0, 1])",
              f.atParameters(),
              clip(f.predicted()),
              q.hasBounds() ? new Interval(clip(q.lower()), clip(q.upper())) : q);
        }
      }
    }
    chart.level(
        metric.equals(TruthfulQaTasks.BINARY) ? "chance 0.5" : "chance (1 of 4) 0.25",
        metric.equals(TruthfulQaTasks.BINARY) ? 0.5 : 0.25);
    return chart;
  }

  static TextTable truthTable(ScalingEvalsResult r) {
    List<String> headers = new ArrayList<>(List.of("model"));
    for (String g : List.of("misconceptions", "controls")) {
      for (String m : ScalingEvalsExperiment.TRUTH_METRICS) {
        headers.add(g + " " + m);
      }
    }
    TextTable t = new TextTable(headers);
    for (String label : evaluated(r).keySet()) {
      List<String> row = new ArrayList<>(List.of(label));
      for (String g :
          List.of(ScalingEvalsExperiment.MISCONCEPTIONS, ScalingEvalsExperiment.CONTROLS)) {
        for (String metric : ScalingEvalsExperiment.TRUTH_METRICS) {
          row.add(cell(find(r, g, metric, label)));
        }
      }
      t.row(row);
    }
    return t;
  }

  static TextTable generationTable(ScalingEvalsResult r) {
    TextTable t =
        TextTable.of(
            "questions",
            "model",
            "truth (judge)",
            "info (judge)",
            "truth and info (judge)",
            "oracle truth (world's labels, graded answers)",
            "judge agrees with oracle");
    for (String g :
        List.of(ScalingEvalsExperiment.MISCONCEPTIONS, ScalingEvalsExperiment.CONTROLS)) {
      for (String label : evaluated(r).keySet()) {
        MetricValue truth = find(r, g, TruthfulQaTasks.TRUTH, label);
        if (truth == null) {
          continue;
        }
        MetricValue lore = find(r, g, ScalingEvalsExperiment.LORE_TRUTH, label);
        t.row(
            g,
            label,
            cell(truth),
            cell(find(r, g, TruthfulQaTasks.INFO, label)),
            cell(find(r, g, TruthfulQaTasks.TRUE_AND_INFO, label)),
            cell(lore) + (lore == null ? "" : " n=" + lore.n()),
            cell(find(r, g, ScalingEvalsExperiment.JUDGE_AGREES, label)));
      }
    }
    return t;
  }

  static String judgeLine(ScalingEvalsResult r) {
    JudgeFit j = r.judge();
    List<String> held = new ArrayList<>();
    for (MetricValue m : j.heldOut()) {
      held.add(m.name() + " " + m.format(3) + " (n=" + m.n() + ")");
    }
    return String.format(
        Locale.ROOT,
        "Answers are generated greedily after 'Q: question\\nA:' (no primer; at most 50 tokens,"
            + " to the first blank line) and judged by a toy judge in GPT-judge's role: the %s"
            + " base model (%,d parameters) fine-tuned (%s) to answer ' yes' or ' no' after"
            + " 'Q: ...\\nReference: <the question's true answer>\\nA: ...\\nTrue:' and after"
            + " GPT-info's 'Q: ...\\nA: ...\\nHelpful:', on %,d examples built from %,d facts of"
            + " a second world (the same generator, another seed, none of the evaluated world's"
            + " creatures; per fact: the true sentence, two false ones, a non-answer; one pass),"
            + " %.0f s, final loss %.3f; P(' yes') >= 0.5 is the verdict. It is"
            + " opened by its model reference and scored through eval's AnswerJudge, as a"
            + " --judge model is. Agreement with the world's labels on the labelled answers (every"
            + " value sentence of the question's relation, 'I have no comment.', 'I don't know.')"
            + " of the %d evaluation questions, none trained on (%.0f s): %s. 'on_true': true"
            + " answers called true; 'on_false': false answers called false; 'balanced': their"
            + " mean (interval: the mean of their Wilson bounds). The oracle column grades an"
            + " answer that is exactly a value sentence by the world itself.",
        j.model(),
        j.parameters(),
        j.recipe(),
        j.trainExamples(),
        j.trainFacts(),
        j.trainSeconds(),
        j.trainLoss(),
        j.heldOutQuestions(),
        j.judgeSeconds(),
        String.join(", ", held));
  }

  static TextTable fitTable(ScalingEvalsResult r) {
    TextTable t =
        TextTable.of(
            "questions",
            "metric",
            "slope per decade [question CI]",
            "R^2",
            "at parameters",
            "line there",
            "line CI",
            "question CI",
            "line leaves [0, 1] at");
    for (Fit f : r.fits()) {
      double leaves = leavesUnitInterval(f);
      t.row(
          f.task(),
          f.metric(),
          String.format(Locale.ROOT, "%+.3f %s", f.slope(), interval(f.slopeInterval())),
          Figures.of(f.rSquared(), 2),
          String.format(Locale.ROOT, "%,.0f", f.atParameters()),
          Figures.of(f.predicted(), 3),
          interval(f.lineInterval()),
          interval(f.questionInterval()),
          Double.isFinite(leaves) ? String.format(Locale.ROOT, "%,.0f", leaves) : "-");
    }
    return t;
  }

  /**
   * The parameter count at which the fitted line reaches 0 (falling) or 1 (rising), when it does so
   * before the extrapolation point; NaN otherwise.
   */
  static double leavesUnitInterval(Fit f) {
    if (f.slope() == 0 || (f.predicted() >= 0 && f.predicted() <= 1)) {
      return Double.NaN;
    }
    double bound = f.slope() > 0 ? 1 : 0;
    return Math.pow(10, (bound - f.intercept()) / f.slope());
  }

  private static double clip(double v) {
    return Math.max(0, Math.min(1, v));
  }

  static IntervalLineChart bigBenchChart(
      ScalingEvalsResult r, String metric, String label, double chance) {
    IntervalLineChart chart =
        new IntervalLineChart("BIG-bench " + label + " against parameters", "parameters", label)
            .logX();
    for (TaskResult t : r.tasks()) {
      MetricValue v = t.metric(metric);
      if (v == null) {
        continue;
      }
      Long n = evaluated(r).get(t.size());
      boolean family = r.models().stream().anyMatch(m -> m.size().equals(t.size()));
      chart.point(
          family ? t.task() : t.task() + ", " + t.size(),
          n,
          v.value(),
          new Interval(v.low(), v.high()));
    }
    if (Double.isFinite(chance)) {
      chart.level("chance " + chance, chance);
    }
    return chart;
  }

  static TextTable bigBenchTable(ScalingEvalsResult r) {
    TextTable t = TextTable.of("task", "model", "accuracy", "ECE", "Brier");
    for (TaskResult tr : r.tasks()) {
      if (!tr.group().equals(ScalingEvalsExperiment.BIGBENCH)
          && !tr.group().equals(ScalingEvalsExperiment.SUMS)) {
        continue;
      }
      MetricValue acc = tr.metric(BigBenchTasks.MCG);
      if (acc == null) {
        acc = tr.metric(BigBenchTasks.EXACT);
      }
      t.row(
          tr.task(),
          tr.size(),
          cell(acc),
          cell(tr.metric(BigBenchTasks.ECE)),
          cell(tr.metric(BigBenchTasks.BRIER)));
    }
    return t;
  }

  static TextTable stepsTable(ScalingEvalsResult r) {
    TextTable t = TextTable.of("task", "metric", "values by size", "largest step share", "shape");
    for (Steps s : r.steps()) {
      t.row(
          s.task(),
          s.metric(),
          String.join(", ", s.values().stream().map(v -> Figures.of(v, 3)).toList()),
          Figures.of(s.largestShare(), 2),
          s.shape());
    }
    return t;
  }

  /** What the run shows against the papers, read off its numbers. */
  static List<String> findings(ScalingEvalsResult r) {
    List<String> out = new ArrayList<>();
    for (Fit f : r.fits()) {
      if (!f.metric().equals(TruthfulQaTasks.MC1)) {
        continue;
      }
      String direction =
          f.slopeInterval().upper() < 0
              ? "falls with size (resolved)"
              : f.slopeInterval().lower() > 0
                  ? "rises with size (resolved)"
                  : "has no resolved trend";
      double leaves = leavesUnitInterval(f);
      String reading =
          Double.isFinite(leaves)
              ? String.format(
                  Locale.ROOT,
                  "the line reaches %s at %,.0f parameters, before %,.0f, where it reads %.3f %s:"
                      + " a straight line in log parameters cannot hold for a rate there; the"
                      + " extrapolation says only that the metric is expected at its bound",
                  f.slope() > 0 ? "1" : "0",
                  leaves,
                  f.atParameters(),
                  f.predicted(),
                  interval(f.questionInterval()))
              : String.format(
                  Locale.ROOT,
                  "read at %,.0f parameters the line gives %.3f %s (question bootstrap; %s over"
                      + " the models' scatter about the line)",
                  f.atParameters(),
                  f.predicted(),
                  interval(f.questionInterval()),
                  interval(f.lineInterval()));
      out.add(
          String.format(
              Locale.ROOT,
              "%s MC1 %s: %+.3f per decade of parameters %s, R^2 %.2f; %s.",
              f.task(),
              direction,
              f.slope(),
              interval(f.slopeInterval()),
              f.rSquared(),
              reading));
    }
    if (!r.models().isEmpty()) {
      ModelInfo largest = r.models().get(r.models().size() - 1);
      MetricValue bin =
          find(r, ScalingEvalsExperiment.MISCONCEPTIONS, TruthfulQaTasks.BINARY, largest.size());
      if (bin != null) {
        out.add(
            String.format(
                Locale.ROOT,
                "The largest model (%s) prefers the true answer to the popular false one on %.3f"
                    + " [%.3f, %.3f] of the misconceptions; a model that copied each question's"
                    + " frequencies in the corpus exactly would on %.3f, and one that knew nothing"
                    + " on 0.5 on average: %s.",
                largest.size(),
                bin.value(),
                bin.low(),
                bin.high(),
                (double) r.corpus().truthMajority() / r.corpus().misconceptions(),
                bin.high() < 0.5
                    ? "the falsehoods are learnt by imitation"
                    : bin.low() > 0.5
                        ? "it prefers the truth more often than not"
                        : "not distinguishable from knowing nothing"));
      }
    }
    List<String> agreement = new ArrayList<>();
    List<String> lore = new ArrayList<>();
    for (String g :
        List.of(ScalingEvalsExperiment.MISCONCEPTIONS, ScalingEvalsExperiment.CONTROLS)) {
      for (String label : evaluated(r).keySet()) {
        MetricValue a = find(r, g, ScalingEvalsExperiment.JUDGE_AGREES, label);
        MetricValue l = find(r, g, ScalingEvalsExperiment.LORE_TRUTH, label);
        if (a != null && l != null) {
          agreement.add(Figures.of(a.value(), 2));
          lore.add(g + " " + label + " " + Figures.of(l.value(), 3));
        }
      }
    }
    if (!agreement.isEmpty()) {
      out.add(
          "Generation form: graded by the world itself (answers that are exactly a value"
              + " sentence), the share of true answers is "
              + String.join(", ", lore)
              + ". The toy judge's truth verdicts agree with the world's on "
              + String.join(", ", agreement)
              + " of the graded answers (misconceptions, then controls, by model; the judge was"
              + " trained on none of these questions). (GPT-judge reached 90-96% agreement with"
              + " humans in the paper.)");
    }
    Map<String, List<String>> byShape = new LinkedHashMap<>();
    for (Steps st : r.steps()) {
      byShape
          .computeIfAbsent(st.shape(), k -> new ArrayList<>())
          .add(st.task() + " " + st.metric());
    }
    if (!byShape.isEmpty()) {
      StringBuilder sb = new StringBuilder("BIG-bench metrics against size:");
      byShape.forEach(
          (shape, names) ->
              sb.append(' ')
                  .append(shape)
                  .append(": ")
                  .append(String.join(", ", names))
                  .append('.'));
      sb.append(
          " BIG-bench reports that most tasks improve smoothly with scale and some jump"
              + " ('breakthrough'), often those scored by exact match of a multi-step answer, where"
              + " per-step skill enters as a power of the number of steps; and that calibration"
              + " improves with scale.");
      out.add(sb.toString());
    }
    out.add(
        "TruthfulQA's finding is that larger models of a family are less truthful on questions"
            + " where humans hold misconceptions, while they improve on matched control questions;"
            + " compare the two MC1 lines above. Here the false answer is what the corpus says"
            + " most often; the paper's models imitate human text, where it is not known how often"
            + " each falsehood is stated. Unlike the paper, no prompt (helpful, harmful) or"
            + " 'I have no comment' answer is studied, and MC2 and binary are reported alongside.");
    out.addAll(instructFindings(r));
    return out;
  }

  /**
   * The InstructGPT comparison read off the run: each tuned version against its base and the
   * largest.
   */
  static List<String> instructFindings(ScalingEvalsResult r) {
    if (r.tuned().isEmpty() || r.models().isEmpty()) {
      return List.of(
          "The InstructGPT comparison (SFT/PPO versions of the smallest model) was not run"
              + " (--sft-epochs 0).");
    }
    List<String> labels = new ArrayList<>();
    labels.add(r.models().get(0).size());
    r.tuned().forEach(u -> labels.add(u.label()));
    labels.add(r.models().get(r.models().size() - 1).size());
    List<String[]> measures =
        List.of(
            new String[] {ScalingEvalsExperiment.MISCONCEPTIONS, TruthfulQaTasks.MC1},
            new String[] {ScalingEvalsExperiment.MISCONCEPTIONS, TruthfulQaTasks.BINARY},
            new String[] {ScalingEvalsExperiment.MISCONCEPTIONS, ScalingEvalsExperiment.LORE_TRUTH},
            new String[] {ScalingEvalsExperiment.CONTROLS, TruthfulQaTasks.MC1},
            new String[] {ScalingEvalsExperiment.CONTROLS, ScalingEvalsExperiment.LORE_TRUTH},
            new String[] {ScalingEvalsExperiment.CONTROLS, TruthfulQaTasks.INFO});
    StringBuilder sb =
        new StringBuilder(
            "InstructGPT comparison (the smallest base, its SFT and PPO versions, the largest"
                + " base):");
    for (String[] m : measures) {
      sb.append(' ').append(m[0]).append(' ').append(m[1]).append(':');
      for (String label : labels) {
        MetricValue v = find(r, m[0], m[1], label);
        sb.append(' ').append(label).append(' ').append(v == null ? "-" : cell(v)).append(';');
      }
    }
    sb.append(
        " InstructGPT's 1.3B model was preferred to the 175B base and was more truthful on"
            + " TruthfulQA; here what SFT and PPO on other facts change is read off these rows"
            + " (overlapping intervals: no resolved change).");
    return List.of(sb.toString());
  }

  static String text(ScalingEvalsResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append(modelTable(r).render()).append('\n');
    sb.append(corpusLine(r)).append("\n\n");
    if (!r.tuned().isEmpty()) {
      sb.append(tunedTable(r).render()).append('\n');
    }
    sb.append(truthTable(r).render()).append('\n');
    sb.append(generationTable(r).render()).append('\n');
    if (r.judge() != null) {
      sb.append(judgeLine(r)).append("\n\n");
    }
    if (!r.fits().isEmpty()) {
      sb.append(fitTable(r).render()).append('\n');
    }
    sb.append(bigBenchTable(r).render()).append('\n');
    sb.append(stepsTable(r).render()).append('\n');
    for (String f : findings(r)) {
      sb.append(f).append('\n');
    }
    return sb.toString();
  }

  static Map<String, Double> metrics(ScalingEvalsResult r) {
    Map<String, Double> m = new LinkedHashMap<>();
    if (r.models().isEmpty()) {
      return m;
    }
    String largest = r.models().get(r.models().size() - 1).size();
    MetricValue mis = find(r, ScalingEvalsExperiment.MISCONCEPTIONS, TruthfulQaTasks.MC1, largest);
    MetricValue con = find(r, ScalingEvalsExperiment.CONTROLS, TruthfulQaTasks.MC1, largest);
    if (mis != null) {
      m.put("misconceptions_mc1_largest", mis.value());
    }
    if (con != null) {
      m.put("controls_mc1_largest", con.value());
    }
    for (Fit f : r.fits()) {
      if (f.metric().equals(TruthfulQaTasks.MC1)) {
        m.put(f.task() + "_mc1_slope", f.slope());
      }
    }
    if (r.judge() != null) {
      for (MetricValue v : r.judge().heldOut()) {
        m.put("judge_heldout_" + v.name(), v.value());
      }
    }
    for (TunedInfo u : r.tuned()) {
      MetricValue v =
          find(r, ScalingEvalsExperiment.MISCONCEPTIONS, TruthfulQaTasks.MC1, u.label());
      if (v != null) {
        m.put("misconceptions_mc1_" + u.method().toLowerCase(Locale.ROOT), v.value());
      }
    }
    m.put("build_seconds", r.models().stream().mapToDouble(ModelInfo::buildSeconds).sum());
    return m;
  }

  private static String cell(MetricValue v) {
    if (v == null) {
      return "";
    }
    return v.format(3);
  }

  private static String interval(Interval i) {
    return i == null || !i.hasBounds() ? "n/a" : i.bracketed(3);
  }
}
