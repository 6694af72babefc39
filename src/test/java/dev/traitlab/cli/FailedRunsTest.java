package dev.traitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.TraitlabException;
import dev.traitlab.eval.ScriptedModel;
import dev.traitlab.lab.runs.RunRecord;
import dev.traitlab.lab.runs.RunStore;
import dev.traitlab.model.ContextLengthExceededException;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.serve.ModelRegistry;
import dev.traitlab.serve.OpenAiServer;
import dev.traitlab.serve.ServerConfig;
import dev.traitlab.testing.WordModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs whose work failed do not exit 0: refused credentials, empty task files, tasks with no or too
 * many scored samples, out-of-memory, unscorable and non-UTF-8 task files. Each is one line on
 * stderr, exit 1, and a run marked failed that keeps the sample logs written so far.
 */
class FailedRunsTest {
  private static final String ANSWER = " 12\nConfidence: 60%";

  @TempDir Path dir;
  private Function<String, LanguageModel> saved;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void save() {
    saved = EvalCommand.models;
  }

  @AfterEach
  void restore() {
    EvalCommand.models = saved;
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    picocli.CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    String[] withRuns = java.util.Arrays.copyOf(args, args.length + 2);
    withRuns[args.length] = "--runs-dir";
    withRuns[args.length + 1] = dir.resolve("runs").toString();
    return Main.execute(cli, new PrintWriter(err, true), withRuns);
  }

  /** One line on stderr containing every fragment; the run failed with the same message. */
  private void assertFailedRun(String... fragments) {
    String text = err.toString();
    assertEquals(1, text.strip().lines().count(), text);
    for (String f : fragments) {
      assertTrue(text.contains(f), text);
    }
    RunRecord run = lastRun();
    assertEquals(RunRecord.FAILED, run.status(), text);
    assertTrue(text.contains(run.error().lines().findFirst().orElseThrow()), run.error());
  }

  private RunRecord lastRun() {
    return new RunStore(dir.resolve("runs")).list().get(0);
  }

  private void scripted(Function<String, String> completion) {
    EvalCommand.models =
        name -> new ScriptedModel((p, c) -> -0.1 * c.length(), completion, m -> "", m -> List.of());
  }

  private Path truthfulQaCsv(int questions) throws Exception {
    StringBuilder csv =
        new StringBuilder("Type,Category,Question,Best Answer,Correct Answers,Incorrect Answers\n");
    for (int i = 0; i < questions; i++) {
      csv.append("Adversarial,Misc,Question ")
          .append(i)
          .append("?,Yes.,Yes.; Indeed.,No.; Never.\n");
    }
    Path f = dir.resolve("TruthfulQA.csv");
    Files.writeString(f, csv);
    return f;
  }

  @Test
  void aWrongApiKeyStopsTheRunWithOneLine() throws Exception {
    EvalCommand.models = null;
    ModelRegistry registry = new ModelRegistry();
    registry.add("word", new WordModel("word"));
    try (OpenAiServer server =
        OpenAiServer.start(
            ServerConfig.builder().optPort(0).optBearerToken("the-right-key").build(), registry)) {
      int code =
          run(
              "eval",
              "truthfulqa-mc",
              "--model",
              "openai:word",
              "--base-url",
              server.baseUrl(),
              "--data",
              truthfulQaCsv(5).toString(),
              "--limit",
              "5",
              "--no-cache");
      assertEquals(1, code, err.toString());
      assertFailedRun("HTTP 401", "invalid_api_key", "OPENAI_API_KEY or TRAITLAB_API_KEY");
    } finally {
      registry.close();
    }
  }

  @Test
  void anEmptyTaskFileFails() throws Exception {
    scripted(p -> ANSWER);
    Path empty = dir.resolve("mc_task.json");
    Files.writeString(empty, "[]");
    assertEquals(1, run("eval", "truthfulqa-mc", "--model", "local:m", "--data", empty.toString()));
    assertFailedRun("truthfulqa-mc: the task has no samples");
  }

  @Test
  void aRunWithNoScoredSampleFailsAndKeepsItsSampleLogs() throws Exception {
    scripted(
        p -> {
          throw new ContextLengthExceededException("model m: prompt does not fit its context");
        });
    assertEquals(1, run("eval", "calibratedmath", "--model", "local:m", "--questions", "3"));
    assertFailedRun(
        "calibratedmath on scripted: no sample could be scored, all 3 failed; first: model m:"
            + " prompt does not fit its context");
    Path samples = Path.of(lastRun().directory()).resolve("calibratedmath.samples.jsonl");
    assertEquals(3, Files.readAllLines(samples).size());
  }

