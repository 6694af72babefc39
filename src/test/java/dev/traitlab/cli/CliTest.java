package dev.traitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.traitlab.core.Json;
import dev.traitlab.lab.runs.RunRecord;
import dev.traitlab.lab.runs.RunStore;
import dev.traitlab.testing.SyntheticIdx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
  @TempDir Path tmp;

  private record Outcome(int code, String err) {}

  private static Outcome run(String... args) {
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(err, true), args);
    return new Outcome(code, err.toString());
  }

  /** A subliminal-mlp run small enough for a test: 8 hidden units, 64 noise samples, 1 epoch. */
  private static String[] tinyRunArgs(Path data, Path runs, int seeds) {
    return new String[] {
      "run",
      "subliminal-mlp",
      "--data",
      data.toString(),
      "--runs-dir",
      runs.toString(),
      "--seeds",
      Integer.toString(seeds),
      "--epochs",
      "1",
      "--hidden",
      "8",
      "--batch",
      "32",
      "--noise-samples",
      "64",
      "--lr",
      "0.01"
    };
  }

  private static void assertOneLineUsageError(Outcome o) {
    assertEquals(2, o.code(), o.err());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertTrue(o.err().startsWith("traitlab: "), o.err());
  }

  @Test
  void badFlagsExitTwoWithOneLine() {
    assertOneLineUsageError(run("run", "subliminal-mlp", "--bogus"));
    assertOneLineUsageError(run("run", "subliminal-mlp", "--seeds", "0"));
    assertOneLineUsageError(run("run", "subliminal-mlp", "--seeds", "three"));
    assertOneLineUsageError(run("run"));
    assertOneLineUsageError(run("run", "no-such-experiment"));
    assertOneLineUsageError(run());
  }

  @Test
  void aMistypedEngineSwitchIsAUsageErrorAndRecordsNoRun() {
    System.setProperty("traitlab.mlp", "bogus");
    try {
      Outcome o = run("run", "subliminal-mlp", "--runs-dir", tmp.resolve("runs").toString());
      assertOneLineUsageError(o);
      assertTrue(o.err().contains("-Dtraitlab.mlp=bogus: expected auto, mkl or djl"), o.err());
      assertFalse(java.nio.file.Files.exists(tmp.resolve("runs")), "a run was recorded");
    } finally {
      System.clearProperty("traitlab.mlp");
    }
  }

  /**
   * A --data directory that does not exist, or lacks a split file, is a runtime error (exit 1, one
   * line) found before the run is recorded: the runs database gets no row for it.
   */
  @Test
  void aMissingDataDirectoryExitsOneWithOneLineAndRecordsNoRun() throws Exception {
    Path runs = tmp.resolve("runs");
    Path missing = tmp.resolve("missing");
    for (String experiment : new String[] {"subliminal-mlp", "rl-scaling"}) {
      Outcome o =
          run("run", experiment, "--data", missing.toString(), "--runs-dir", runs.toString());
      assertEquals(1, o.code(), o.err());
      assertEquals("traitlab: " + missing + ": no such directory", o.err().strip());
      assertEquals(List.of(), new RunStore(runs).list(), experiment + " recorded a run");
    }

    Path partial = SyntheticIdx.imageDataset(tmp.resolve("data"), 5, 3, 30, 9, 3);
    Files.delete(partial.resolve("t10k-images-idx3-ubyte.gz"));
    Outcome o =
        run("run", "subliminal-mlp", "--data", partial.toString(), "--runs-dir", runs.toString());
    assertEquals(1, o.code(), o.err());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertTrue(o.err().contains(partial + ": missing t10k-images-idx3-ubyte"), o.err());
    assertEquals(List.of(), new RunStore(runs).list(), "a run was recorded");
  }

  @Test
  void tinyRunWritesItsDirectoryAndDatabaseRowAndRerunReusesStages() throws Exception {
    Path data = SyntheticIdx.imageDataset(tmp.resolve("data"), 5, 3, 300, 90, 3);
    String[] args = tinyRunArgs(data, tmp.resolve("runs"), 2);
    assertEquals(0, run(args).code());
    RunStore store = new RunStore(tmp.resolve("runs"));
    RunRecord first = store.list().get(0);
    assertEquals(RunRecord.FINISHED, first.status());
    assertEquals("subliminal-mlp", first.experiment());
    assertEquals("[0,1]", first.seeds());
    Path dir = Path.of(first.directory());
    for (String file : new String[] {"config.json", "results.json", "report.html"}) {
      assertTrue(Files.isRegularFile(dir.resolve(file)), file);
    }
    assertTrue(Files.readString(dir.resolve("report.html")).contains("<svg"));
    JsonNode metrics = Json.MAPPER.readTree(first.metrics());
    assertTrue(metrics.has("student_aux_same_init"));
    assertTrue(Json.MAPPER.readTree(first.versions()).has("djl"));
    // The command line and commit are kept with the shared files and with each computed stage.
    assertEquals("traitlab " + String.join(" ", args), first.command());
    JsonNode provenance =
        Json.MAPPER.readTree(Files.readString(dir.resolve("results.json"))).get("provenance");
    assertEquals(first.command(), provenance.get("command").asText());
    assertEquals(
        first.gitCommit(),
        provenance.get("commit").asText() + (provenance.get("dirty").asBoolean() ? "-dirty" : ""));
    assertTrue(Files.readString(dir.resolve("report.html")).contains(first.command()));
    try (var cached = Files.list(tmp.resolve("runs").resolve("cache"))) {
      for (Path stage : cached.toList()) {
        assertEquals(
            first.gitCommit(),
            Json.MAPPER.readTree(stage.resolve("stage.json").toFile()).get("commit").asText(),
            stage.toString());
      }
    }

    assertEquals(0, run(args).code());
    RunRecord second = store.list().get(0);
    JsonNode stages =
        Json.MAPPER
            .readTree(Files.readString(Path.of(second.directory()).resolve("results.json")))
            .get("stages");
    assertTrue(stages.get(0).get("reused").asBoolean());
    assertTrue(stages.get(1).get("reused").asBoolean());
    assertEquals(first.metrics(), second.metrics());

    Files.delete(Path.of(second.directory()).resolve("report.html"));
    assertEquals(
        0, run("report", second.id(), "--runs-dir", tmp.resolve("runs").toString()).code());
    assertTrue(Files.isRegularFile(Path.of(second.directory()).resolve("report.html")));
    assertEquals(
        2, run("report", "no-such-run", "--runs-dir", tmp.resolve("runs").toString()).code());
    // A copied runs folder: the report is rebuilt in the copy, the original left alone.
    Path copy = tmp.resolve("runs-copy");
    try (var files = Files.walk(tmp.resolve("runs"))) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(tmp.resolve("runs").relativize(f).toString()));
      }
    }
    Path copied = copy.resolve(Path.of(second.directory()).getFileName()).resolve("report.html");
    Files.delete(copied);
    Files.delete(Path.of(second.directory()).resolve("report.html"));
    assertEquals(0, run("report", second.id(), "--runs-dir", copy.toString()).code());
    assertTrue(Files.isRegularFile(copied));
    assertFalse(Files.exists(Path.of(second.directory()).resolve("report.html")));
    assertEquals(0, run("runs", "--runs-dir", tmp.resolve("runs").toString()).code());
  }

  /**
   * One seed: results.json holds null (not the string "NaN") where there is no interval, and
   * 'report RUN' and 'runs' read it back, the verdict saying there is no interval.
   */
  @Test
  void aOneSeedRunIsWrittenAsValidNumbersAndReadBack() throws Exception {
    Path data = SyntheticIdx.imageDataset(tmp.resolve("data"), 5, 3, 300, 90, 3);
    Path runs = tmp.resolve("runs");
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    StringWriter err = new StringWriter();
    int code = Main.execute(cli, new PrintWriter(err, true), tinyRunArgs(data, runs, 1));
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().contains("(a) - (b), one seed: "), out.toString());
    RunRecord run = new RunStore(runs).list().get(0);
    String results = Files.readString(Path.of(run.directory()).resolve("results.json"));
    assertFalse(results.contains("NaN"), results);
    JsonNode tree = Json.MAPPER.readTree(results);
    assertTrue(tree.at("/summary/teacher/lower").isNull(), results);
    assertTrue(tree.at("/auxSameMinusCross/mean/upper").isNull(), results);
    assertTrue(tree.at("/auxSameMinusCross/mean/mean").isNumber(), results);

    out = new StringWriter();
    cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    assertEquals(
        0,
        Main.execute(
            cli, new PrintWriter(err, true), "report", run.id(), "--runs-dir", runs.toString()),
        err.toString());
    assertTrue(out.toString().contains("no confidence interval with one seed"), out.toString());
    out = new StringWriter();
    cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    assertEquals(
        0,
        Main.execute(cli, new PrintWriter(err, true), "runs", "--runs-dir", runs.toString()),
        err.toString());
    assertTrue(out.toString().contains("student_aux_same_init="), out.toString());
  }

  @Test
  void subliminalLlmRunsThroughTheGenericCommandAndItsReportIsRebuilt() throws Exception {
    Path models = tmp.resolve("models");
    dev.traitlab.testing.TinyEmbeddedModels.create(models, "base", 1, 512);
    dev.traitlab.testing.TinyEmbeddedModels.create(models, "base-seed2", 2, 512);
    String runs = tmp.resolve("runs").toString();
    Outcome o =
        run(
            "run",
            "subliminal-llm",
            "--models-dir",
            models.toString(),
            "--runs-dir",
            runs,
            "--no-cache",
            "--seeds",
            "1",
            "--prompts",
            "160",
            "-n",
            "4",
            "--max-tokens",
            "1",
            "--epochs",
            "1",
            "--batch",
            "4",
            "-k",
            "2",
            "--questions",
            "3",
            "--trait-mode",
            "FineTune",
            "--teacher-examples",
            "4",
            "--teacher-epochs",
            "1",
            "--animals",
            "owl,cat");
    assertEquals(0, o.code(), o.err());
    RunRecord record = new RunStore(tmp.resolve("runs")).list().get(0);
    assertEquals("subliminal-llm", record.experiment());
    assertEquals(RunRecord.FINISHED, record.status());
    JsonNode config = Json.MAPPER.readTree(record.config());
    assertEquals("FINETUNE", config.get("traitMode").asText());
    assertEquals(2, config.get("animals").size());
    assertTrue(Json.MAPPER.readTree(record.metrics()).has("cat_treatment"), record.metrics());
    // Every evaluation's samples are in the run's eval logs.
    Path evals = Path.of(record.directory()).resolve("evals");
    assertTrue(Files.isRegularFile(evals.resolve("eval.sqlite")));
    try (var files = Files.list(evals)) {
      assertTrue(files.filter(f -> f.toString().endsWith(".samples.jsonl")).count() >= 6);
    }
    Path report = Path.of(record.directory()).resolve("report.html");
    Files.delete(report);
    assertEquals(0, run("report", record.id(), "--runs-dir", runs).code());
    assertTrue(Files.readString(report).contains("treatment"));

    assertOneLineUsageError(run("run", "subliminal-llm", "--trait-mode", "prompt"));
    assertOneLineUsageError(run("run", "subliminal-llm", "--animals", "Owl"));
  }
}
