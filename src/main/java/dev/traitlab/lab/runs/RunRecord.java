package dev.traitlab.lab.runs;

/**
 * One row of the runs database. JSON-valued columns (config, seeds, versions, metrics, timings) are
 * kept as JSON text so the database stays readable with the sqlite3 shell. {@code process} names
 * the process that ran it ({@code host:pid:start}), so that a run left {@code running} by a killed
 * process can be told from one still going.
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
    String process) {

  public static final String RUNNING = "running";
  public static final String FINISHED = "finished";
  public static final String FAILED = "failed";

  /** A run whose process ended without finishing or failing (killed): rerun to resume it. */
  public static final String INTERRUPTED = "interrupted";

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
        process);
  }
}
