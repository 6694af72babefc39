package dev.traitlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.core.Provenance;
import dev.traitlab.lab.runs.Invocation;
import dev.traitlab.lab.runs.Run;
import dev.traitlab.lab.runs.RunProvenance;
import dev.traitlab.lab.runs.RunRecord;
import dev.traitlab.lab.runs.RunStore;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a recorded run keeps besides its result: provenance, stage origins, resumption. */
class RecordedRunTest {
  private static final String OTHER_COMMIT = "0000000000000000000000000000000000000000";

  @TempDir Path tmp;

  @AfterEach
  void clearCommand() {
    Invocation.clear();
  }

  private RunRecord execute(Path runs, boolean fresh) {
    RecordedRun.execute(
        new TinyStageExperiment(),
        new TinyStageExperiment.Config(3),
        new Lab(runs, fresh, null, Progress.NONE),
        new PrintWriter(new StringWriter()));
    return new RunStore(runs).list().getFirst();
  }

  /**
   * config.json, results.json and report.html each carry the commit and the command line, the key
   * given on it redacted; results.json still reads back as the result; the database has the same
   * command.
   */
  @Test
  void theProvenanceIsKeptWithTheSharedFiles() throws Exception {
    Invocation.set(List.of("run", "tiny-stage", "--api-key", "sk-abcdefghijklmnopqrstuvwx"));
    RunRecord run = execute(tmp.resolve("runs"), false);
    Path dir = Path.of(run.directory());
    String commit = Provenance.gitCommit();
    String command = "traitlab run tiny-stage --api-key REDACTED";

    for (String file : List.of("config.json", "results.json")) {
      JsonNode provenance = Json.readTree(dir.resolve(file)).get(Run.PROVENANCE);
      assertEquals(
          commit,
          provenance.get("commit").asText() + (provenance.get("dirty").asBoolean() ? "-dirty" : ""),
          file);
      assertEquals(command, provenance.get("command").asText(), file);
      assertEquals(
          Provenance.traitlabVersion(), provenance.at("/versions/traitlab").asText(), file);
      assertEquals(Runtime.version().toString(), provenance.at("/versions/java").asText(), file);
      assertTrue(provenance.at("/versions/djl").isTextual(), file);
    }
    Run.Results<TinyStageExperiment.Result> read =
        Run.readResults(dir.resolve("results.json"), TinyStageExperiment.Result.class);
    assertEquals(6, read.result().doubled());
    assertEquals(command, read.provenance().command());
    assertEquals(List.of(), read.provenance().stagesFromOtherCommits());

    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.contains(RunProvenance.of(run).commitText() + " · " + command), html);
    assertTrue(html.contains("<h2>Provenance</h2>"), html);
    assertEquals(commit, run.gitCommit());
    assertEquals(command, run.command());
    for (String file : List.of("config.json", "results.json", "report.html")) {
      assertFalse(Files.readString(dir.resolve(file)).contains("sk-abc"), file);
    }
  }

  /**
   * A stage reused from a run of another commit: its stage.json's commit is named in the stage
   * table and in the provenance of results.json and report.html; the stage the first run computed
   * records this commit in its stage.json.
   */
  @Test
  void aStageOfAnotherCommitIsNamedInResultsAndReport() throws Exception {
    Path runs = tmp.resolve("runs");
    execute(runs, false);
    Path marker;
    try (Stream<Path> stages = Files.list(runs.resolve("cache"))) {
      marker =
          stages
              .filter(p -> p.getFileName().toString().startsWith("double-"))
              .findFirst()
              .orElseThrow()
              .resolve("stage.json");
    }
    ObjectNode stage = (ObjectNode) Json.readTree(marker);
    assertEquals(Provenance.gitCommit(), stage.get("commit").asText());
    assertTrue(stage.get("finishedAt").isTextual());
    stage.put("commit", OTHER_COMMIT);
    Json.write(marker, stage);

    RunRecord second = execute(runs, false);
    Path dir = Path.of(second.directory());
    RunProvenance provenance =
        Run.readResults(dir.resolve("results.json"), TinyStageExperiment.Result.class).provenance();
    assertEquals(1, provenance.stagesFromOtherCommits().size());
    RunProvenance.StageOrigin origin = provenance.stagesFromOtherCommits().getFirst();
    assertEquals("double", origin.stage());
    assertEquals(OTHER_COMMIT, origin.commit());
    assertEquals(stage.get("finishedAt").asText(), origin.computedAt());
    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.contains("reused from cache, computed by commit 000000000000 at "), html);
    assertTrue(html.contains("1 cached stage was computed by another commit"), html);
  }

  /**
   * A run killed by a signal says on stderr, once, how to resume, and leaves a temporary stage
   * folder and an interrupted row; the next run of the same command deletes the folder and marks
   * the row resumed by it. A run that ends normally prints no such line.
   */
  @Test
  void anInterruptedRunSaysHowToResumeAndItsRerunCleansUpAndResumesIt() throws Exception {
    Path runs = tmp.resolve("runs");
    Path childErr = tmp.resolve("child-block.err");
    Process child = child(runs, "block", childErr);
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("computing")) {
        // the run's own lines
      }
      assertEquals("computing", line, "the child never reached its stage");
    }
    new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
    if (!child.waitFor(20, TimeUnit.SECONDS)) {
      // SIGINT is ignored where this test's process was started in the background: the same
      // shutdown follows a SIGTERM.
      child.destroy();
    }
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not exit");
    String err = Files.readString(childErr);
    assertTrue(child.exitValue() == 130 || child.exitValue() == 143, "exit " + child.exitValue());
    assertEquals(
        List.of(InterruptNotice.MESSAGE),
        err.lines().filter(l -> !l.isBlank() && !l.startsWith("WARNING")).toList(),
        err);
    Path cache = runs.resolve("cache");
    Path temp =
        cache.resolve(
            dev.traitlab.lab.stages.Stages.tempName(
                "double",
                dev.traitlab.lab.stages.Stages.keyOf("double", java.util.Map.of("n", 3)),
                child.pid()));
    assertTrue(Files.isDirectory(temp), "the killed run left no temporary folder");
    RunRecord killed = new RunStore(runs).list().getFirst();
    assertEquals(RunRecord.INTERRUPTED, killed.status());
    assertEquals("traitlab run tiny-stage", killed.command());

    RunRecord resumed = execute(runs, false);
    assertEquals(RunRecord.FINISHED, resumed.status());
    assertFalse(Files.exists(temp), "the temporary folder of the killed run is still there");
    assertEquals(resumed.id(), new RunStore(runs).find(killed.id()).orElseThrow().resumedBy());

    Path finishingErr = tmp.resolve("child-finish.err");
    Process finishing = child(runs, "finish", finishingErr);
    assertTrue(finishing.waitFor(60, TimeUnit.SECONDS), "the child did not finish");
    String finishedErr = Files.readString(finishingErr);
    assertEquals(0, finishing.exitValue(), finishedErr);
    assertFalse(finishedErr.contains("interrupted"), finishedErr);
  }

  /**
   * The child's stderr goes to {@code err}, not a pipe: destroy() (the SIGTERM fallback) closes the
   * pipes, and what the shutdown hook printed must still be readable afterwards.
   */
  private static Process child(Path runs, String mode, Path err) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            InterruptChild.class.getName(),
            runs.toString(),
            mode)
        .redirectError(err.toFile())
        .start();
  }

  /** A --fresh run recomputes everything: it resumes nothing, and the interrupted row stays. */
  @Test
  void aFreshRunDoesNotMarkAnInterruptedRunResumed() {
    Path runs = tmp.resolve("runs");
    RunStore store = new RunStore(runs);
    String self = RunStore.currentProcess();
    String gone = self.substring(0, self.indexOf(':')) + ":2147483646:2026-01-01T00:00:00Z";
    store.insert(
        new RunRecord(
            "20260101-000000-tiny-stage-dead",
            "tiny-stage",
            RunRecord.RUNNING,
            "2026-01-01T00:00:00Z",
            null,
            runs.resolve("dead").toString(),
            null,
            Json.canonical(new TinyStageExperiment.Config(3)),
            "[0]",
            null,
            null,
            null,
            null,
            gone));
    execute(runs, true);
    assertNull(store.find("20260101-000000-tiny-stage-dead").orElseThrow().resumedBy());
    RunRecord resumer = execute(runs, false);
    assertEquals(
        resumer.id(), store.find("20260101-000000-tiny-stage-dead").orElseThrow().resumedBy());
  }

  /**
   * The shutdown hook is installed while the run goes and removed when it ends, and a notice that
   * ended prints nothing even if its hook ran; while the run goes it prints its line once, a
   * --fresh run's saying to rerun without --fresh. (RecordedRunTest's child JVM that finishes
   * checks the same end to end: its exit prints no such line.)
   */
  @Test
  void theNoticeIsSilentOnceTheRunEnded() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    InterruptNotice notice = InterruptNotice.install(err, false);
    assertTrue(notice.installed(), "the hook was not installed");
    notice.close();
    assertFalse(notice.installed(), "the hook is still installed after the run ended");
    notice.shutdown();
    assertEquals("", bytes.toString(StandardCharsets.UTF_8));

    InterruptNotice going = InterruptNotice.install(err, false);
    try {
      going.shutdown();
      going.shutdown();
    } finally {
      going.close();
    }
    assertEquals(InterruptNotice.MESSAGE, bytes.toString(StandardCharsets.UTF_8).strip());

    bytes.reset();
    InterruptNotice fresh = InterruptNotice.install(err, true);
    try {
      fresh.shutdown();
    } finally {
      fresh.close();
    }
    assertEquals(InterruptNotice.FRESH_MESSAGE, bytes.toString(StandardCharsets.UTF_8).strip());
    assertTrue(InterruptNotice.FRESH_MESSAGE.contains("without --fresh"));
  }
}
