package dev.traitlab.cli;

import dev.traitlab.lab.RecordedRun;
import dev.traitlab.lab.runs.RunRecord;
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
final class ReportCommand implements Callable<Integer>, Validated {
  @Mixin RunsDirOption options;
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "RUN",
      description = "Run id, or a unique prefix of one (see 'traitlab runs').")
  String runId;

  private RunRecord run;

  /**
   * Finds the run, creating nothing: a RUN that names no run, or a prefix of several, is a usage
   * error; a runs directory that does not exist is a runtime error (as every missing file is).
   */
  @Override
  public void validate() {
    run = RecordedRun.findRun(options.runsDir(), runId);
  }

  @Override
  public Integer call() {
    RecordedRun.rebuildReport(options.runsDir(), run, spec.commandLine().getOut());
    return 0;
  }
}
