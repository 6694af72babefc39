package dev.traitlab.eval.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.eval.ScriptedModel;
import dev.traitlab.eval.metrics.CalibrationMetric;
import dev.traitlab.eval.metrics.MeanMetric;
import dev.traitlab.eval.task.EvalConfig;
import dev.traitlab.eval.task.EvalRun;
import dev.traitlab.eval.task.EvalRunner;
import dev.traitlab.eval.task.Metric;
import dev.traitlab.eval.task.Sample;
import dev.traitlab.eval.task.SolverOutput;
import dev.traitlab.eval.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  @TempDir Path dir;

  /**
   * n samples; sample i is correct when i % 3 != 0, with confidence (i % 10) / 10; every 7th has no
   * confidence.
   */
  static EvalRun run(int n) {
    List<Sample<Integer>> samples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      samples.add(new Sample<>("s" + i, "question " + i + " </script><b>", "t" + i, i));
    }
    Task<Integer> task =
        new Task<>(
            "synthetic",
            samples,
            (s, m, seed) ->
                new SolverOutput(
                    "prompt " + s.item(),
                    "answer " + s.item(),
                    List.of("a", "b"),
                    new double[] {-0.5, Double.NEGATIVE_INFINITY},
                    Map.of("note", "x")),
            (s, out) -> {
              Map<String, Double> scores = new LinkedHashMap<>();
              scores.put("correct", s.item() % 3 != 0 ? 1.0 : 0.0);
              scores.put("confidence", s.item() % 7 == 0 ? Double.NaN : (s.item() % 10) / 10.0);
              return scores;
            },
            List.<Metric>of(
                MeanMetric.of("correct"),
                new CalibrationMetric(
                    "ece", CalibrationMetric.Kind.ECE, "confidence", "correct", 10)));
    return EvalRunner.run(task, ScriptedModel.scoring((p, c) -> 0.0), new EvalConfig(0, 1, 9));
  }

  @Test
  void jsonlRoundTripKeepsScoresAndNone() {
    EvalRun r = run(30);
    Path f = dir.resolve("samples.jsonl");
    SampleJsonl.write(f, r);
    List<SampleRecord> back = SampleJsonl.read(f);
    assertEquals(30, back.size());
    assertEquals("s4", back.get(4).sampleId());
    assertEquals(1.0, back.get(4).score("correct"));
    assertEquals(0.4, back.get(4).score("confidence"), 1e-15);
    assertTrue(Double.isNaN(back.get(7).score("confidence")));
    // the impossible choice (-Infinity) is stored as null and read back as NaN
    assertEquals(List.of(-0.5, Double.NaN), back.get(0).choiceLogprobs());
    assertEquals("prompt 4", back.get(4).prompt());
  }

  /** NaN is written as null, as by Json, never as the string "NaN"; null reads back as NaN. */
  @Test
  void jsonlWritesNaNAsNullAndReadsItBackAsNaN() throws Exception {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("confidences", java.util.Arrays.asList(0.5, Double.NaN));
    details.put("p_true", Float.NaN);
    Map<String, Double> scores = new LinkedHashMap<>();
    scores.put("confidence", Double.NaN);
    scores.put("correct", 1.0);
    SampleRecord record =
        new SampleRecord(
            "t",
            "m",
            "s0",
            0,
            "in",
            "target",
            "prompt",
            "out",
            List.of("a"),
            List.of(Double.NaN),
            details,
            scores);
    Path f = dir.resolve("nan.jsonl");
    Files.writeString(f, SampleJsonl.MAPPER.writeValueAsString(record) + "\n");
    String line = Files.readString(f).strip();
    assertFalse(line.contains("NaN"), line);
    assertTrue(line.startsWith("{\"task\":\"t\",\"model\":\"m\",\"sample_id\":\"s0\""), line);
    assertTrue(line.contains("\"choice_logprobs\":[null]"), line);
    assertTrue(line.contains("\"confidences\":[0.5,null]"), line);
    assertTrue(line.contains("\"p_true\":null"), line);
    assertTrue(line.contains("\"confidence\":null"), line);

    SampleRecord back = SampleJsonl.read(f).get(0);
    assertTrue(Double.isNaN(back.score("confidence")));
    assertTrue(Double.isNaN(back.scores().get("confidence")));
    assertEquals(1.0, back.score("correct"));
    assertTrue(Double.isNaN(back.choiceLogprobs().get(0)));
  }

  /** A sample whose details hold a NaN the record does not catch (in a list) goes through write. */
  @Test
  void jsonlWriteOfARunHasNoNaNString() throws Exception {
    EvalRun r =
        EvalRunner.run(
            new Task<>(
                "nan",
                List.of(new Sample<>("s0", "q", "t", 0)),
                (s, m, seed) ->
                    SolverOutput.generated(
                        "p", "o", Map.of("confidences", List.of(0.25, Double.NaN))),
                (s, out) -> Map.of("correct", 1.0),
                List.<Metric>of(MeanMetric.of("correct"))),
            ScriptedModel.scoring((p, c) -> 0.0),
            new EvalConfig(0, 1, 1));
    Path f = dir.resolve("run.jsonl");
    SampleJsonl.write(f, r);
    String line = Files.readString(f).strip();
    assertTrue(line.contains("\"confidences\":[0.25,null]"), line);
    assertFalse(line.contains("NaN"), line);
  }

  @Test
  void badJsonlLineIsNamed() throws Exception {
    Path f = dir.resolve("bad.jsonl");
    Files.writeString(f, "{\"task\": \"t\"}\n{oops\n");
    TraitlabException e = assertThrows(TraitlabException.class, () -> SampleJsonl.read(f));
    assertTrue(e.getMessage().contains("bad.jsonl line 2"), e.getMessage());
  }

  @Test
  void sqliteRoundTripAndScoreQueries() {
    EvalRun r = run(50);
    Path f = dir.resolve("eval.sqlite");
    long first;
    try (EvalDatabase db = EvalDatabase.open(f)) {
      first = db.save(r);
      long second = db.save(run(10));
      assertTrue(second > first);
    }
    try (EvalDatabase db = EvalDatabase.open(f)) {
      assertEquals(r.metric("correct").value(), db.metrics(first).get("correct").value(), 1e-15);
      assertEquals(r.metric("ece").low(), db.metrics(first).get("ece").low(), 1e-15);
      List<SampleRecord> samples = db.samples(first);
      assertEquals(50, samples.size());
      assertEquals("answer 49", samples.get(49).output());
      long correct = r.results().stream().filter(x -> x.score("correct") == 1).count();
      assertEquals(correct, db.countScoreAtLeast(first, "correct", 1));
      assertEquals(10, db.samples(first + 1).size());
    }
  }

  @Test
  void htmlViewHasMetricsFirstAndAllSamplesSafelyEmbedded() throws Exception {
    EvalRun r = run(10_000);
    String html = RunPage.html(r);
    int metrics = html.indexOf("<table id=\"metrics\">");
    int samples = html.indexOf("<table id=\"samples\">");
    assertTrue(metrics > 0 && samples > metrics);
    assertTrue(
        html.indexOf("<svg") > metrics && html.indexOf("<svg") < samples, "calibration chart");
    // Sample text cannot close the data block: exactly the page's own script tags close.
    assertEquals(3, html.split("</script>", -1).length - 1);
    String start = "<script id=\"sample-data\" type=\"application/json\">";
    int a = html.indexOf(start) + start.length();
    String json = html.substring(a, html.indexOf("</script>", a));
    JsonNode rows = new ObjectMapper().readTree(json);
    assertEquals(10_000, rows.size());
    assertEquals("question 9999 </script><b>", rows.get(9999).get("input").asText());
    assertTrue(rows.get(7).get("scores").get("confidence").isNull());
    // Rendering is paged so the browser never builds 10,000 rows at once.
    assertTrue(html.contains("const PAGE = " + RunPage.PAGE_ROWS));
    assertFalse(html.contains("<b>question"));
    RunPage.write(dir.resolve("run.html"), r);
    assertTrue(Files.size(dir.resolve("run.html")) < 10_000_000);
  }
}
