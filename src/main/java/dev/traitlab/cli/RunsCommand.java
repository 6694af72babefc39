package dev.traitlab.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.traitlab.core.Json;
import dev.traitlab.lab.runs.RunRecord;
import dev.traitlab.lab.runs.RunStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List recorded runs, newest first.")
final class RunsCommand implements Callable<Integer> {
  @Mixin RunOptions options;

  @Override
  public Integer call() throws Exception {
    List<RunRecord> runs = new RunStore(options.runsDir()).list();
    if (runs.isEmpty()) {
      System.out.println("no runs in " + options.runsDir());
      return 0;
    }
    System.out.printf("%-40s %-9s %-20s %s%n", "RUN", "STATUS", "STARTED", "METRICS");
    for (RunRecord r : runs) {
      System.out.printf(
          "%-40s %-9s %-20s %s%n",
          r.id(), r.status(), r.createdAt().substring(0, 19).replace('T', ' '), metrics(r));
    }
    return 0;
  }

  private static String metrics(RunRecord r) throws Exception {
    if (r.metrics() == null) {
      return r.error() == null ? "" : "error: " + r.error();
    }
    Map<String, Object> m =
        Json.MAPPER.readValue(r.metrics(), new TypeReference<Map<String, Object>>() {});
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (!out.isEmpty()) {
        out.append("  ");
      }
      Object v = e.getValue();
      out.append(e.getKey())
          .append('=')
          .append(v instanceof Number n ? String.format("%.3f", n.doubleValue()) : v);
    }
    return out.toString();
  }
}
