package dev.traitlab.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.traitlab.core.Json;
import dev.traitlab.lab.RecordedRun;
import dev.traitlab.lab.runs.Invocation;
import dev.traitlab.lab.runs.RunProvenance;
import dev.traitlab.lab.runs.RunRecord;
import dev.traitlab.lab.runs.RunStore;
import dev.traitlab.stats.Interval;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List recorded runs, newest first.")
final class RunsCommand implements Callable<Integer> {
  @Mixin RunsDirOption options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    // Read only: a runs directory that does not exist is an error, and is not created.
    List<RunRecord> runs = RunStore.existing(options.runsDir()).list();
    if (runs.isEmpty()) {
      out.println("no runs in " + options.runsDir());
      return 0;
    }
    out.printf("%-44s %-11s %-20s %s%n", "RUN", "STATUS", "STARTED", "METRICS");
    for (RunRecord r : runs) {
      out.printf(
          "%-44s %-11s %-20s %s%n",
          r.id(),
          r.status(),
          r.createdAt().substring(0, 19).replace('T', ' '),
          metrics(r, RecordedRun.metricIntervals(options.runsDir(), r)));
      out.printf("    %s%n", provenance(r));
      if (RunRecord.INTERRUPTED.equals(r.status())
          && r.resumedBy() == null
          && r.command() != null) {
        // Without --fresh, which would recompute the finished stages instead of resuming.
        out.printf("    to resume: %s%n", Invocation.resumeCommand(r.command()));
      }
    }
    out.flush();
    return 0;
  }

  /** "commit 1a2b3c4d5e6f (dirty) · traitlab 0.1.0 · java 25 · djl 0.35.0 ...". */
  private static String provenance(RunRecord r) throws Exception {
    StringBuilder out = new StringBuilder(RunProvenance.of(r).commitText());
    if (r.versions() != null) {
      Map<String, Object> versions =
          Json.MAPPER.readValue(r.versions(), new TypeReference<Map<String, Object>>() {});
      versions.forEach((k, v) -> out.append(" · ").append(k).append(' ').append(v));
    }
    return out.toString();
  }

  /**
   * "name=0.4470 [0.3480, 0.5450] chance=0.1000": each metric's mean, with its 95% interval where
   * {@code intervals} has one with bounds; "n/a" for a metric no sample could give.
   */
  static String metrics(RunRecord r, Map<String, Interval> intervals) throws Exception {
    if (r.metrics() == null) {
      if (r.error() != null) {
        return "error: " + r.error();
      }
      if (!RunRecord.INTERRUPTED.equals(r.status())) {
        return "";
      }
      if (r.resumedBy() != null) {
        return "its process is gone; resumed by run " + r.resumedBy();
      }
      return "its process is gone; rerun its command to resume after the last finished stage";
    }
    Map<String, Object> m =
        Json.MAPPER.readValue(r.metrics(), new TypeReference<Map<String, Object>>() {});
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (!out.isEmpty()) {
        out.append("  ");
      }
      Object v = e.getValue();
      // an empty metric (no sample could give it) is stored as NaN; say so in words
      boolean empty =
          v == null || "NaN".equals(v) || (v instanceof Number n && Double.isNaN(n.doubleValue()));
      out.append(e.getKey())
          .append('=')
          .append(empty ? "n/a" : v instanceof Number n ? number(n.doubleValue()) : v);
      Interval interval = intervals.get(e.getKey());
      if (!empty && v instanceof Number && interval != null && interval.hasBounds()) {
        out.append(" [")
            .append(number(interval.lower()))
            .append(", ")
            .append(number(interval.upper()))
            .append(']');
      }
    }
    return out.toString();
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
