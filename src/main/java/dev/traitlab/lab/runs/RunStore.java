package dev.traitlab.lab.runs;

import dev.traitlab.core.FileErrors;
import dev.traitlab.core.TraitlabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.sqlite.SQLiteConfig;

/** The SQLite database of runs ({@code traitlab.db} in the runs directory). */
public final class RunStore {
  private static final String COLUMNS =
      "id, experiment, status, created_at, finished_at, directory, git_commit, config, seeds,"
          + " versions, metrics, timings, error, process, command, resumed_by";

  /** Columns added after the first databases were written, each added to an older one, empty. */
  private static final List<String> LATER_COLUMNS = List.of("process", "command", "resumed_by");

  private final Path file;

  /** Whether the database file is absent: a store opened by {@link #existing} then has no runs. */
  private final boolean absent;

  /**
   * Whether this store only reads ({@link #existing}): its connections are opened read-only, it
   * changes no schema and writes nothing, not even a run found interrupted.
   */
  private final boolean readOnly;

  /**
   * What queries select: {@link #COLUMNS}, with {@code NULL AS column} for each later column that a
   * read-only store's older database lacks.
   */
  private final String selected;

  /** The runs database of {@code runsDir}, created (with the directory) when it does not exist. */
  public RunStore(Path runsDir) {
    this(runsDir, true);
  }

  private RunStore(Path runsDir, boolean create) {
    this.file = runsDir.resolve("traitlab.db");
    this.readOnly = !create;
    if (create) {
      try {
        Files.createDirectories(runsDir);
      } catch (java.io.IOException e) {
        throw new TraitlabException(
            "cannot create runs directory " + runsDir + ": " + FileErrors.reason(runsDir, e), e);
      }
    }
    if (!create) {
      // Read only: no DDL, not even on an older database; the columns it lacks read as NULL.
      Set<String> have = Files.exists(file) ? columns() : Set.of();
      this.absent = have.isEmpty();
      this.selected =
          Arrays.stream(COLUMNS.split(","))
              .map(String::strip)
              .map(c -> have.contains(c) ? c : "NULL AS " + c)
              .collect(Collectors.joining(", "));
      return;
    }
    this.absent = false;
    this.selected = COLUMNS;
    execute(
        """
        CREATE TABLE IF NOT EXISTS runs (
          id TEXT PRIMARY KEY,
          experiment TEXT NOT NULL,
          status TEXT NOT NULL,
          created_at TEXT NOT NULL,
          finished_at TEXT,
          directory TEXT NOT NULL,
          git_commit TEXT,
          config TEXT NOT NULL,
          seeds TEXT,
          versions TEXT,
          metrics TEXT,
          timings TEXT,
          error TEXT,
          process TEXT,
          command TEXT,
          resumed_by TEXT)""");
    // Databases written before runs recorded their process, command line or resumption get the
    // columns, empty.
    Set<String> have = columns();
    try (Connection c = connect()) {
      for (String column : LATER_COLUMNS) {
        if (!have.contains(column)) {
          addColumn(c, column);
        }
      }
    } catch (SQLException e) {
      throw failure("upgrade", e);
    }
  }

