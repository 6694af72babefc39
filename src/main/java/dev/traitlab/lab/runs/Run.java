package dev.traitlab.lab.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.core.FileErrors;
import dev.traitlab.core.Json;
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
 * report.html}) and its row in the runs database. Both JSON files carry the run's {@link
 * RunProvenance} under the key {@value #PROVENANCE}: {@code results.json} is the result record's
 * fields and that one more ({@link #readResults} reads it back apart).
 */
public final class Run {
  /** The key of the provenance object in {@code config.json} and {@code results.json}. */
  public static final String PROVENANCE = "provenance";

  public static final String RESULTS = "results.json";

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final String id;
  private final Path directory;
  private final RunStore store;
  private final Map<String, Double> timings = new LinkedHashMap<>();
  private final String experiment;
  private final String config;
  private final RunProvenance provenance;

  private Run(
      String id,
      Path directory,
      RunStore store,
      String experiment,
      String config,
      RunProvenance provenance) {
    this.id = id;
    this.directory = directory;
    this.store = store;
    this.experiment = experiment;
    this.config = config;
    this.provenance = provenance;
  }

  /**
   * Creates the run directory, writes config.json (with the run's provenance: commit, versions, the
   * command line of {@link Invocation}) and records the run as running.
   */
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
    RunProvenance provenance = RunProvenance.current();
    Json.write(
        dir.resolve("config.json"),
        Map.of("experiment", experiment, "config", config, PROVENANCE, provenance));
    String configJson = Json.canonical(config);
    store.insert(
        new RunRecord(
            id,
            experiment,
            RunRecord.RUNNING,
            now.toString(),
            null,
            dir.toAbsolutePath().toString(),
            provenance.gitCommit(),
            configJson,
            Json.canonical(seeds),
            Json.canonical(provenance.versions()),
            null,
            null,
            null,
            RunStore.currentProcess(),
            provenance.command(),
            null));
    return new Run(id, dir, store, experiment, configJson, provenance);
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

  /** Where this run came from (without the stages it reused: see {@link #finish}). */
  public RunProvenance provenance() {
    return provenance;
  }

  /**
   * Marks the earlier interrupted runs of this experiment and config as resumed by this one ({@link
   * RunStore#markResumed}); returns their ids.
   */
  public List<String> markResumedRuns() {
    return store.markResumed(experiment, config, id);
  }

  public void recordTiming(String what, double seconds) {
    timings.put(what, seconds);
  }

  /** Writes results.json and marks the run finished with its headline metrics. */
  public void finish(Object results, Map<String, ?> metrics) {
    finish(results, metrics, List.of());
  }

  /**
   * Writes results.json, the result's fields and the run's provenance with {@code
   * stagesFromOtherCommits}, and marks the run finished with its headline metrics.
   */
  public void finish(
      Object results,
      Map<String, ?> metrics,
      List<RunProvenance.StageOrigin> stagesFromOtherCommits) {
    writeResults(
        directory.resolve(RESULTS),
        results,
        provenance.withStagesFromOtherCommits(stagesFromOtherCommits));
    store.finish(
        id,
        RunRecord.FINISHED,
        Instant.now().toString(),
        Json.canonical(metrics),
        Json.canonical(timings),
        null);
  }

  /** A results.json read back: the result and the provenance kept with it (null when none was). */
  public record Results<T>(T result, RunProvenance provenance) {}

  /**
   * Writes {@code results} as JSON with one more key, {@value #PROVENANCE}, after its own fields.
   */
  static void writeResults(Path file, Object results, RunProvenance provenance) {
    JsonNode tree;
    try {
      // Through the text, so that the result's numbers are written as Json writes them (NaN null).
      tree = Json.MAPPER.readTree(Json.canonical(results));
    } catch (java.io.IOException e) {
      throw new TraitlabException("cannot write " + file + ": " + e.getMessage(), e);
    }
    if (tree instanceof ObjectNode object && !object.has(PROVENANCE)) {
      object.set(PROVENANCE, Json.MAPPER.valueToTree(provenance));
    }
    Json.write(file, tree);
  }

  /**
   * Reads a results.json as {@code type}, its {@value #PROVENANCE} key apart (a file written before
   * results kept their provenance has none).
   */
  public static <T> Results<T> readResults(Path file, Class<T> type) {
    JsonNode tree = Json.readTree(file);
    RunProvenance provenance = null;
    if (tree instanceof ObjectNode object && !hasComponent(type, PROVENANCE)) {
      JsonNode kept = object.remove(PROVENANCE);
      if (kept != null && kept.isObject()) {
        try {
          provenance = Json.MAPPER.treeToValue(kept, RunProvenance.class);
        } catch (JsonProcessingException e) {
          // an unreadable provenance is the same as none: the result is what is asked for
        }
      }
    }
    try {
      return new Results<>(Json.MAPPER.treeToValue(tree, type), provenance);
    } catch (JsonProcessingException e) {
      throw new TraitlabException(
          file
              + ": not valid "
              + type.getSimpleName()
              + " JSON: "
              + e.getOriginalMessage().lines().findFirst().orElse(""),
          e);
    }
  }

  private static boolean hasComponent(Class<?> type, String name) {
    return type.isRecord()
        && java.util.Arrays.stream(type.getRecordComponents())
            .anyMatch(c -> c.getName().equals(name));
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
