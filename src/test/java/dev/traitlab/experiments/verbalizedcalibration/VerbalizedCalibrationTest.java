package dev.traitlab.experiments.verbalizedcalibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.eval.calibratedmath.MathQuestion;
import dev.traitlab.eval.calibratedmath.MathQuestionGenerator;
import dev.traitlab.experiments.verbalizedcalibration.VerbalizedCalibrationResult.Cell;
import dev.traitlab.experiments.verbalizedcalibration.VerbalizedCalibrationResult.Spread;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.model.ModelOptions;
import dev.traitlab.testing.TinyEmbeddedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerbalizedCalibrationTest {

  @Test
  void fineTuningTargetsAreThePapersLabels() {
    assertEquals("Confidence: 61%", Method.NUMBERS.target(0.619, false));
    assertEquals("Confidence: high", Method.WORDS.target(0.619, false));
    assertEquals("Confidence: lowest", Method.WORDS.target(0.0, true));
    assertEquals("True", Method.INDIRECT.target(0.1, true));
    assertEquals("False", Method.INDIRECT.target(0.9, false));
    assertThrows(IllegalStateException.class, () -> Method.CONSTANT.target(0.5, true));
    assertEquals(
        "Q: What is 2 + 3?\nA: 6\nIs this answer correct? True or False?",
        Method.INDIRECT.prompt("What is 2 + 3?", "6").getFirst().content());
    assertEquals("verbalized numbers (finetune)", Method.NUMBERS.title());
    assertEquals("constant baseline", Method.CONSTANT.title());
    assertEquals("numbers", VerbalizedCalibrationReport.shortName(Method.NUMBERS.title()));
    assertEquals(
        "answer logit", VerbalizedCalibrationReport.shortName(Method.ANSWER_LOGIT.title()));
  }

  @Test
  void indirectLogitIsTrueNormalisedOverTheTwoWords() {
    assertEquals(0.75, Pipeline.trueProbability(Math.log(0.3), Math.log(0.1)), 1e-12);
    assertEquals(0.5, Pipeline.trueProbability(-800, -800), 1e-12);
    assertEquals(1.0, Pipeline.trueProbability(0, -1000), 1e-12);
  }

  @Test
  void spreadByHandLessItsBinomialNoise() {
    // Accuracies 0, 1/2, 1 of 3 questions each: variance 1/6, noise (0 + 1/4 / 2 + 0) / 3 = 1/24,
    // between 1/8 over p(1 - p) = 1/4.
    Spread s = Pipeline.spread(List.of(0.0, 0.5, 1.0), 3);
    assertEquals(Math.sqrt(1.0 / 6), s.sd(), 1e-12);
    assertEquals(0.5, s.explained(), 1e-12);
    assertEquals(12.5, s.gain(), 1e-12);
    assertTrue(s.varies());
    // 0.15 on one of 18 sub-tasks and 0 elsewhere (local:base's add/subtract, roughly): a gain of
    // 100 (0.15^2 17/18^2 - 0.15 0.85 / 99 / 18) = 0.05 MSE points, too little.
    List<Double> flat = new java.util.ArrayList<>(java.util.Collections.nCopies(17, 0.0));
    flat.add(0.15);
    Spread base = Pipeline.spread(flat, 100);
    assertEquals(100 * (0.15 * 0.15 * 17 / 324 - 0.15 * 0.85 / 99 / 18), base.gain(), 1e-9);
    assertTrue(!base.varies());
    // Equal accuracies explain nothing; nor does pure noise around one accuracy.
    assertEquals(0, Pipeline.spread(List.of(0.2, 0.2, 0.2), 10).explained(), 1e-12);
    assertEquals(0, Pipeline.spread(List.of(0.1, 0.2), 10).explained(), 1e-12);
    assertEquals(0, Pipeline.spread(List.of(0.0, 0.0), 10).explained(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> Pipeline.spread(List.of(), 10));
    assertThrows(IllegalArgumentException.class, () -> Pipeline.spread(List.of(0.5), 1));
  }

  @Test
  void questionSetsAreSeededAndCoverTheirSubTasksEvenly() {
    assertEquals(18, QuestionSet.ADD_SUBTRACT.subTasks().size());
    assertEquals(6, QuestionSet.MULTI_ANSWER.subTasks().size());
    assertEquals(18, QuestionSet.MULTIPLY_DIVIDE.subTasks().size());
    List<MathQuestion> a = QuestionSet.MULTIPLY_DIVIDE.questions(4, "eval", 36);
    assertEquals(a, QuestionSet.MULTIPLY_DIVIDE.questions(4, "eval", 36));
    assertNotEquals(a, QuestionSet.MULTIPLY_DIVIDE.questions(5, "eval", 36));
    assertNotEquals(a, QuestionSet.MULTIPLY_DIVIDE.questions(4, "train", 36));
    for (int i = 0; i < a.size(); i++) {
      assertEquals(
          QuestionSet.MULTIPLY_DIVIDE.subTasks().get(i % 18),
          MathQuestionGenerator.subTaskOf(a.get(i)));
    }
    assertTrue(
        QuestionSet.MULTI_ANSWER.questions(1, "eval", 12).stream()
            .allMatch(MathQuestion::multiAnswer));
  }

  @Test
  void gradedArithmeticIsSeededAndItsAnswersAreRight() {
    List<ChatExample> a = GradedArithmetic.data(300, 9);
    assertEquals(a, GradedArithmetic.data(300, 9));
    assertNotEquals(a, GradedArithmetic.data(300, 10));
    int oneDigit = 0;
    for (ChatExample e : a) {
      String q = e.messages().get(0).content();
      String answer = e.messages().get(1).content();
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("What is (\\d+) ([-+*/]) (\\d+)\\?").matcher(q);
      if (m.matches()) {
        long x = Long.parseLong(m.group(1));
        long y = Long.parseLong(m.group(3));
        long expected =
            switch (m.group(2)) {
              case "+" -> x + y;
              case "-" -> x - y;
              case "*" -> x * y;
              default -> x / y;
            };
        assertEquals(Long.toString(expected), answer, q);
        oneDigit += m.group(1).length() == 1 && m.group(3).length() == 1 ? 1 : 0;
      } else {
        long bound = Long.parseLong(q.replaceAll("\\D+", ""));
        long given = Long.parseLong(answer);
        assertTrue(q.contains("greater") ? given > bound : given < bound, q + " " + answer);
      }
    }
    assertTrue(oneDigit > 0);
  }

  @Test
  void badSettingsAreRefusedNamingTheOption() {
    VerbalizedCalibrationConfig d = VerbalizedCalibrationConfig.defaults();
    IllegalArgumentException remote =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new VerbalizedCalibrationConfig(
                    "openai:gpt-4.1", 3, 1, 0, 1, 100, 600, 3, 1e-3, 10));
    assertTrue(remote.getMessage().contains("needs a local model"), remote.getMessage());
    IllegalArgumentException seeds =
        assertThrows(
            IllegalArgumentException.class,
            () -> new VerbalizedCalibrationConfig(d.model(), 0, 1, 0, 1, 100, 600, 3, 1e-3, 10));
    assertEquals("--seeds must be >= 1, got 0", seeds.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new VerbalizedCalibrationConfig(d.model(), 3, 1, -1, 1, 100, 600, 3, 1e-3, 10));
    assertThrows(
        IllegalArgumentException.class,
        () -> new VerbalizedCalibrationConfig(d.model(), 3, 1, 0, 1, 1, 600, 3, 1e-3, 10));
    assertThrows(
        IllegalArgumentException.class,
        () -> new VerbalizedCalibrationConfig(d.model(), 3, 1, 0, 1, 100, 600, 3, 0, 10));
  }

  /**
   * The whole pipeline on a tiny untrained model (seconds): the same seed gives the same result,
   * and a rerun from the cache reads every stage back to the same result.
   */
  @Test
  void wholePipelineIsDeterministicAndResumesFromItsCache(@TempDir Path dir) throws Exception {
    Path models = dir.resolve("models");
    TinyEmbeddedModels.create(models, "base", 1, 512);
    ModelOptions options = ModelOptions.builder().optModelsDir(models).build();
    VerbalizedCalibrationConfig config =
        new VerbalizedCalibrationConfig("local:base", 2, 7, 40, 1, 2, 20, 1, 1e-3, 4);
    VerbalizedCalibrationResult first = run(config, options, dir.resolve("a"));
    VerbalizedCalibrationResult again = run(config, options, dir.resolve("b"));
    VerbalizedCalibrationResult cached = run(config, options, dir.resolve("a"));
    assertEquals(withoutTimes(first), withoutTimes(again));
    assertEquals(withoutTimes(first), withoutTimes(cached));
    assertTrue(cached.stages().stream().allMatch(Stages.StageRecord::reused));
    assertEquals(3 * Method.values().length, first.cells().size());
    for (Cell c : first.cells()) {
      assertEquals(2, c.seedMse().size());
      assertTrue(c.stated() >= 0 && c.stated() <= 1, c.toString());
    }
    assertEquals(18, first.precondition().size());
    String json = Json.pretty(first);
    assertEquals(
        withoutTimes(first),
        withoutTimes(Json.MAPPER.readValue(json, VerbalizedCalibrationResult.class)));
    VerbalizedCalibrationExperiment e = new VerbalizedCalibrationExperiment();
    String text = e.textSummary(first);
    assertTrue(text.contains("multi-answer     verbalized numbers (finetune)"), text);
    assertTrue(e.report("test", first).toHtml().contains("Calibration curves"));
    assertTrue(Files.exists(dir.resolve("a/run/eval.sqlite")));
  }

  private static VerbalizedCalibrationResult run(
      VerbalizedCalibrationConfig config, ModelOptions options, Path root) {
    Stages stages = new Stages(root.resolve("cache"), false, Progress.NONE);
    Lab lab = new Lab(root, false, options, Progress.NONE);
    return new VerbalizedCalibrationExperiment()
        .run(config, new RunContext(lab, "test", root.resolve("run"), stages));
  }

  private static String withoutTimes(VerbalizedCalibrationResult r) {
    return Json.canonical(
        new VerbalizedCalibrationResult(
            r.config(),
            r.target().replaceAll("local:/\\S+", "local:DIR"),
            r.precondition(),
            r.baseSpread(),
            r.targetSpread(),
            r.accuracy(),
            r.cells(),
            r.curves(),
            r.examples(),
            List.of()));
  }
}