  /**
   * Adds the text column {@code column} to the runs table. Another process upgrading the same
   * database at the same time may have added it since this one looked: its "duplicate column name"
   * is this one's success.
   */
  static void addColumn(Connection c, String column) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("ALTER TABLE runs ADD COLUMN " + column + " TEXT");
    } catch (SQLException e) {
      String message = e.getMessage();
      if (message == null || !message.contains("duplicate column name")) {
        throw e;
      }
    }
  }

  /**
   * The columns of the runs table (PRAGMA table_info), empty when the database has no such table.
   */
  private Set<String> columns() {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("PRAGMA table_info(runs)")) {
      Set<String> have = new HashSet<>();
      while (r.next()) {
        have.add(r.getString("name"));
      }
      return have;
    } catch (SQLException e) {
      throw failure("read the runs table's columns", e);
    }
  }

  /**
   * The runs database of a runs directory that must exist, opened without creating anything (for
   * the commands that only read runs): a directory without {@code traitlab.db} has no runs.
   *
   * @throws TraitlabException "no runs directory DIR" when it does not exist, or when it is a file
   */
  public static RunStore existing(Path runsDir) {
    if (Files.exists(runsDir) && !Files.isDirectory(runsDir)) {
      throw new TraitlabException(runsDir + ": a file, not a runs directory");
    }
    if (!Files.isDirectory(runsDir)) {
      throw new TraitlabException("no runs directory " + runsDir);
    }
    return new RunStore(runsDir, false);
  }

  /**
   * This process as {@code host:pid:start}: the start time tells a live process from a later one
   * that got the same pid.
   */
  public static String currentProcess() {
    ProcessHandle self = ProcessHandle.current();
    return host()
        + ":"
        + self.pid()
        + ":"
        + self.info().startInstant().map(Object::toString).orElse("?");
  }

  public Path file() {
    return file;
  }

  public void insert(RunRecord run) {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO runs (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      s.setString(1, run.id());
      s.setString(2, run.experiment());
      s.setString(3, run.status());
      s.setString(4, run.createdAt());
      s.setString(5, run.finishedAt());
      s.setString(6, run.directory());
      s.setString(7, run.gitCommit());
      s.setString(8, run.config());
      s.setString(9, run.seeds());
      s.setString(10, run.versions());
      s.setString(11, run.metrics());
      s.setString(12, run.timings());
      s.setString(13, run.error());
      s.setString(14, run.process());
      s.setString(15, run.command());
      s.setString(16, run.resumedBy());
      s.executeUpdate();
    } catch (SQLException e) {
      throw failure("insert run " + run.id(), e);
    }
  }

  public void finish(
      String id, String status, String finishedAt, String metrics, String timings, String error) {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE runs SET status = ?, finished_at = ?, metrics = ?, timings = ?, error = ?"
                    + " WHERE id = ?")) {
      s.setString(1, status);
      s.setString(2, finishedAt);
      s.setString(3, metrics);
      s.setString(4, timings);
      s.setString(5, error);
      s.setString(6, id);
      if (s.executeUpdate() != 1) {
        throw new TraitlabException("run " + id + " is not in " + file);
      }
    } catch (SQLException e) {
      throw failure("update run " + id, e);
    }
  }

  /**
   * All runs, newest first. A run still marked running whose process on this host is gone is marked
   * {@link RunRecord#INTERRUPTED} (here, and in the database unless this store only reads).
   */
  public List<RunRecord> list() {
    return query("SELECT " + selected + " FROM runs ORDER BY created_at DESC, id DESC").stream()
        .map(this::settle)
        .toList();
  }

  private RunRecord settle(RunRecord run) {
    if (!RunRecord.RUNNING.equals(run.status()) || run.process() == null || alive(run.process())) {
      return run;
    }
    if (readOnly) {
      // Said here; the database is left as it is (the next writing store marks it).
      return run.withStatus(RunRecord.INTERRUPTED);
    }
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement("UPDATE runs SET status = ? WHERE id = ? AND status = ?")) {
      s.setString(1, RunRecord.INTERRUPTED);
      s.setString(2, run.id());
      s.setString(3, RunRecord.RUNNING);
      s.executeUpdate();
    } catch (SQLException e) {
      throw failure("mark run " + run.id() + " interrupted", e);
    }
    return run.withStatus(RunRecord.INTERRUPTED);
  }

  /**
   * Whether a process recorded as {@code host:pid:start} still runs; unknown hosts count as alive.
   */
  static boolean alive(String process) {
    String[] parts = process.split(":", 3);
    if (parts.length != 3 || !parts[0].equals(host())) {
      return true;
    }
    try {
      long pid = Long.parseLong(parts[1]);
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .map(h -> h.info().startInstant().map(Object::toString).orElse("?").equals(parts[2]))
          .orElse(false);
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  /**
   * The run with this id, or the only run whose id starts with it.
   *
   * @throws IllegalArgumentException when the prefix matches several runs (a command line's
   *     mistake: it names no one run)
   */
  public Optional<RunRecord> find(String idOrPrefix) {
    List<RunRecord> matches =
        query(
            "SELECT " + selected + " FROM runs WHERE id = ?1 OR id LIKE ?2 ESCAPE '\\' ORDER BY id",
            idOrPrefix,
            idOrPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    matches = matches.stream().map(this::settle).toList();
    for (RunRecord r : matches) {
      if (r.id().equals(idOrPrefix)) {
        return Optional.of(r);
      }
    }
    if (matches.size() > 1) {
      List<String> ids = matches.stream().map(RunRecord::id).toList();
      throw new IllegalArgumentException(
          "run id prefix '"
              + idOrPrefix
              + "' matches "
              + matches.size()
              + " runs ("
              + String.join(", ", ids.subList(0, Math.min(3, ids.size())))
              + (ids.size() > 3 ? ", ..." : "")
              + "); give more of it");
    }
    return matches.stream().findFirst();
  }

  /**
   * Marks every earlier run of {@code experiment} with the same config (its canonical JSON) whose
   * process is gone ({@link RunRecord#INTERRUPTED}) and that no run resumed yet as resumed by run
   * {@code runId}: a rerun of the same command reuses its finished stages. A run of that config
   * still going is left alone. Returns the ids marked.
   */
  public List<String> markResumed(String experiment, String config, String runId) {
    List<RunRecord> candidates =
        query(
                "SELECT "
                    + selected
                    + " FROM runs WHERE experiment = ?1 AND config = ?2 AND id <> ?3 AND"
                    + " resumed_by IS NULL AND status IN ('"
                    + RunRecord.RUNNING
                    + "', '"
                    + RunRecord.INTERRUPTED
                    + "')",
                experiment,
                config,
                runId)
            .stream()
            .map(this::settle)
            .filter(r -> RunRecord.INTERRUPTED.equals(r.status()))
            .toList();
    List<String> marked = new ArrayList<>();
    for (RunRecord r : candidates) {
      try (Connection c = connect();
          PreparedStatement s =
              c.prepareStatement(
                  "UPDATE runs SET resumed_by = ? WHERE id = ? AND resumed_by IS NULL")) {
        s.setString(1, runId);
        s.setString(2, r.id());
        if (s.executeUpdate() == 1) {
          marked.add(r.id());
        }
      } catch (SQLException e) {
        throw failure("mark run " + r.id() + " resumed", e);
      }
    }
    return marked;
  }

  private List<RunRecord> query(String sql, String... parameters) {
    if (absent) {
      return List.of();
    }
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      List<RunRecord> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(
              new RunRecord(
                  r.getString(1),
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  r.getString(6),
                  r.getString(7),
                  r.getString(8),
                  r.getString(9),
                  r.getString(10),
                  r.getString(11),
                  r.getString(12),
                  r.getString(13),
                  r.getString(14),
                  r.getString(15),
                  r.getString(16)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure("read runs", e);
    }
  }

  private void execute(String sql) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw failure("initialise", e);
    }
  }

  private Connection connect() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    // Several runs may share one database: wait for a writer instead of failing at once.
    config.setBusyTimeout(10000);
    // A read-only store never writes: on a database it may not write (a read-only file, another
    // user's runs) it reads all the same, and a write attempted by mistake fails here.
    config.setReadOnly(readOnly);
    return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
  }

  private TraitlabException failure(String what, SQLException e) {
    return new TraitlabException(file + ": cannot " + what + ": " + e.getMessage(), e);
  }
}
