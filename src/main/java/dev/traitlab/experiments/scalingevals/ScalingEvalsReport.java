package dev.traitlab.experiments.scalingevals;

import dev.traitlab.report.HtmlReport;
import java.util.LinkedHashMap;
import java.util.Map;

/** The scaling-evals report: tables and charts against parameters (log scale). */
final class ScalingEvalsReport {
  private ScalingEvalsReport() {}

  static HtmlReport html(String runId, ScalingEvalsResult r) {
    return new HtmlReport("scaling-evals " + runId);
  }

  static String text(ScalingEvalsResult r) {
    StringBuilder sb = new StringBuilder();
    for (var m : r.models()) {
      sb.append(m).append('\n');
    }
    for (var t : r.tasks()) {
      sb.append(t.task()).append(' ').append(t.size()).append(' ').append(t.metrics()).append('\n');
    }
    return sb.toString();
  }

  static Map<String, Double> metrics(ScalingEvalsResult r) {
    return new LinkedHashMap<>();
  }
}
