package dev.traitlab.experiments.rareoutputs;

import dev.traitlab.core.Figures;
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
    report.paragraph(
        "A row's winner is named only when its loss is resolved below the runner-up's: the paired"
            + " 95% bootstrap interval of their difference over the row's held-out targets lies"
            + " above 0, on at least "
            + Scoring.MIN_HELD_OUT
            + " targets. A verdict below is \"not resolved\" when the paired interval contains 0.");
    if (!smallSampleNote(r).isEmpty()) {
      report.paragraph(smallSampleNote(r));
    }
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
    report.table(fitsTable(r));
    report.paragraph(fitsCaption(r.fits().stream().anyMatch(f -> Double.isNaN(f.intercept()))));
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
      row.add(winnerLabel(cell));
      t.row(row);
    }
    return t;
  }

  /** The winner column: the resolved winner, else why none is named. */
  static String winnerLabel(Cell cell) {
    if (!cell.winner().isEmpty()) {
      return cell.winner();
    }
    return cell.loss().get("naive").n() < Scoring.MIN_HELD_OUT
        ? "too few targets"
        : "none resolved";
  }

  /**
   * A note when some cell, or all cells together, hold fewer than {@link Scoring#MIN_HELD_OUT}
   * held-out targets; "" otherwise.
   */
  static String smallSampleNote(RareOutputsResult r) {
    int fewest = r.cells().stream().mapToInt(c -> c.loss().get("naive").n()).min().orElse(0);
    if (fewest >= Scoring.MIN_HELD_OUT) {
      return "";
    }
    return "Note: some model and distribution has only "
        + fewest
        + " held-out target(s), fewer than "
        + Scoring.MIN_HELD_OUT
        + "; too small a comparison to conclude from, so no winner is named there. Raise --targets"
        + " (half are held out).";
  }

  static TextTable overallTable(RareOutputsResult r) {
    TextTable t = TextTable.of("method", "mean loss [95% CI]", "targets", "cells won (resolved)");
    for (MethodLoss m : r.overall()) {
      t.row(m.method(), interval(m.loss()), "" + m.loss().n(), "" + m.wins());
    }
    return t;
  }

  static TextTable comparisonTable(RareOutputsResult r) {
    TextTable t = TextTable.of("better?", "than", "loss difference [95% CI]", "verdict");
    for (Comparison c : r.comparisons()) {
      Loss d = c.difference();
      t.row(c.a(), c.b(), interval(d), verdict(d));
    }
    return t;
  }

  /**
   * "yes" when the paired interval of (loss of b - loss of a) lies above 0, "no, worse" when below,
   * "not resolved" when it contains 0, and no verdict on fewer than {@link Scoring#MIN_HELD_OUT}
   * targets.
   */
  static String verdict(Loss d) {
    if (d.n() == 0 || Double.isNaN(d.lower()) || Double.isNaN(d.upper())) {
      return "no data";
    }
    if (d.n() < Scoring.MIN_HELD_OUT) {
      return "too few targets (" + d.n() + ")";
    }
    return d.lower() > 0 ? "yes" : d.upper() < 0 ? "no, worse" : "not resolved";
  }

  /** Each method's log-affine fit per repetition; "n/a" where there was no positive estimate. */
  static TextTable fitsTable(RareOutputsResult r) {
    TextTable ft =
        TextTable.of(
            "repetition",
            "method",
            "intercept (ln)",
            "slope",
            "raw 0 maps to",
            "positive estimates",
            "zero estimates");
    for (MethodFit f : r.fits()) {
      ft.row(
          "" + f.repetition(),
          f.method(),
          Double.isNaN(f.intercept()) ? "n/a" : String.format(Locale.ROOT, "%.2f", f.intercept()),
          Double.isNaN(f.intercept()) ? "n/a" : String.format(Locale.ROOT, "%.3f", f.slope()),
          String.format(Locale.ROOT, "%.2e", f.zeroValue()),
          "" + f.positives(),
          "" + f.zeros());
    }
    return ft;
  }

  /** What the fits table's columns mean, and what an unfitted (n/a) row means. */
  static String fitsCaption(boolean unfitted) {
    String s =
        "Each method's raw estimate q > 0 becomes exp(intercept + slope ln q); a raw estimate of"
            + " 0 has no logarithm and becomes the constant in \"raw 0 maps to\" (the mean truth of"
            + " the validation targets it estimated as 0).";
    if (unfitted) {
      s +=
          " n/a: every validation estimate of that method was 0, so there is no positive estimate"
              + " to fit the line to; all its estimates map to that one constant, and it scores"
              + " like \"constant\".";
    }
    return s;
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
    String note = smallSampleNote(r);
    if (!note.isEmpty()) {
      sb.append(note).append("\n");
    }
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
    return Figures.withInterval(l.mean(), l.lower(), l.upper(), 3);
  }

  private static String short3(Loss l) {
    if (l.n() == 0) {
      return "-";
    }
    return Figures.withInterval(l.mean(), l.lower(), l.upper(), 2);
  }

  private static String sci(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.2e", v);
  }

  private static String quote(String s) {
    return "'" + s.replace("\n", "\\n") + "'";
  }
}
