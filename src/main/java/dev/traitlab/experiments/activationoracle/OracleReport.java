package dev.traitlab.experiments.activationoracle;

import dev.traitlab.core.Figures;
import dev.traitlab.experiments.activationoracle.ActivationOracleResult.Rate;
import dev.traitlab.experiments.activationoracle.ActivationOracleResult.TaskRow;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.report.IntervalBarChart;
import dev.traitlab.report.TextTable;
import dev.traitlab.stats.Wilson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Tables, charts and the text summary of an activation-oracle run. */
final class OracleReport {
  private OracleReport() {}

  /** "0.42 [0.35, 0.49]" (pooled, Wilson). */
  static String pooled(Rate r) {
    return Figures.withInterval(r.rate(), r.lower(), r.upper(), 2);
  }

  /** The t interval over seeds, or "-" with one seed. */
  static String overSeeds(Rate r) {
    if (Double.isNaN(r.seedLower())) {
      return "-";
    }
    return String.format(Locale.ROOT, "[%.2f, %.2f]", r.seedLower(), r.seedUpper());
  }

  static TextTable table(ActivationOracleResult r) {
    TextTable t =
        TextTable.of(
            "task",
            "depth",
            "n/seed",
            "chance",
            "oracle (answer)",
            "t over seeds",
            "oracle (ranked)",
            "control (answer)",
            "control (ranked)",
            "linear probe",
            "black box");
    for (TaskRow row : r.rows()) {
      t.row(
          row.task(),
          row.depth() + "% (block " + row.block() + ")",
          Integer.toString(row.items()),
          String.format(Locale.ROOT, "%.2f", row.chance()),
          pooled(row.oracle()),
          overSeeds(row.oracle()),
          pooled(row.oracleRanked()),
          pooled(row.control()),
          pooled(row.controlRanked()),
          pooled(row.probe()),
          // The target is asked once per question, not once per oracle seed: its own n.
          pooled(row.blackBox()) + " (n " + row.blackBox().n() + ")");
    }
    return t;
  }

  static TextTable checks(ActivationOracleResult r) {
    TextTable t = TextTable.of("task", "target check (held-out prompts)", "count", "rate");
    for (var c : r.targets()) {
      t.row(
          c.task(),
          c.check(),
          c.successes() + "/" + c.n(),
          String.format(Locale.ROOT, "%.2f", c.successes() / (double) Math.max(1, c.n())));
    }
    return t;
  }

  static TextTable training(ActivationOracleResult r) {
    TextTable t = TextTable.of("seed", "examples", "first loss", "last loss", "seconds");
    for (var f : r.oracles()) {
      t.row(
          Long.toString(f.seed()),
          Integer.toString(f.examples()),
          String.format(Locale.ROOT, "%.3f", f.firstLoss()),
          String.format(Locale.ROOT, "%.3f", f.lastLoss()),
          String.format(Locale.ROOT, "%.0f", f.seconds()));
    }
    return t;
  }

  static TextTable mixTable(ActivationOracleResult r) {
    TextTable t =
        TextTable.of(
            "training family (held out)",
            "n",
            "exact",
            "exact, activations shuffled",
            "most common answer (chance)");
    for (var m : r.inDistribution()) {
      t.row(
          m.source(),
          Integer.toString(m.n()),
          wilson(m.exact(), m.n()),
          wilson(m.exactShuffled(), m.n()),
          wilson(m.majority(), m.n()));
    }
    return t;
  }

  /** "0.42 [0.35, 0.49]": a proportion with its Wilson 95% interval. */
  static String wilson(int successes, int n) {
    var w = Wilson.interval(successes, n);
    return String.format(
        Locale.ROOT, "%.2f [%.2f, %.2f]", successes / (double) n, w.lower(), w.upper());
  }

  /** The learning curves: per family and step, exact answers pooled over the seeds. */
  static TextTable curveTable(ActivationOracleResult r) {
    TextTable t =
        TextTable.of("training family (held out)", "step", "n", "exact", "exact, shuffled");
    Map<String, int[]> pooled = new LinkedHashMap<>();
    Map<String, String> label = new LinkedHashMap<>();
    for (var p : r.curve()) {
      // Pooled by the fraction of the mix, not the step: seeds' mixes differ by a few steps.
      long percent = p.steps() == 0 ? 0 : Math.round(100.0 * p.step() / p.steps());
      String key = p.source() + "\u0000" + percent;
      label.putIfAbsent(key, p.steps() == 0 ? "warm-up only" : "mix " + percent + "% of steps");
      int[] c = pooled.computeIfAbsent(key, x -> new int[3]);
      c[0] += p.n();
      c[1] += p.exact();
      c[2] += p.exactShuffled();
    }
    pooled.forEach(
        (key, c) ->
            t.row(
                key.substring(0, key.indexOf('\u0000')),
                label.get(key),
                Integer.toString(c[0]),
                String.format(Locale.ROOT, "%.2f", c[1] / (double) c[0]),
                String.format(Locale.ROOT, "%.2f", c[2] / (double) c[0])));
    return t;
  }

