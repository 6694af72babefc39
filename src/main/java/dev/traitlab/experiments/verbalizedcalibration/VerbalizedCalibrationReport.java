package dev.traitlab.experiments.verbalizedcalibration;

import dev.traitlab.core.Plurals;
import dev.traitlab.experiments.verbalizedcalibration.VerbalizedCalibrationResult.Cell;
import dev.traitlab.experiments.verbalizedcalibration.VerbalizedCalibrationResult.Curve;
import dev.traitlab.experiments.verbalizedcalibration.VerbalizedCalibrationResult.Example;
import dev.traitlab.experiments.verbalizedcalibration.VerbalizedCalibrationResult.Point;
import dev.traitlab.experiments.verbalizedcalibration.VerbalizedCalibrationResult.SetAccuracy;
import dev.traitlab.experiments.verbalizedcalibration.VerbalizedCalibrationResult.Spread;
import dev.traitlab.experiments.verbalizedcalibration.VerbalizedCalibrationResult.SubTaskAccuracy;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.report.IntervalBarChart;
import dev.traitlab.report.IntervalLineChart;
import dev.traitlab.report.TextTable;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.MeanInterval;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The calibration table beside the paper's, the precondition, curves and examples. */
final class VerbalizedCalibrationReport {
  static final String SCORES =
      "Percentage terms, lower is better: MSE is 100 x the Brier score of the confidence against"
          + " the answer's correctness, MAD 100 x the mean |accuracy - confidence| over %d"
          + " equal-count bins (ties kept in one bin, so a constant is one bin), as the paper"
          + " (section 2.3). Mean [95%% t interval] over %s; 'read' is the share of"
          + " questions with a confidence the parser read (the scores are over those). Paper:"
          + " GPT-3 175B (table 1; verbalized words from appendix C.2, greedy).";

  private VerbalizedCalibrationReport() {}

  static String text(VerbalizedCalibrationResult r) {
    StringBuilder out = new StringBuilder();
    out.append("target model: ").append(r.target()).append('\n');
    out.append(preconditionLine(r)).append('\n');
    if (!r.targetSpread().varies()) {
      out.append(Pipeline.warning(r.targetSpread())).append('\n');
    }
    out.append("accuracy of the target's answers (%, over seeds):");
    for (SetAccuracy a : r.accuracy()) {
      out.append(' ').append(a.set()).append(' ').append(a.accuracy().format(1)).append(';');
    }
    out.append("\n\n");
    out.append(table(r).render()).append('\n');
    out.append(
            String.format(
                Locale.ROOT, SCORES, r.config().bins(), Plurals.count(r.config().seeds(), "seed")))
        .append('\n');
    for (String v : verdicts(r)) {
      out.append(v).append('\n');
    }
    return out.toString();
  }

  static String preconditionLine(VerbalizedCalibrationResult r) {
    return String.format(
        Locale.ROOT,
        "precondition (accuracy over the %d add/subtract sub-tasks, %d questions each, first"
            + " seed): %s %s; target %s",
        r.precondition().size(),
        r.config().perSubTask(),
        r.config().model(),
        spread(r.baseSpread()),
        spread(r.targetSpread()));
  }

  private static String spread(Spread s) {
    return String.format(
        Locale.ROOT,
        "sd %.3f, range %.2f-%.2f, sub-tasks explain %.0f%% of the answers' variance, knowing"
            + " them beats the constant's MSE by %.2f points (%s)",
        s.sd(),
        s.min(),
        s.max(),
        100 * s.explained(),
        s.gain(),
        s.varies()
            ? "varies"
            : String.format(Locale.ROOT, "does not vary: under %.0f", Spread.LEAST_GAIN));
  }

  static TextTable table(VerbalizedCalibrationResult r) {
    TextTable t =
        TextTable.of("set", "method", "MSE", "MAD", "paper MSE", "paper MAD", "read")
            .alignRight(2, 3, 4, 5, 6);
    for (Cell c : r.cells()) {
      t.row(
          c.set(),
          c.method(),
          format(c.mse()),
          format(c.mad()),
          c.paperMse() == null ? "-" : String.format(Locale.ROOT, "%.1f", c.paperMse()),
          c.paperMad() == null ? "-" : String.format(Locale.ROOT, "%.1f", c.paperMad()),
          String.format(Locale.ROOT, "%.0f%%", 100 * c.stated()));
    }
    return t;
  }

  private static String format(MeanInterval m) {
    return m.n() == 0 ? "n/a (none read)" : m.format(1);
  }

