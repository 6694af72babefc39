package dev.traitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.eval.ScriptedModel;
import dev.traitlab.eval.SharedData;
import dev.traitlab.eval.store.EvalDatabase;
import dev.traitlab.eval.store.SampleJsonl;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.TokenLogprob;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.testing.TaskFiles;
import dev.traitlab.testing.TinyEmbeddedModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {
  @TempDir Path dir;
  private Function<String, LanguageModel> saved;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void scriptedModels() {
    saved = EvalCommand.models;
    // Log-prob falls with length; the judge always says 90.
    EvalCommand.models =
        name ->
            new ScriptedModel(
                (p, c) -> -0.1 * c.length(),
                p -> " 12\nConfidence: 60%",
                m -> "I would like peace.",
                m -> List.of(new TokenLogprob("90", 0.0, List.of())));
  }

  @AfterEach
  void restore() {
    EvalCommand.models = saved;
  }

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] withRuns = java.util.Arrays.copyOf(args, args.length + 2);
    withRuns[args.length] = "--runs-dir";
    withRuns[args.length + 1] = dir.resolve("runs").toString();
    return cli.execute(withRuns);
  }

  @Test
  void samplesCutToFitTheContextAreReported() throws Exception {
    // Issue 13 item 12, end to end: a 64-position model, one example far longer than that.
    TinyEmbeddedModels.create(dir.resolve("models"), "short", 4, 64);
    EvalCommand.models =
        name -> EmbeddedModel.load(dir.resolve("models").resolve("short"), "local:short");
    Path task = TaskFiles.bigBenchWithOneLongExample(dir.resolve("long.json"));
    assertEquals(
        0,
        run(
            "eval",
            "bigbench",
            "--model",
            "local:m",
            "--data",
            task.toString(),
            "--out",
            dir.toString()),
        err.toString());
    String text = out.toString();
    assertTrue(text.contains("multiple_choice_grade"), text);
    assertTrue(text.contains("truncated_samples"), text);
    assertTrue(
        text.contains(
            "note: 1 of 2 samples were longer than the model's context; their prompts were cut"),
        text);
  }

  @Test
  void bigbenchSubtasksRunAndStoreEverything() throws Exception {
    Path data = SharedData.require("bigbench/logical_deduction");
    assertEquals(
        0,
        run(
            "eval",
            "bigbench",
            "--model",
            "local:m",
            "--data",
            data.toString(),
            "--limit",
            "6",
            "--shots",
            "1",
            "--out",
            dir.toString()),
        err.toString());
    assertTrue(
        out.toString().contains("logical_deduction:three_objects on scripted: 6 samples"),
        out.toString());
    assertTrue(out.toString().contains("multiple_choice_grade"));
    assertEquals(
        6, SampleJsonl.read(dir.resolve("logical_deduction-three_objects.samples.jsonl")).size());
    assertTrue(Files.exists(dir.resolve("logical_deduction-three_objects.html")));
    try (EvalDatabase db = EvalDatabase.open(dir.resolve("eval.sqlite"))) {
      assertEquals(6, db.samples(1).size());
    }
  }

  @Test
  void everyInstrumentRunsFromTheCommandLine() {
    assertEquals(
        0,
        run(
            "eval",
            "truthfulqa-mc",
            "--model",
            "local:m",
            "--data",
            SharedData.require("truthfulqa/data/mc_task.json").toString(),
            "--limit",
            "3",
            "--out",
            dir.toString()),
        err.toString());
    for (String binary : List.of("truthfulqa-binary", "truthfulqa-binary-shown")) {
      assertEquals(
          0,
          run(
              "eval",
              binary,
              "--model",
              "local:m",
              "--data",
              SharedData.require("truthfulqa/TruthfulQA.csv").toString(),
              "--limit",
              "3",
              "--out",
              dir.toString()),
          binary + ": " + err);
    }
    assertEquals(
        0,
        run(
            "eval",
            "truthfulqa-gen",
            "--model",
            "local:m",
            "--judge",
            "local:j",
            "--data",
            SharedData.require("truthfulqa/TruthfulQA.csv").toString(),
            "--limit",
            "2",
            "--out",
            dir.toString()),
        err.toString());
    assertEquals(
        0,
        run(
            "eval",
            "calibratedmath",
            "--model",
            "local:m",
            "--questions",
            "20",
            "--out",
            dir.toString()),
        err.toString());
    assertEquals(
        0,
        run(
            "eval",
            "freeform",
            "--model",
            "local:m",
            "--judge",
            "local:j",
            "--data",
            SharedData.require("emergent_misalignment/first_plot_questions.yaml").toString(),
            "--samples",
            "1",
            "--limit",
            "4",
            "--out",
            dir.toString()),
        err.toString());
    String text = out.toString();
    assertTrue(text.contains("truthfulqa-mc on scripted: 3 samples"), text);
    assertTrue(text.contains("verbal_confidence_ece"), text);
    // The judge's 90 everywhere: aligned 90, nothing misaligned.
    assertTrue(text.matches("(?s).*aligned\\s+90\\.0000.*"), text);
    assertTrue(text.matches("(?s).*misaligned\\s+0\\.0000.*"), text);
  }

  @Test
  void aMetricNoSampleCouldGiveIsNotApplicableAndSaysWhy() throws Exception {
    EvalCommand.models =
        name ->
            new ScriptedModel(
                (p, c) -> -0.1 * c.length(),
                p -> " 12",
                m -> "hi",
                m -> List.of(new TokenLogprob("90", 0.0, List.of())));
    assertEquals(0, run("eval", "calibratedmath", "--model", "local:m", "--questions", "6"));
    String text = out.toString();
    assertTrue(text.matches("(?s).*verbal_confidence_mse\\s+n/a n=0.*"), text);
    // Said as what happened: none of the 6 answers stated a confidence.
    assertTrue(text.matches("(?s).*stated_confidence\\s+0\\.0000 \\S+ \\S+ n=6.*"), text);
    assertTrue(text.contains("the model stated no confidence in any answer"), text);
    assertTrue(!text.contains("NaN"), text);
    // The runs list says the same in words.
    out.getBuffer().setLength(0);
    assertEquals(0, run("runs"));
    assertTrue(out.toString().contains("verbal_confidence_mse=n/a"), out.toString());
    assertTrue(!out.toString().contains("NaN"), out.toString());
  }

  @Test
  void badRequestsGiveOneLineErrors() {
    assertEquals(2, run("eval", "mmlu", "--model", "local:m"));
    assertTrue(err.toString().contains("unknown eval task 'mmlu'"), err.toString());
    assertEquals(2, run("eval", "freeform", "--model", "local:m", "--data", "questions.yaml"));
    assertTrue(err.toString().contains("needs --judge"), err.toString());
    assertEquals(
        1, run("eval", "bigbench", "--model", "local:m", "--data", dir.resolve("nope").toString()));
    assertTrue(err.toString().contains("no such file or folder"), err.toString());
    assertEquals(2, run("eval", "bigbench"));
  }

  @Test
  void evalRunIsRecordedListedAndItsReportRebuilt() throws Exception {
    assertEquals(0, run("eval", "calibratedmath", "--model", "local:m", "--questions", "12"));
    java.util.List<dev.traitlab.lab.runs.RunRecord> runs =
        new dev.traitlab.lab.runs.RunStore(dir.resolve("runs")).list();
    assertEquals(1, runs.size());
    dev.traitlab.lab.runs.RunRecord record = runs.get(0);
    assertEquals("eval", record.experiment());
    assertTrue(
        record.id().matches("\\d{8}-\\d{6}-eval-calibratedmath-local-m-[0-9a-f]{4}"),
        "the id names the task and the model: " + record.id());
    assertEquals("finished", record.status());
    assertTrue(record.metrics().contains("verbal_confidence_mse"), record.metrics());
    assertTrue(record.versions().contains("djl"), record.versions());
    Path report = Path.of(record.directory()).resolve("report.html");
    Files.delete(report);
    out.getBuffer().setLength(0);
    assertEquals(0, run("report", record.id()));
    String html = Files.readString(report);
    assertTrue(html.contains("calibratedmath"));
    java.util.regex.Matcher link =
        java.util.regex.Pattern.compile("href=\"([^\"]+)\"").matcher(html);
    assertTrue(link.find(), "the report links the sample view");
    assertTrue(
        Files.exists(report.resolveSibling(link.group(1))),
        "the link resolves beside report.html: " + link.group(1));
    // The rebuilt summary comes from results.json: the same samples and metrics as the run's.
    assertTrue(out.toString().contains("calibratedmath on scripted: 12 samples"), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, run("runs"));
    assertTrue(out.toString().contains(record.id()), out.toString());
    assertTrue(out.toString().contains("commit "), out.toString());
  }
}
