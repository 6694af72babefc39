package dev.traitlab.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where runs live: the one option of the commands that read runs ({@code runs}, {@code report}).
 */
class RunsDirOption {
  @Option(
      names = "--runs-dir",
      paramLabel = "DIR",
      description =
          "Where runs, the stage cache and the runs database live (default: $TRAITLAB_RUNS or ./runs).")
  Path runsDir;

  Path runsDir() {
    return runsDir != null ? runsDir : defaultRunsDir();
  }

  /** $TRAITLAB_RUNS, else ./runs. */
  static Path defaultRunsDir() {
    String env = System.getenv("TRAITLAB_RUNS");
    return Path.of(env == null || env.isBlank() ? "runs" : env);
  }
}