  static HtmlReport build(String runId, ActivationOracleResult r) {
    HtmlReport h = new HtmlReport("Activation oracles: " + runId);
    h.meta(
        "Base "
            + r.model()
            + "; target blocks "
            + r.blocks()
            + " (depths "
            + r.depths()
            + "%); injected after oracle block "
            + r.injectLayer()
            + "; "
            + r.placeholders()
            + " activations per question; "
            + r.oracles().size()
            + " oracle seed(s).");
    h.heading("Held-out tasks");
    h.paragraph(
        "Accuracy pooled over oracle seeds with Wilson 95% intervals; 't over seeds' is the"
            + " Student-t 95% interval of the seeds' accuracies (clipped to [0, 1]). 'answer': the"
            + " oracle's greedy answer names the truth and no other option. 'ranked': the option"
            + " the oracle makes most likely. 'control': the same oracle on the base model's"
            + " activations of the same prompts (no secret in them). 'linear probe': one-vs-rest"
            + " logistic probes on the mean of the same activations, trained with labels on the"
            + " targets' training prompts (a supervised readout the oracle never gets). 'black"
            + " box': the target asked directly (one greedy answer per question, no seeds).");
    h.table(table(r));
    h.paragraph(
        "Charts, one per task: at each depth the oracle's answer, its ranked answer, the control"
            + " (ranked) and the linear probe, then the black box; Wilson 95% intervals; dashed"
            + " line: chance.");
    for (String task : r.rows().stream().map(TaskRow::task).distinct().toList()) {
      IntervalBarChart chart = new IntervalBarChart(task, "accuracy");
      for (TaskRow row : r.rows()) {
        if (row.task().equals(task)) {
          bar(chart, "oracle " + row.depth() + "%", row.oracle());
          bar(chart, "ranked " + row.depth() + "%", row.oracleRanked());
          bar(chart, "control " + row.depth() + "%", row.controlRanked());
          bar(chart, "probe " + row.depth() + "%", row.probe());
        }
      }
      TaskRow first = r.rows().stream().filter(x -> x.task().equals(task)).findFirst().get();
      bar(chart, "black box", first.blackBox());
      chart.reference("chance", first.chance());
      chart.optUpperBound(1);
      h.svg(chart.toSvg(900, 320));
    }
    h.heading("Targets");
    h.table(checks(r));
    h.heading("Oracle training");
    h.paragraph(
        "Training mix (first seed): "
            + String.join("; ", r.mix().stream().map(c -> c.name() + " " + c.count()).toList())
            + ".");
    h.table(training(r));
    h.paragraph(
        "The oracle on fresh examples of its own training families (same kinds of question, new"
            + " contexts), and with each question given another example's activations: the gap is"
            + " what it reads from the activations. Wilson 95% intervals, pooled over seeds; the"
            + " last column is the share of the family's most common answer (per seed's check set),"
            + " what answering it every time scores.");
    h.table(mixTable(r));
    h.paragraph(
        "Learning curves: the same check on fewer fresh examples part-way through training"
            + " (pooled over seeds; the oracle's weights at that step, before the learning rate has"
            + " decayed to zero).");
    h.table(curveTable(r));
    h.heading("Examples (first seed, middle depth)");
    TextTable ex = TextTable.of("task", "target's prompt", "truth", "oracle", "control");
    for (var e : r.examples()) {
      ex.row(e.task(), e.prompt(), e.truth(), e.oracle(), e.control());
    }
    h.table(ex);
    h.heading("Stages");
    h.table(Stages.table(r.stages()));
    return h;
  }

  private static void bar(IntervalBarChart chart, String label, Rate r) {
    chart.bar(label, r.rate(), new dev.traitlab.stats.Interval(r.lower(), r.upper()));
  }

  static String text(ActivationOracleResult r) {
    return String.join(
        "\n",
        table(r).render(),
        checks(r).render(),
        training(r).render(),
        mixTable(r).render(),
        curveTable(r).render());
  }

  static Map<String, Double> metrics(ActivationOracleResult r) {
    Map<String, Double> m = new LinkedHashMap<>();
    List<TaskRow> rows = r.rows();
    for (TaskRow row : rows) {
      String key = row.task().replace(' ', '_') + "_" + row.depth();
      m.put(key + "_oracle", row.oracle().rate());
      m.put(key + "_ranked", row.oracleRanked().rate());
      m.put(key + "_probe", row.probe().rate());
    }
    return m;
  }
}
