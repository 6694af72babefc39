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
import java.util.List;
import java.util.Optional;

/** The SQLite database of runs ({@code traitlab.db} in the runs directory). */
public final class RunStore {
  private static final String COLUMNS =
      "id, experiment, status, created_at, finished_at, directory, git_commit, config, seeds,"
          + " versions, metrics, timings, error, process";

  private final Path file;

  public RunStore(Path runsDir) {
    this.file = runsDir.resolve("traitlab.db");
    try {
      Files.createDirectories(runsDir);
    } catch (java.io.IOException e) {
      throw new TraitlabException(
          "cannot create runs directory " + runsDir + ": " + FileErrors.reason(runsDir, e), e);
    }
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
          process TEXT)""");
    // Databases written before runs recorded their process get the column, empty.
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT * FROM runs LIMIT 0")) {
      boolean hasProcess = false;
      for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
        hasProcess |= r.getMetaData().getColumnName(i).equals("process");
      }
      if (!hasProcess) {
        s.execute("ALTER TABLE runs ADD COLUMN process TEXT");
      }
    } catch (SQLException e) {
      throw failure("upgrade", e);
    }
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
                "INSERT INTO runs (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
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
   * {@link RunRecord#INTERRUPTED} (here and in the database).
   */
  public List<RunRecord> list() {
    return query("SELECT " + COLUMNS + " FROM runs ORDER BY created_at DESC, id DESC", null)
        .stream()
        .map(this::settle)
        .toList();
  }

  private RunRecord settle(RunRecord run) {
    if (!RunRecord.RUNNING.equals(run.status()) || run.process() == null || alive(run.process())) {
      return run;
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

  /** The run with this id, or the only run whose id starts with it. */
  public Optional<RunRecord> find(String idOrPrefix) {
    List<RunRecord> matches =
        query(
            "SELECT " + COLUMNS + " FROM runs WHERE id = ?1 OR id LIKE ?2 ESCAPE '\\' ORDER BY id",
            idOrPrefix);
    matches = matches.stream().map(this::settle).toList();
    for (RunRecord r : matches) {
      if (r.id().equals(idOrPrefix)) {
        return Optional.of(r);
      }
    }
    if (matches.size() > 1) {
      throw new TraitlabException(
          "run id prefix '"
              + idOrPrefix
              + "' matches "
              + matches.size()
              + " runs; give more of it");
    }
    return matches.stream().findFirst();
  }

  private List<RunRecord> query(String sql, String idOrPrefix) {
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      if (idOrPrefix != null) {
        s.setString(1, idOrPrefix);
        s.setString(
            2, idOrPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
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
                  r.getString(14)));
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
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = c.createStatement()) {
      // Several runs may share one database: wait for a writer instead of failing at once.
      s.execute("PRAGMA busy_timeout = 10000");
    }
    return c;
  }

  private TraitlabException failure(String what, SQLException e) {
    return new TraitlabException(file + ": cannot " + what + ": " + e.getMessage(), e);
  }
}
