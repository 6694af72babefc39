package dev.traitlab.lab.stages;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import dev.traitlab.core.Hashing;
import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.report.TextTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Content-addressed store of finished stages. A stage's outputs live in a directory named by the
 * hash of its name and inputs; the directory appears (by an atomic rename) only when the stage
 * finished, so a killed run leaves no half-finished stage behind and a rerun resumes after the last
 * finished one.
 *
 * <p>A stage's inputs are any JSON-serialisable value: config values, and upstream {@link Stage}s,
 * which hash as their key, so a change upstream recomputes everything below it. A stage either
 * returns a value (kept as {@code value.json} and read back on reuse) or writes files into its
 * directory (a trained model, a dataset).
 */
public final class Stages {
  private static final String MARKER = "stage.json";
  private static final String VALUE = "value.json";

  private final Path root;
  private final boolean fresh;
  private final Progress progress;
  private final List<StageRecord> records = new ArrayList<>();

  /** What happened to one stage in this run: reused from the cache or computed, and its time. */
  public record StageRecord(String stage, String key, boolean reused, double seconds) {}

  /** Writes a stage's outputs into the directory it is given. */
  @FunctionalInterface
  public interface FilesBody {
    void produce(Path outputDir) throws IOException;
  }

  /** Computes a stage's value; may also write files into the directory it is given. */
  @FunctionalInterface
  public interface ValueBody<T> {
    T produce(Path outputDir) throws IOException;
  }

  /**
   * @param root the cache directory (shared by runs, so that a rerun finds earlier stages)
   * @param fresh recompute every stage even when a finished copy exists
   */
  public Stages(Path root, boolean fresh, Progress progress) {
    this.root = root;
    this.fresh = fresh;
    this.progress = progress;
  }

  /**
   * A stage whose output is the files {@code body} writes: returns it with its directory, producing
   * the files first unless a finished copy exists (and this cache is not fresh).
   *
   * @param inputs everything the outputs depend on (config values, upstream stages), hashed
   */
  public Stage<Path> files(String name, Object inputs, FilesBody body) {
    Path dir = directory(name, inputs, body);
    return new Stage<>(name, keyOf(name, inputs), dir, dir);
  }

  /** A stage whose output is a value of {@code type}, kept as JSON; see {@link #files}. */
  public <T> Stage<T> value(String name, Object inputs, Class<T> type, ValueBody<T> body) {
    return value(name, inputs, Json.MAPPER.constructType(type), body);
  }

  /** As {@link #value(String, Object, Class, ValueBody)} for generic types. */
  public <T> Stage<T> value(String name, Object inputs, TypeReference<T> type, ValueBody<T> body) {
    return value(name, inputs, Json.MAPPER.constructType(type), body);
  }

  private <T> Stage<T> value(String name, Object inputs, JavaType type, ValueBody<T> body) {
    Path dir = directory(name, inputs, out -> Json.write(out.resolve(VALUE), body.produce(out)));
    // Read back even when just computed: a resumed run then sees exactly what a fresh one does.
    return new Stage<>(name, keyOf(name, inputs), dir, read(dir.resolve(VALUE), type));
  }

  /** The key a stage with these inputs gets. */
  public static String keyOf(String name, Object inputs) {
    return Hashing.of(List.of(name, inputs)).substring(0, 16);
  }

  /** The "Stages" section of a report: each stage, its key, and whether it was reused. */
  public static TextTable table(List<StageRecord> records) {
    TextTable table = TextTable.of("stage", "key", "status");
    for (StageRecord stage : records) {
      table.row(
          stage.stage(),
          stage.key(),
          stage.reused()
              ? "reused from cache"
              : String.format("computed in %.1f s", stage.seconds()));
    }
    return table;
  }

  /** What happened to each stage so far, in order. */
  public List<StageRecord> records() {
    return List.copyOf(records);
  }

  private Path directory(String name, Object inputs, FilesBody body) {
    String key = keyOf(name, inputs);
    Path dir = root.resolve(name + "-" + key);
    if (!fresh && Files.isRegularFile(dir.resolve(MARKER))) {
      progress.note("stage " + name + ": reused " + dir);
      records.add(new StageRecord(name, key, true, 0));
      return dir;
    }
    long start = System.nanoTime();
    Path tmp = root.resolve(".tmp-" + name + "-" + key + "-" + ProcessHandle.current().pid());
    try {
      deleteRecursively(tmp);
      Files.createDirectories(tmp);
      body.produce(tmp);
      double seconds = (System.nanoTime() - start) / 1e9;
      Json.write(
          tmp.resolve(MARKER), new Marker(name, key, inputs, Instant.now().toString(), seconds));
      deleteRecursively(dir);
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      records.add(new StageRecord(name, key, false, seconds));
      return dir;
    } catch (IOException e) {
      throw new TraitlabException(
          "stage " + name + ": cannot write " + tmp + ": " + e.getMessage(), e);
    } finally {
      try {
        deleteRecursively(tmp);
      } catch (IOException e) {
        // leftover temp directories are harmless: they are never read
      }
    }
  }

  private static <T> T read(Path file, JavaType type) {
    try {
      return Json.MAPPER.readValue(file.toFile(), type);
    } catch (IOException e) {
      throw new TraitlabException(
          file
              + ": cannot read a cached stage's value ("
              + e.getMessage()
              + "); rerun with --fresh",
          e);
    }
  }

  private record Marker(
      String stage, String key, Object inputs, String finishedAt, double seconds) {}

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
