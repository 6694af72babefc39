package dev.traitlab.lab.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.TraitlabException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
  @TempDir Path runs;

  private static RunRecord running(String id, String process) {
    return new RunRecord(
        id,
        "x",
        RunRecord.RUNNING,
        "2026-01-01T00:00:00Z",
        null,
        "/tmp/" + id,
        "abc",
        "{}",
        "[0]",
        "{}",
        null,
        null,
        null,
        process);
  }

  @Test
  void aRunWhoseProcessIsGoneIsInterruptedAndALiveOneStaysRunning() {
    RunStore store = new RunStore(runs);
    String self = RunStore.currentProcess();
    String host = self.substring(0, self.indexOf(':'));
    store.insert(running("live", self));
    // No process has pid 2^31 - 2; a process with our pid but another start time is not ours.
    store.insert(running("killed", host + ":2147483646:2026-01-01T00:00:00Z"));
    String pid = Long.toString(ProcessHandle.current().pid());
    store.insert(running("reused-pid", host + ":" + pid + ":1999-01-01T00:00:00Z"));
    store.insert(running("other-host", "elsewhere:1:2026-01-01T00:00:00Z"));

    assertEquals(RunRecord.RUNNING, store.find("live").orElseThrow().status());
    assertEquals(RunRecord.INTERRUPTED, store.find("killed").orElseThrow().status());
    assertEquals(RunRecord.INTERRUPTED, store.find("reused-pid").orElseThrow().status());
    assertEquals(RunRecord.RUNNING, store.find("other-host").orElseThrow().status());
    // The verdict is written back: a second store (another process) reads it.
    assertEquals(RunRecord.INTERRUPTED, new RunStore(runs).find("killed").orElseThrow().status());
  }

  @Test
  void aDatabaseFromBeforeProcessesWereRecordedGetsTheColumn() throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + runs.resolve("traitlab.db"));
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE runs (id TEXT PRIMARY KEY, experiment TEXT NOT NULL, status TEXT NOT"
              + " NULL, created_at TEXT NOT NULL, finished_at TEXT, directory TEXT NOT NULL,"
              + " git_commit TEXT, config TEXT NOT NULL, seeds TEXT, versions TEXT, metrics TEXT,"
              + " timings TEXT, error TEXT)");
      s.execute(
          "INSERT INTO runs VALUES ('old', 'x', 'running', '2025-01-01T00:00:00Z', NULL, '/d',"
              + " NULL, '{}', NULL, NULL, NULL, NULL, NULL)");
    }
    RunStore store = new RunStore(runs);
    // Without a recorded process nothing tells whether it still runs: it is left as it is.
    assertEquals(RunRecord.RUNNING, store.find("old").orElseThrow().status());
    store.insert(running("new", RunStore.currentProcess()));
    assertEquals(2, store.list().size());
  }

  /**
   * A new run of the same experiment and config resumes the interrupted ones: they are marked
   * resumed by it, once; a run of that config still going, a run of another config and a finished
   * run are not.
   */
  @Test
  void aRerunOfTheSameConfigMarksTheInterruptedRunsResumed() {
    RunStore store = new RunStore(runs);
    String self = RunStore.currentProcess();
    String gone = self.substring(0, self.indexOf(':')) + ":2147483646:2026-01-01T00:00:00Z";
    store.insert(running("killed", gone));
    store.insert(running("killed-earlier", gone));
    store.insert(running("live", self));
    RunRecord other = running("other-config", gone);
    store.insert(
        new RunRecord(
            other.id(),
            other.experiment(),
            other.status(),
            other.createdAt(),
            null,
            other.directory(),
            null,
            "{\"n\":2}",
            null,
            null,
            null,
            null,
            null,
            gone));
    store.insert(running("done", gone).withStatus(RunRecord.FINISHED));
    store.insert(running("new", self));

    assertEquals(List.of("killed", "killed-earlier"), sorted(store.markResumed("x", "{}", "new")));
    assertEquals("new", store.find("killed").orElseThrow().resumedBy());
    assertEquals(RunRecord.INTERRUPTED, store.find("killed").orElseThrow().status());
    assertNull(store.find("live").orElseThrow().resumedBy());
    assertNull(store.find("other-config").orElseThrow().resumedBy());
    assertNull(store.find("done").orElseThrow().resumedBy());
    assertNull(store.find("new").orElseThrow().resumedBy());
    // A later rerun leaves the ones already resumed as they are.
    assertEquals(List.of(), store.markResumed("x", "{}", "newer"));
    assertEquals("new", store.find("killed-earlier").orElseThrow().resumedBy());
  }

  private static List<String> sorted(List<String> ids) {
    return ids.stream().sorted().toList();
  }

  /**
   * A store opened read-only on a folder without a database has no runs and creates no file; on a
   * folder that does not exist it refuses, creating nothing.
   */
  @Test
  void anExistingStoreCreatesNothing() throws Exception {
    assertEquals(List.of(), RunStore.existing(runs).list());
    assertEquals(java.util.Optional.empty(), RunStore.existing(runs).find("x"));
    assertFalse(Files.exists(runs.resolve("traitlab.db")));
    Path missing = runs.resolve("missing");
    TraitlabException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            TraitlabException.class, () -> RunStore.existing(missing));
    assertEquals("no runs directory " + missing, e.getMessage());
    assertFalse(Files.exists(missing));
    new RunStore(runs).insert(running("a", null));
    assertEquals("a", RunStore.existing(runs).find("a").orElseThrow().id());
  }

  private static final String OLD_SCHEMA =
      "CREATE TABLE runs (id TEXT PRIMARY KEY, experiment TEXT NOT NULL, status TEXT NOT NULL,"
          + " created_at TEXT NOT NULL, finished_at TEXT, directory TEXT NOT NULL, git_commit"
          + " TEXT, config TEXT NOT NULL, seeds TEXT, versions TEXT, metrics TEXT, timings TEXT,"
          + " error TEXT, process TEXT)";

  private String schema() throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + runs.resolve("traitlab.db"));
        Statement s = c.createStatement();
        var r = s.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'runs'")) {
      return r.next() ? r.getString(1) : null;
    }
  }

  /**
   * A database written before runs recorded their command line and resumption (the schema before
   * they did) is listed by a read-only store, the missing columns empty, and its schema is left as
   * it was: a read-only store runs no DDL.
   */
  @Test
  void aReadOnlyStoreListsAnOlderDatabaseWithoutChangingItsSchema() throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + runs.resolve("traitlab.db"));
        Statement s = c.createStatement()) {
      s.execute(OLD_SCHEMA);
      s.execute(
          "INSERT INTO runs VALUES ('old', 'x', 'finished', '2025-01-01T00:00:00Z', NULL, '/d',"
              + " 'abc', '{}', NULL, NULL, NULL, NULL, NULL, NULL)");
    }
    String before = schema();
    RunStore store = RunStore.existing(runs);
    List<RunRecord> listed = store.list();
    assertEquals(List.of("old"), listed.stream().map(RunRecord::id).toList());
    assertNull(listed.getFirst().command());
    assertNull(listed.getFirst().resumedBy());
    assertEquals("old", store.find("ol").orElseThrow().id());
    assertEquals(before, schema());
    assertFalse(schema().contains("resumed_by"));
    // A writing store upgrades it.
    new RunStore(runs);
    assertTrue(schema().contains("resumed_by"), schema());
  }

  /**
   * A read-only store opens its database read-only, so it works on a file it may not write (tests
   * run as root, which file permissions do not stop: the read-only connection does): an older
   * schema is not upgraded, and a run whose process is gone is listed as interrupted without the
   * database being written.
   */
  @Test
  void aReadOnlyStoreWritesNothingToAReadOnlyDatabase() throws Exception {
    String self = RunStore.currentProcess();
    String gone = self.substring(0, self.indexOf(':')) + ":2147483646:2026-01-01T00:00:00Z";
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + runs.resolve("traitlab.db"));
        Statement s = c.createStatement()) {
      s.execute(OLD_SCHEMA);
      s.execute(
          "INSERT INTO runs VALUES ('killed', 'x', 'running', '2025-01-01T00:00:00Z', NULL, '/d',"
              + " 'abc', '{}', NULL, NULL, NULL, NULL, NULL, '"
              + gone
              + "')");
    }
    String before = schema();
    Path db = runs.resolve("traitlab.db");
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
    try {
      RunRecord killed = RunStore.existing(runs).list().getFirst();
      assertEquals(RunRecord.INTERRUPTED, killed.status());
      assertEquals(
          RunRecord.INTERRUPTED, RunStore.existing(runs).find("killed").orElseThrow().status());
    } finally {
      Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
    }
    assertEquals(before, schema());
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        var r = s.executeQuery("SELECT status FROM runs")) {
      assertTrue(r.next());
      assertEquals(RunRecord.RUNNING, r.getString(1), "a read-only store wrote the status");
    }
  }

  /**
   * Two processes upgrading one older database at once: the second's ALTER TABLE finds the column
   * the first added ("duplicate column name"), which is its success; another error is not.
   */
  @Test
  void aColumnAnotherProcessAddedMeanwhileIsASuccess() throws Exception {
    new RunStore(runs);
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + runs.resolve("traitlab.db"))) {
      RunStore.addColumn(c, "resumed_by");
      RunStore.addColumn(c, "extra");
      RunStore.addColumn(c, "extra");
      assertThrows(java.sql.SQLException.class, () -> RunStore.addColumn(c, "("));
    }
    assertTrue(schema().contains("extra TEXT"), schema());
  }
}
