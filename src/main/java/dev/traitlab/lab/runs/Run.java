package dev.traitlab.lab.runs;

import dev.traitlab.core.FileErrors;
import dev.traitlab.core.Json;
import dev.traitlab.core.Provenance;
import dev.traitlab.core.TraitlabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One run of an experiment: its directory ({@code config.json}, {@code results.json}, {@code
 * report.html}) and its row in the runs database.
 */
public final class Run {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final String id;
  private final Path directory;
  private final RunStore store;
  private final Map<String, Double> timings = new LinkedHashMap<>();

  private Run(String id, Path directory, RunStore store) {
    this.id = id;
    this.directory = directory;
    this.store = store;
  }

  /** Creates the run directory, writes config.json and records the run as running. */
  public static Run start(Path runsDir, String experiment, Object config, List<Long> seeds) {
    return start(runsDir, experiment, experiment, config, seeds);
  }

  /**
   * As {@link #start(Path, String, Object, List)}, with the run id naming {@code label} (the
   * experiment and what it was run on) rather than the bare experiment name.
   */
  public static Run start(
      Path runsDir, String experiment, String label, Object config, List<Long> seeds) {
    RunStore store = new RunStore(runsDir);
    Instant now = Instant.now();
    String id =
        ID_TIME.format(now)
            + "-"
            + idSafe(label)
            + "-"
            + String.format("%04x", ThreadLocalRandom.current().nextInt(1 << 16));
    Path dir = runsDir.resolve(id);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new TraitlabException(
          "cannot create run directory " + dir + ": " + FileErrors.reason(dir, e), e);
    }
    Json.write(dir.resolve("config.json"), Map.of("experiment", experiment, "config", config));
    store.insert(
        new RunRecord(
            id,
            experiment,
            RunRecord.RUNNING,
            now.toString(),
            null,
            dir.toAbsolutePath().toString(),
            Provenance.gitCommit(),
            Json.canonical(config),
            Json.canonical(seeds),
            Json.canonical(Provenance.libraries()),
            null,
            null,
            null,
            RunStore.currentProcess()));
    return new Run(id, dir, store);
  }

  /** {@code label} with every character a file name or URL might trip on replaced by '-'. */
  static String idSafe(String label) {
    String safe = label.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
    return safe.length() > 80 ? safe.substring(0, 80) : safe;
  }

  public String id() {
    return id;
  }

  public Path directory() {
    return directory;
  }

  public Path cacheDirectory() {
    return directory.getParent().resolve("cache");
  }

  public void recordTiming(String what, double seconds) {
    timings.put(what, seconds);
  }

  /** Writes results.json and marks the run finished with its headline metrics. */
  public void finish(Object results, Map<String, ?> metrics) {
    Json.write(directory.resolve("results.json"), results);
    store.finish(
        id,
        RunRecord.FINISHED,
        Instant.now().toString(),
        Json.canonical(metrics),
        Json.canonical(timings),
        null);
  }

  /** Marks the run failed; finished stages stay in the cache for the next attempt. */
  public void fail(Throwable error) {
    String message = error.getMessage() == null ? error.toString() : error.getMessage();
    try {
      store.finish(
          id, RunRecord.FAILED, Instant.now().toString(), null, Json.canonical(timings), message);
    } catch (RuntimeException e) {
      error.addSuppressed(e);
    }
  }
}