  @Test
  void failedSamplesAreCountedAndFailTheRunAboveTheThreshold() throws Exception {
    // The second question's prompt is refused every time it is asked (a scorer may batch and
    // retry, so the failure belongs to the sample, not to the n-th call).
    List<String> prompts = new java.util.ArrayList<>();
    scripted(
        p -> {
          if (!prompts.contains(p)) {
            prompts.add(p);
          }
          if (prompts.indexOf(p) == 1) {
            throw new TraitlabException("server error after retries");
          }
          return ANSWER;
        });
    // One of four is 25%, over the default 10%.
    assertEquals(1, run("eval", "calibratedmath", "--model", "local:m", "--questions", "4"));
    assertFailedRun(
        "1 of 4 samples failed (25.0%), more than --max-failed 0.1 allows; first: server error");
    assertTrue(
        Files.isRegularFile(
            Path.of(lastRun().directory()).resolve("calibratedmath.samples.jsonl")));

    assertEquals(
        0,
        run(
            "eval",
            "calibratedmath",
            "--model",
            "local:m",
            "--questions",
            "4",
            "--max-failed",
            "0.25"),
        err.toString());
    assertTrue(
        out.toString().contains("warning: 1 of 4 samples failed and are left out of the metrics"),
        out.toString());
    assertEquals(RunRecord.FINISHED, lastRun().status());
  }

  @Test
  void aKilledRunIsListedAsInterruptedAndResumable() {
    String self = RunStore.currentProcess();
    // No process has pid 2^31 - 2: the run's process is gone.
    String gone = self.substring(0, self.indexOf(':')) + ":2147483646:2026-01-01T00:00:00Z";
    new RunStore(dir.resolve("runs"))
        .insert(
            new RunRecord(
                "20260101-000000-eval-dead",
                "eval",
                RunRecord.RUNNING,
                "2026-01-01T00:00:00Z",
                null,
                dir.toString(),
                null,
                "{}",
                "[0]",
                null,
                null,
                null,
                null,
                gone));
    assertEquals(0, run("runs"), err.toString());
    assertTrue(
        out.toString()
            .matches(
                "(?s).*20260101-000000-eval-dead +interrupted .*rerun its command to resume.*"),
        out.toString());
  }

  @Test
  void outOfMemoryIsOneLineAndTheRunIsMarkedFailed() {
    scripted(
        p -> {
          throw new OutOfMemoryError("Java heap space");
        });
    assertEquals(1, run("eval", "calibratedmath", "--model", "local:m", "--questions", "2"));
    assertFailedRun("traitlab: out of memory (Java heap space) with the JVM limited to ");
  }

  @Test
  void aBigBenchExampleThatCannotBeScoredIsRefusedByFileAndIndex() throws Exception {
    scripted(p -> ANSWER);
    Path task = dir.resolve("task.json");
    Files.writeString(
        task,
        """
        {"name": "t", "metrics": ["multiple_choice_grade"], "examples": [
          {"input": "a", "target_scores": {"x": 1, "y": 0}},
          {"input": "b", "target_scores": {"x": 0, "y": 0}}]}""");
    assertEquals(1, run("eval", "bigbench", "--model", "local:m", "--data", task.toString()));
    assertFailedRun(
        task
            + " example 1: no choice in 'target_scores' has a score above 0, so the example"
            + " cannot be scored");
  }

  @Test
  void aTruthfulQaFileThatIsNotUtf8IsRefusedWithLineAndOffset() throws Exception {
    scripted(p -> ANSWER);
    Path csv = dir.resolve("latin1.csv");
    String header = "Type,Category,Question,Best Answer,Correct Answers,Incorrect Answers\n";
    Files.write(
        csv,
        (header + "Adversarial,Misc,Caf\u00e9?,Yes.,Yes.,No.\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(1, run("eval", "truthfulqa-mc", "--model", "local:m", "--data", csv.toString()));
    assertFailedRun(
        csv + ": not UTF-8: byte 0xE9 at line 2, byte offset " + (header.length() + 20) + " ");
  }
}
