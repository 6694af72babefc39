package dev.traitlab.lab.runs;

/**
 * One row of the runs database. JSON-valued columns (config, seeds, versions, metrics, timings) are
 * kept as JSON text so the database stays readable with the sqlite3 shell.
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
    String error) {

  public static final String RUNNING = "running";
  public static final String FINISHED = "finished";
  public static final String FAILED = "failed";
}
