package dev.traitlab.cli;

import dev.traitlab.lab.RecordedRun;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Rebuild a finished run's report.html from its results.json and print its summary (any"
            + " experiment, and eval runs).")
final class ReportCommand implements Callable<Integer> {
  @Mixin RunsDirOption options;
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "RUN",
      description = "Run id, or a unique prefix of one (see 'traitlab runs').")
  String runId;

  @Override
  public Integer call() {
    RecordedRun.rebuildReport(options.runsDir(), runId, spec.commandLine().getOut());
    return 0;
  }
}
