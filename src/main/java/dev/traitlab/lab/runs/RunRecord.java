package dev.traitlab.lab.runs;

/**
 * One row of the runs database. JSON-valued columns (config, seeds, versions, metrics, timings) are
 * kept as JSON text so the database stays readable with the sqlite3 shell. {@code process} names
 * the process that ran it ({@code host:pid:start}), so that a run left {@code running} by a killed
 * process can be told from one still going. {@code command} is the command line that started it
 * (secrets redacted, {@link Invocation}), null for a run not started from the CLI; {@code
 * resumedBy} is the id of the later run of the same experiment and config that resumed an
 * interrupted one.
 */
public record RunRecord(
    String id,
    String experiment,
    String status,
    String createdAt,
    String finishedAt,
    String directory,
    String gitCommit,
    String config,
    String seeds,
    String versions,
    String metrics,
    String timings,
    String error,
    String process,
    String command,
    String resumedBy) {

  public static final String RUNNING = "running";
  public static final String FINISHED = "finished";
  public static final String FAILED = "failed";

  /** A run whose process ended without finishing or failing (killed): rerun to resume it. */
  public static final String INTERRUPTED = "interrupted";

  /** A row without a recorded command line and not resumed. */
  public RunRecord(
      String id,
      String experiment,
      String status,
      String createdAt,
      String finishedAt,
      String directory,
      String gitCommit,
      String config,
      String seeds,
      String versions,
      String metrics,
      String timings,
      String error,
      String process) {
    this(
        id,
        experiment,
        status,
        createdAt,
        finishedAt,
        directory,
        gitCommit,
        config,
        seeds,
        versions,
        metrics,
        timings,
        error,
        process,
        null,
        null);
  }

  public RunRecord withStatus(String newStatus) {
    return new RunRecord(
        id,
        experiment,
        newStatus,
        createdAt,
        finishedAt,
        directory,
        gitCommit,
        config,
        seeds,
        versions,
        metrics,
        timings,
        error,
        process,
        command,
        resumedBy);
  }

  /** This row marked as resumed by run {@code runId}. */
  public RunRecord withResumedBy(String runId) {
    return new RunRecord(
        id,
        experiment,
        status,
        createdAt,
        finishedAt,
        directory,
        gitCommit,
        config,
        seeds,
        versions,
        metrics,
        timings,
        error,
        process,
        command,
        runId);
  }
}