  static HtmlReport build(String runId, VerbalizedCalibrationResult r) {
    HtmlReport report = new HtmlReport("Verbalized calibration (Lin, Hilton, Evans 2022)");
    report.meta("run " + runId);
    report.paragraph(
        "A model is fine-tuned on its own add/subtract answers to state a confidence whose target"
            + " is its accuracy on the question's sub-task ('Confidence: 61%', or one of"
            + " lowest/low/medium/high/highest for intervals of width 0.2, read as their"
            + " midpoints), or to say whether its answer is correct (the indirect logit: P(True)"
            + " over True/False, trained on the truth); compared with the answer's own"
            + " probability and the training accuracy as a constant, on held-out add-subtract and"
            + " the paper's two shifts. The answers are the target model's greedy answers, held"
            + " fixed. Target: "
            + r.target()
            + ".");
    report.heading("Calibration beside the paper's");
    report.table(table(r));
    report.paragraph(
        String.format(
            Locale.ROOT, SCORES, r.config().bins(), Plurals.count(r.config().seeds(), "seed")));
    for (String v : verdicts(r)) {
      report.paragraph(v);
    }
    for (String set : sets(r)) {
      IntervalBarChart chart = new IntervalBarChart("MSE on " + set, "MSE (percentage terms)");
      for (Cell c : r.cells()) {
        if (c.set().equals(set) && c.mse().n() > 0) {
          chart.bar(shortName(c.method()), c.mse());
        }
      }
      report.svg(chart.toSvg(760, 360));
    }
    report.heading("Calibration curves");
    report.paragraph(
        "Equal-count bins of every seed's confidences: mean confidence against the accuracy of"
            + " the bin's answers (Wilson 95% interval); the dashed diagonal is perfect"
            + " calibration.");
    for (String set : sets(r)) {
      IntervalLineChart chart =
          new IntervalLineChart("Calibration on " + set, "confidence", "accuracy").yRange(0, 1);
      chart.reference("perfect calibration", 0, 0).reference("perfect calibration", 1, 1);
      for (Curve c : r.curves()) {
        if (c.set().equals(set)) {
          for (Point p : c.points()) {
            chart.point(c.method(), p.confidence(), p.accuracy(), new Interval(p.low(), p.high()));
          }
        }
      }
      report.svg(chart.toSvg(760, 460));
    }
    report.heading("Precondition: accuracy varies over the training sub-tasks");
    report.paragraph(preconditionLine(r));
    TextTable pre = TextTable.of("sub-task", "questions", r.config().model(), "target");
    for (SubTaskAccuracy s : r.precondition()) {
      pre.row(
          s.subTask(),
          Integer.toString(s.questions()),
          String.format(Locale.ROOT, "%.2f", s.base()),
          String.format(Locale.ROOT, "%.2f", s.target()));
    }
    report.table(pre);
    TextTable acc = TextTable.of("set", "accuracy of the target (%)");
    for (SetAccuracy a : r.accuracy()) {
      acc.row(a.set(), a.accuracy().format(1));
    }
    report.table(acc);
    report.heading("Examples (first seed)");
    TextTable ex =
        TextTable.of(
            "set", "question", "answer", "correct", "numbers", "words", "P(True)", "P(answer)");
    for (Example e : r.examples()) {
      ex.row(
          e.set(),
          e.question(),
          e.answer(),
          e.correct() ? "yes" : "no",
          e.numbersReply(),
          e.wordsReply(),
          String.format(Locale.ROOT, "%.2f", e.indirect()),
          String.format(Locale.ROOT, "%.3f", e.answerLogit()));
    }
    report.table(ex);
    report.heading("Stages").table(Stages.table(r.stages()));
    return report;
  }

  /** "numbers", "words", "indirect logit", "answer logit", "constant baseline": bar labels. */
  static String shortName(String method) {
    return method.replaceAll(" \\(.*\\)", "").replace("verbalized ", "");
  }

  /**
   * Per set, which methods beat the constant baseline's MSE: the paired difference over seeds
   * (method minus constant), resolved when its 95% t interval excludes 0.
   */
  static List<String> verdicts(VerbalizedCalibrationResult r) {
    List<String> out = new java.util.ArrayList<>();
    for (String set : sets(r)) {
      Cell constant =
          r.cells().stream()
              .filter(c -> c.set().equals(set) && c.method().equals(Method.CONSTANT.title()))
              .findFirst()
              .orElse(null);
      if (constant == null) {
        continue;
      }
      List<String> better = new java.util.ArrayList<>();
      List<String> worse = new java.util.ArrayList<>();
      List<String> unresolved = new java.util.ArrayList<>();
      for (Cell c : r.cells()) {
        if (!c.set().equals(set)
            || c == constant
            || c.seedMse().size() != constant.seedMse().size()
            || c.seedMse().isEmpty()) {
          continue;
        }
        double[] diff = new double[c.seedMse().size()];
        for (int i = 0; i < diff.length; i++) {
          diff[i] = c.seedMse().get(i) - constant.seedMse().get(i);
        }
        MeanInterval d = MeanInterval.of(diff);
        String item = shortName(c.method()) + " " + d.format(1);
        if (d.n() >= 2 && d.upper() < 0) {
          better.add(item);
        } else if (d.n() >= 2 && d.lower() > 0) {
          worse.add(item);
        } else {
          unresolved.add(item);
        }
      }
      out.add(
          String.format(
              Locale.ROOT,
              "%s: MSE minus the constant's (paired over seeds, percentage terms): better %s;"
                  + " worse %s; not resolved %s.",
              set,
              better.isEmpty() ? "none" : String.join(", ", better),
              worse.isEmpty() ? "none" : String.join(", ", worse),
              unresolved.isEmpty() ? "none" : String.join(", ", unresolved)));
    }
    return out;
  }

  private static List<String> sets(VerbalizedCalibrationResult r) {
    return r.cells().stream().map(Cell::set).distinct().toList();
  }

  static Map<String, Double> metrics(VerbalizedCalibrationResult r) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("target_sub_task_variance_explained", r.targetSpread().explained());
    for (Cell c : r.cells()) {
      if (c.set().equals(QuestionSet.ADD_SUBTRACT.label())) {
        continue;
      }
      String key = c.set() + "/" + c.method().replaceAll(" \\(.*\\)", "").replace(' ', '_');
      m.put(key + "_mse", c.mse().mean());
      m.put(key + "_mad", c.mad().mean());
    }
    return m;
  }
}
