package dev.traitlab.experiments.rareoutputs;

import dev.traitlab.experiments.rareoutputs.RareOutputsResult.Cell;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.Comparison;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.Loss;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.MethodFit;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.MethodLoss;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.ModelInfo;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.TargetRow;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.TruthInfo;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.report.ScatterChart;
import dev.traitlab.report.TextTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The rare-outputs report, its text summary and its headline metrics. */
final class RareOutputsReport {
  private RareOutputsReport() {}

  static HtmlReport build(String runId, RareOutputsResult r) {
    RareOutputsConfig c = r.config();
    HtmlReport report = new HtmlReport("Estimating the probabilities of rare outputs");
    report.meta(
        "run "
            + runId
            + " · "
            + c.seeds()
            + " repetition(s) from seed "
            + c.seed()
            + " · budget "
            + c.budget()
            + " model calls per estimate");
    report.paragraph(
        "Wu and Hilton (2024, arXiv:2410.13211) ask for the probability that argmax sampling from"
            + " a model yields a target token when the input is drawn from a distribution of"
            + " independent tokens, at probabilities (1e-9 to 1e-5) naive sampling cannot"
            + " resolve. Importance sampling (ITGIS, MHIS) searches for inputs that produce the"
            + " target; activation extrapolation (QLD, GLD) fits a distribution to the"
            + " activations before the unembedding and extrapolates to its tail. Here the models"
            + " are small GELU transformers traitlab trains on toy-world text, the distributions"
            + " have about 2^20 inputs each so that every output's probability is exact (by"
            + " enumeration), and each method gets the same number of model calls. Each"
            + " method's estimates pass through a log-affine fit chosen on half the targets (the"
            + " paper's calibration); the Itakura-Saito loss is compared on the other half"
            + " (lower is better; 95% bootstrap intervals over targets). \"constant\" is the"
            + " best constant on the validation targets: a method must beat it to carry any"
            + " information.");
    report.heading("Held-out Itakura-Saito loss by model and distribution");
    report.table(cellTable(r));
    report.heading("Over all held-out targets");
    report.table(overallTable(r));
    report.table(comparisonTable(r));
    report.heading("Fitted estimate against truth (held-out targets)");
    ScatterChart chart =
        new ScatterChart("Fitted estimates vs exact probability", "true probability", "estimate")
            .logAxes()
            .diagonal();
    for (String m : RareOutputsResult.METHODS) {
      for (TargetRow t : r.targets()) {
        if (!t.validation()) {
          chart.point(m, t.truth(), t.fitted().get(m));
        }
      }
    }
    report.svg(chart.toSvg(860, 520));
    ScatterChart rawChart =
        new ScatterChart("Raw estimates vs exact probability", "true probability", "raw estimate")
            .logAxes()
            .diagonal();
    for (String m : RareOutputsResult.METHODS) {
      if (m.equals("constant")) {
        continue;
      }
      for (TargetRow t : r.targets()) {
        rawChart.point(m, t.truth(), t.raw().get(m));
      }
    }
    report.svg(rawChart.toSvg(860, 520));
    report.heading("Models");
    TextTable mt = TextTable.of("model", "layers", "parameters", "final loss", "training s");
    for (ModelInfo m : r.models()) {
      mt.row(
          m.name(),
          "" + m.layers(),
          String.format(Locale.ROOT, "%,d", m.parameters()),
          String.format(Locale.ROOT, "%.3f", m.finalLoss()),
          String.format(Locale.ROOT, "%.0f", m.seconds()));
    }
    report.table(mt);
    report.heading("Exact enumeration (ground truth)");
    report.table(truthTable(r));
    report.heading("Fits (validation)");
    TextTable ft =
        TextTable.of("repetition", "method", "intercept", "slope", "zero ->", "positive", "zero");
    for (MethodFit f : r.fits()) {
      ft.row(
          "" + f.repetition(),
          f.method(),
          String.format(Locale.ROOT, "%.2f", f.intercept()),
          String.format(Locale.ROOT, "%.3f", f.slope()),
          String.format(Locale.ROOT, "%.2e", f.zeroValue()),
          "" + f.positives(),
          "" + f.zeros());
    }
    report.table(ft);
    report.heading("Targets");
    List<String> headers =
        new ArrayList<>(List.of("rep", "model", "dist", "token", "truth", "split"));
    for (String m : RareOutputsResult.METHODS) {
      if (!m.equals("constant")) {
        headers.add(m + " raw");
      }
    }
    TextTable tt = new TextTable(headers);
    for (TargetRow t : r.targets()) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  "" + t.repetition(),
                  t.model(),
                  t.distribution(),
                  t.token() + " " + quote(t.text()),
                  sci(t.truth()),
                  t.validation() ? "val" : "test"));
      for (String m : RareOutputsResult.METHODS) {
        if (!m.equals("constant")) {
          row.add(sci(t.raw().get(m)));
        }
      }
      tt.row(row);
    }
    report.table(tt);
    report.heading("Stages");
    report.table(Stages.table(r.stages()));
    return report;
  }

  static TextTable cellTable(RareOutputsResult r) {
    List<String> headers = new ArrayList<>(List.of("model", "distribution", "n"));
    headers.addAll(RareOutputsResult.METHODS);
    headers.add("winner");
    TextTable t = new TextTable(headers);
    for (Cell cell : r.cells()) {
      List<String> row = new ArrayList<>(List.of(cell.model(), cell.distribution()));
      row.add("" + cell.loss().get("naive").n());
      for (String m : RareOutputsResult.METHODS) {
        row.add(short3(cell.loss().get(m)));
      }
      row.add(cell.winner().isEmpty() ? "-" : cell.winner());
      t.row(row);
    }
    return t;
  }

  static TextTable overallTable(RareOutputsResult r) {
    TextTable t = TextTable.of("method", "mean loss [95% CI]", "targets", "cells won");
    for (MethodLoss m : r.overall()) {
      t.row(m.method(), interval(m.loss()), "" + m.loss().n(), "" + m.wins());
    }
    return t;
  }

  static TextTable comparisonTable(RareOutputsResult r) {
    TextTable t = TextTable.of("better?", "than", "loss difference [95% CI]", "verdict");
    for (Comparison c : r.comparisons()) {
      Loss d = c.difference();
      String verdict =
          d.n() == 0 || Double.isNaN(d.lower())
              ? "no data"
              : d.lower() > 0 ? "yes" : d.upper() < 0 ? "no, worse" : "not resolved";
      t.row(c.a(), c.b(), interval(d), verdict);
    }
    return t;
  }

  static TextTable truthTable(RareOutputsResult r) {
    TextTable t =
        TextTable.of("model", "distribution", "inputs", "seconds", "inputs/s", "tokens in window");
    for (TruthInfo x : r.truths()) {
      t.row(
          x.model(),
          x.distribution(),
          String.format(Locale.ROOT, "%,.0f", x.inputs()),
          String.format(Locale.ROOT, "%.1f", x.seconds()),
          String.format(Locale.ROOT, "%,.0f", x.inputsPerSecond()),
          "" + x.tokensInWindow());
    }
    return t;
  }

  static String text(RareOutputsResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "Held-out Itakura-Saito loss after each method's log-affine fit (lower is better):\n");
    sb.append(cellTable(r).render());
    sb.append("\nOver all held-out targets:\n");
    sb.append(overallTable(r).render());
    sb.append("\n");
    sb.append(comparisonTable(r).render());
    sb.append("\nExact enumeration:\n");
    sb.append(truthTable(r).render());
    return sb.toString();
  }

  static Map<String, Double> metrics(RareOutputsResult r) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (MethodLoss m : r.overall()) {
      out.put("loss_" + m.method(), m.loss().mean());
    }
    return out;
  }

  private static String interval(Loss l) {
    if (l.n() == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", l.mean(), l.lower(), l.upper());
  }

  private static String short3(Loss l) {
    if (l.n() == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", l.mean(), l.lower(), l.upper());
  }

  private static String sci(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.2e", v);
  }

  private static String quote(String s) {
    return "'" + s.replace("\n", "\\n") + "'";
  }
}
