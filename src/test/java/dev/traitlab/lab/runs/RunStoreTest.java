package dev.traitlab.lab.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
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
}
