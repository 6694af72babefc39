package dev.traitlab.lab.stages;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.traitlab.core.Hashing;
import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.core.Provenance;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
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
  private static final String TMP_PREFIX = ".tmp-";

  private final Path root;
  private final boolean fresh;
  private final Progress progress;
  private final List<StageRecord> records = new ArrayList<>();

  /** The keys of the stages this instance computed: reused later in the same run, they are its. */
  private final Set<String> computedHere = new HashSet<>();

  private String commit;

  /**
   * What happened to one stage in this run: reused from the cache or computed, and its time; the
   * commit that computed it and when (from its {@code stage.json}; null for a stage written before
   * stages recorded them), and whether it may be another code's than this run's: another commit, or
   * a dirty tree or unknown commit on either side ({@link #otherCommit(String, String)}). Stage
   * keys hash inputs, not code: a reused stage of another commit may hold what older code computed.
   */
  public record StageRecord(
      String stage,
      String key,
      boolean reused,
      double seconds,
      String commit,
      String computedAt,
      boolean otherCommit) {

    /** A stage whose commit is not known (results written before stages recorded it). */
    public StageRecord(String stage, String key, boolean reused, double seconds) {
      this(stage, key, reused, seconds, null, null, false);
    }
  }

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
    this(root, fresh, progress, null);
  }

  /**
   * As {@link #Stages(Path, boolean, Progress)}, for a run of {@code commit} (as {@link
   * Provenance#gitCommit()} gives it): each stage computed records it in its {@code stage.json},
   * and a reused stage of another commit is told apart. Null means this process's commit, found
   * when first needed.
   */
  public Stages(Path root, boolean fresh, Progress progress, String commit) {
    this.root = root;
    this.fresh = fresh;
    this.progress = progress;
    this.commit = commit;
  }

  private String commit() {
    if (commit == null) {
      commit = Provenance.gitCommit();
    }
    return commit;
  }

  /**
   * Deletes the temporary directories ({@code .tmp-STAGE-KEY-HOST-PID}) that processes of this host
   * which are gone left in the cache {@code root} (a run killed while it computed a stage); those
   * of a live process, which may be computing them now, stay. A directory of another host (a cache
   * shared between machines or containers, whose pids this host cannot see), or whose name names no
   * host and pid (written before temp directories named their host), is left alone. Returns how
   * many it deleted. A directory that cannot be deleted is left for the next run.
   */
  public static int removeAbandoned(Path root) {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    List<Path> abandoned;
    try (Stream<Path> list = Files.list(root)) {
      abandoned =
          list.filter(
                  p -> {
                    String name = p.getFileName().toString();
                    if (!name.startsWith(TMP_PREFIX) || !Files.isDirectory(p)) {
                      return false;
                    }
                    OptionalLong pid = tempOwner(name, host());
                    return pid.isPresent() && !alive(pid.getAsLong());
                  })
              .toList();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
    int removed = 0;
    for (Path dir : abandoned) {
      try {
        deleteRecursively(dir);
        removed++;
      } catch (IOException | UncheckedIOException e) {
        // left for the next run: temp directories are never read
      }
    }
    return removed;
  }

  /**
   * The name of the temporary directory in which process {@code pid} of this host computes a stage:
   * {@code .tmp-STAGE-KEY-HOST-PID}.
   */
  public static String tempName(String stage, String key, long pid) {
    return TMP_PREFIX + stage + "-" + key + "-" + host() + "-" + pid;
  }

  /**
   * The pid of the process of {@code host} that a temp directory's name ({@code ...-HOST-PID}) says
   * made it; empty when it names another host or no host and pid.
   */
  static OptionalLong tempOwner(String name, String host) {
    String suffix = "-" + host + "-";
    int dash = name.lastIndexOf('-');
    if (dash < 0
        || dash == name.length() - 1
        || !name.startsWith(suffix, dash - host.length() - 1)) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(name.substring(dash + 1)));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * This host's name as temp directories carry it: letters, digits and dots, each other character a
   * dot (so that it holds no dash).
   */
  static String host() {
    return Host.NAME;
  }

  private static final class Host {
    static final String NAME = sanitise(name());

    private static String name() {
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        return "localhost";
      }
    }
  }

  static String sanitise(String host) {
    String clean = host.replaceAll("[^A-Za-z0-9.]", ".");
    return clean.isEmpty() ? "localhost" : clean;
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
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
      table.row(stage.stage(), stage.key(), status(stage));
    }
    return table;
  }

  /**
   * "reused from cache", "computed in 1.2 s", or for a stage of another commit "reused from cache,
   * computed by commit 1a2b3c4d5e6f at 2026-01-01T00:00:00Z (not this run's commit)"; a stage of a
   * dirty tree or an unknown commit says its code may not be this run's.
   */
  static String status(StageRecord stage) {
    if (!stage.reused()) {
      return String.format(Locale.ROOT, "computed in %.1f s", stage.seconds());
    }
    if (!stage.otherCommit()) {
      return "reused from cache";
    }
    if (stage.commit() == null) {
      return "reused from cache, computed by a commit it did not record (before stages recorded"
          + " theirs)";
    }
    String commit = stage.commit();
    boolean dirty = commit.endsWith("-dirty");
    String hash = dirty ? commit.substring(0, commit.length() - "-dirty".length()) : commit;
    String at = stage.computedAt() == null ? "" : " at " + stage.computedAt();
    if (commit.equals("unknown")) {
      return "reused from cache, computed by an unknown commit"
          + at
          + " (its code may not be this"
          + " run's)";
    }
    return "reused from cache, computed by commit "
        + (hash.length() > 12 ? hash.substring(0, 12) : hash)
        + (dirty ? " (dirty)" : "")
        + at
        + (dirty
            ? " (uncommitted changes: its code may not be this run's)"
            : " (not this run's commit)");
  }

  /**
   * Whether a stage that {@code stageCommit} computed may hold another code's output than a run of
   * {@code runCommit}: another commit, or on either side a commit not known ("unknown", null) or a
   * tree with uncommitted changes ("-dirty"), since two dirty trees of one commit may hold
   * different edits.
   */
  static boolean otherCommit(String runCommit, String stageCommit) {
    return !clean(runCommit) || !clean(stageCommit) || !runCommit.equals(stageCommit);
  }

  private static boolean clean(String commit) {
    return commit != null
        && !commit.isBlank()
        && !commit.equals("unknown")
        && !commit.endsWith("-dirty");
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
      Origin origin = origin(dir.resolve(MARKER));
      records.add(
          new StageRecord(
              name,
              key,
              true,
              0,
              origin.commit(),
              origin.finishedAt(),
              !computedHere.contains(key) && otherCommit(commit(), origin.commit())));
      return dir;
    }
    long start = System.nanoTime();
    Path tmp = root.resolve(tempName(name, key, ProcessHandle.current().pid()));
    try {
      deleteRecursively(tmp);
      Files.createDirectories(tmp);
      body.produce(tmp);
      double seconds = (System.nanoTime() - start) / 1e9;
      String finishedAt = Instant.now().toString();
      Json.write(tmp.resolve(MARKER), new Marker(name, key, inputs, finishedAt, seconds, commit()));
      deleteRecursively(dir);
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      records.add(new StageRecord(name, key, false, seconds, commit(), finishedAt, false));
      computedHere.add(key);
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

  /**
   * A finished stage's {@code stage.json}: its name, key and inputs, when it finished, how long it
   * took, and the commit that computed it (absent in stages written before it was recorded).
   */
  private record Marker(
      String stage, String key, Object inputs, String finishedAt, double seconds, String commit) {}

  /** Who computed a cached stage, from its {@code stage.json}. */
  private record Origin(String commit, String finishedAt) {}

  private static Origin origin(Path marker) {
    try {
      JsonNode tree = Json.MAPPER.readTree(marker.toFile());
      return new Origin(text(tree, "commit"), text(tree, "finishedAt"));
    } catch (IOException e) {
      return new Origin(null, null);
    }
  }

  private static String text(JsonNode tree, String field) {
    JsonNode value = tree.get(field);
    return value == null || !value.isTextual() ? null : value.asText();
  }

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
