package dev.traitlab.experiments.subliminalmlp;

import dev.traitlab.core.Figures;
import dev.traitlab.core.Json;
import dev.traitlab.core.Plurals;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.report.IntervalBarChart;
import dev.traitlab.report.TextTable;
import dev.traitlab.stats.MeanInterval;
import java.util.Locale;
import java.util.Map;

/** The experiment's report section, and the table printed at the end of a run. */
public final class SubliminalMlpReport {
  private SubliminalMlpReport() {}

  /** The summary: each model's test accuracy over seeds, and chance level. */
  public static TextTable table(SubliminalMlpResult result) {
    TextTable table = TextTable.of("model", "test accuracy, mean [95% CI]", "seeds").alignRight(2);
    for (Map.Entry<String, String> model : SubliminalMlpResult.MODELS) {
      MeanInterval m = result.summary().get(model.getKey());
      table.row(model.getValue(), m.format(3), Integer.toString(m.n()));
    }
    return table.row("chance", String.format("%.3f", result.chance()), "");
  }

  /** The summary table as fixed-width text for the terminal. */
  public static String textTable(SubliminalMlpResult result) {
    return table(result).render();
  }

  public static HtmlReport build(String runId, SubliminalMlpResult result) {
    SubliminalMlpConfig c = result.config();
    HtmlReport report = new HtmlReport("Subliminal learning in an MLP");
    report.meta("run " + runId + " · " + c.seedsText() + " · data " + c.dataDir());
    report.paragraph(
        "A teacher MLP "
            + widthsText(result)
            + " is trained from a reference initialisation on the "
            + "class logits only. Students are distilled for "
            + Plurals.count(c.epochs(), "epoch")
            + " on "
            + c.noiseSamples()
            + " uniform-noise inputs, never seeing an image: (a) on the "
            + c.auxLogits()
            + " auxiliary logits from the teacher's own initialisation, (b) on the "
            + "auxiliary logits from a different initialisation, (c) on all logits from the "
            + "teacher's initialisation. The table gives test accuracy of the class logits, mean and "
            + "95% confidence interval (Student t) over seeds.");
    report.heading("Results");
    report.table(table(result));
    IntervalBarChart chart =
        new IntervalBarChart("Test accuracy of the class logits", "accuracy").optUpperBound(1.0);
    for (Map.Entry<String, String> model : SubliminalMlpResult.MODELS) {
      MeanInterval m = result.summary().get(model.getKey());
      chart.bar(model.getValue().replace(" student,", ""), m);
    }
    chart.reference("chance", result.chance());
    report.svg(chart.toSvg(760, 420));
    report.paragraph(readout(result));

    report.heading("Per seed");
    TextTable perSeed =
        TextTable.of(
            "seed",
            "teacher",
            "(a) aux, same init",
            "(b) aux, cross init",
            "(c) all, same init",
            "(a) - (b)");
    for (SubliminalMlpResult.SeedAccuracy s : result.perSeed()) {
      perSeed.row(
          Long.toString(s.seed()),
          fmt(s.teacher()),
          fmt(s.auxSameInit()),
          fmt(s.auxCrossInit()),
          fmt(s.allSameInit()),
          fmt(s.auxSameInit() - s.auxCrossInit()));
    }
    report.table(perSeed);

    report.heading("Stages").table(Stages.table(result.stages()));
    report.heading("Configuration");
    report.preformatted(Json.pretty(c));
    return report;
  }

  /** The report's readout: the means of (a) and (b) beside chance, then the {@link #verdict}. */
  static String readout(SubliminalMlpResult result) {
    MeanInterval a = result.summary().get(SubliminalMlpResult.AUX_SAME_INIT);
    MeanInterval b = result.summary().get(SubliminalMlpResult.AUX_CROSS_INIT);
    return String.format(
        Locale.ROOT,
        "(a) %.3f vs (b) %.3f (chance %.3f). %s.",
        a.mean(),
        b.mean(),
        result.chance(),
        verdict(result));
  }

  /**
   * One honest line on the headline comparison, from the paired difference (a) - (b) and its 95% t
   * interval (not from whether the two students' own intervals overlap, which ignores that they
   * share seed and teacher): "(a) - (b), paired over 3 seeds: 0.225 [-0.108, 0.558]: not resolved
   * at this number of seeds".
   */
  public static String verdict(SubliminalMlpResult result) {
    MeanInterval d = result.auxSameMinusCross().mean();
    if (d.n() < 2) {
      return "(a) - (b), one seed: "
          + Figures.of(d.mean(), 3)
          + ": no confidence interval with one seed (run --seeds 2 or more)";
    }
    String what =
        d.lower() > 0
            ? "(a) is above (b): the interval excludes 0"
            : d.upper() < 0
                ? "(a) is below (b): the interval excludes 0"
                : "not resolved at this number of seeds";
    return "(a) - (b), paired over " + d.n() + " seeds: " + d.format(3) + ": " + what;
  }

  private static String widthsText(SubliminalMlpResult result) {
    return String.join("-", result.widths().stream().map(String::valueOf).toList());
  }

  private static String fmt(double v) {
    return String.format("%.3f", v);
  }
}
