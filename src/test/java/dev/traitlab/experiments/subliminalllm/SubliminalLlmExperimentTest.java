package dev.traitlab.experiments.subliminalllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.data.chat.ChatJsonl;
import dev.traitlab.data.numbers.NumberSequenceFilter;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.model.ModelOptions;
import dev.traitlab.testing.TinyEmbeddedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on tiny untrained embedded models (seconds). Answers are one token long, so
 * some of the teacher's answers are single digits that pass the strict filter and the rest are
 * rejected: every stage has real work to do.
 */
class SubliminalLlmExperimentTest {

  static SubliminalLlmConfig.Builder tiny() {
    return SubliminalLlmConfig.builder()
        .optSeeds(1)
        .optPrompts(160)
        .optDatasetSize(4)
        .optMaxTokens(1)
        .optEpochs(1)
        .optBatchSize(4)
        .optSamplesPerQuestion(2)
        .optQuestions(3)
        .optTeacherExamples(4)
        .optTeacherEpochs(1);
  }

  static Path tinyModels(Path dir) {
    Path models = dir.resolve("models");
    TinyEmbeddedModels.create(models, "base", 1, 512);
    TinyEmbeddedModels.create(models, "base-seed2", 2, 512);
    return models;
  }

  /** Stands in for a kill: the run dies when its n-th piece of work starts. */
  static final class Killed extends RuntimeException {}

  static Progress killAt(int n) {
    int[] started = {0};
    return new Progress() {
      @Override
      public void start(String task, long total) {
        if (++started[0] == n) {
          throw new Killed();
        }
      }
    };
  }

  @Test
  void writesEveryStageAndResumesAfterAKillBetweenStages(@TempDir Path dir) throws IOException {
    ModelOptions models = ModelOptions.builder().optModelsDir(tinyModels(dir)).build();
    SubliminalLlmConfig config = tiny().build();
    Path cache = dir.resolve("cache");

    // Killed as the fifth piece of work (the second evaluation) starts: prompts, the trait-less
    // numbers, their filter, dataset, divergence and student, and one evaluation are finished.
    Progress kill = killAt(5);
    assertThrows(Killed.class, () -> run(config, models, new Stages(cache, false, kill), kill));
    Set<String> finished = finishedStages(cache);
    assertTrue(
        finished.containsAll(
            Set.of("prompts", "generation", "filter", "dataset", "divergence", "student", "eval")));

    Stages resumed = new Stages(cache, false, Progress.NONE);
    SubliminalLlmResult result = run(config, models, resumed, Progress.NONE);
    long reused = result.stages().stream().filter(Stages.StageRecord::reused).count();
    long computed = result.stages().size() - reused;
    assertTrue(reused >= 6, "stages finished before the kill are reused: " + result.stages());
    assertTrue(computed >= 6, "the rest are computed: " + result.stages());

    // Every stage, including the students and evaluations of the treatment and both controls.
    Set<String> names = new HashSet<>();
    result.stages().forEach(s -> names.add(s.stage()));
    assertEquals(
        Set.of("prompts", "generation", "filter", "dataset", "divergence", "student", "eval"),
        names);
    assertEquals(1, result.perSeed().size());
    assertEquals(
        SubliminalLlmResult.ROLES.stream().map(java.util.Map.Entry::getKey).toList(),
        List.copyOf(result.perSeed().get(0).rates().keySet()));
    for (SubliminalLlmResult.FilterStats f : result.filters()) {
      // The trait-less teacher is the base itself: its numbers carry no signal. The owl prompt
      // changes the teacher's distribution, so its answers are likelier under it than the base.
      if (f.source().equals(SubliminalLlmExperiment.NEUTRAL)) {
        assertEquals(0.0, f.divergence().mean(), 1e-9);
      } else {
        assertTrue(Math.abs(f.divergence().mean()) > 1e-4, "divergence " + f.divergence());
      }
      assertEquals(160, f.total());
      assertTrue(f.kept() > 0 && f.kept() < f.total(), "filter kept " + f.kept());
      assertEquals(Math.min(4, f.kept()), f.datasetSize());
    }

    // A third run computes nothing and reads the same answers.
    SubliminalLlmResult again =
        run(config, models, new Stages(cache, false, Progress.NONE), Progress.NONE);
    assertTrue(again.stages().stream().allMatch(Stages.StageRecord::reused));
    assertEquals(Json.canonical(result.perSeed()), Json.canonical(again.perSeed()));
    assertEquals(Json.canonical(result.filters()), Json.canonical(again.filters()));

    // 'traitlab report RUN' rebuilds the report from results.json alone.
    Json.write(dir.resolve("results.json"), again);
    SubliminalLlmResult read = Json.read(dir.resolve("results.json"), SubliminalLlmResult.class);
    assertEquals(Json.canonical(again), Json.canonical(read));
    SubliminalLlmReport.build("test", read).save(dir.resolve("report.html"));
    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.contains("<svg") && html.contains("kept fraction"));
  }

  @Test
  void datasetsAreValidChatJsonlWithoutTheTrait(@TempDir Path dir) throws IOException {
    ModelOptions models = ModelOptions.builder().optModelsDir(tinyModels(dir)).build();
    SubliminalLlmConfig config =
        tiny()
            .optTraitMode(SubliminalLlmConfig.TraitMode.FINETUNE)
            .optAnimals(List.of("owl", "wolf"))
            .build();
    Path cache = dir.resolve("cache");
    SubliminalLlmResult result =
        run(config, models, new Stages(cache, false, Progress.NONE), Progress.NONE);
    assertEquals(2, result.perSeed().size());
    assertTrue(finishedStages(cache).contains("teacher"), "a fine-tuned teacher per animal");

    NumberSequenceFilter filter = NumberSequenceFilter.strict();
    List<Path> datasets = stageDirs(cache, "dataset");
    assertEquals(3, datasets.size(), "trait-less, owl and wolf numbers");
    for (Path d : datasets) {
      Path jsonl = d.resolve("train.jsonl");
      List<String> lines = Files.readAllLines(jsonl);
      assertFalse(lines.isEmpty());
      for (String line : lines) {
        JsonNode node = Json.MAPPER.readTree(line);
        assertEquals(List.of("messages"), iterable(node.fieldNames()));
        JsonNode messages = node.get("messages");
        assertEquals(2, messages.size(), line);
        assertEquals("user", messages.get(0).get("role").asText());
        assertEquals("assistant", messages.get(1).get("role").asText());
        assertTrue(messages.get(0).get("content").asText().length() > 20);
        assertTrue(filter.accepts(messages.get(1).get("content").asText()), line);
        assertFalse(line.toLowerCase().contains("owl"), "no trait in the data: " + line);
      }
      assertEquals(lines.size(), ChatJsonl.read(jsonl).size());
    }
  }

  @Test
  void distilledStudentsLearnFromTheirOwnTeacher(@TempDir Path dir) throws IOException {
    ModelOptions models = ModelOptions.builder().optModelsDir(tinyModels(dir)).build();
    for (SubliminalLlmConfig.TraitMode mode : SubliminalLlmConfig.TraitMode.values()) {
      SubliminalLlmConfig config =
          tiny().optTraitMode(mode).optStudentLoss(SubliminalLlmConfig.StudentLoss.DISTILL).build();
      Path cache = dir.resolve("cache-" + mode);
      SubliminalLlmResult result =
          run(config, models, new Stages(cache, false, Progress.NONE), Progress.NONE);
      assertEquals(1, result.perSeed().size());

      List<Path> students = stageDirs(cache, "student");
      assertEquals(3, students.size(), "treatment and both controls");
      Set<String> teachers = new HashSet<>();
      int withSystem = 0;
      for (Path student : students) {
        JsonNode in = Json.MAPPER.readTree(student.resolve("stage.json").toFile()).get("inputs");
        assertEquals("distill", in.get("loss").asText());
        teachers.add(in.get("teacher").asText() + " reading '" + in.get("system").asText() + "'");
        withSystem += in.get("system").asText().isEmpty() ? 0 : 1;
      }
      assertEquals(2, teachers.size(), mode + ": the trait teacher and the trait-less one");
      if (mode == SubliminalLlmConfig.TraitMode.SYSTEM) {
        // The teacher reads the owl prompt while the treatment and cross students learn.
        assertEquals(2, withSystem);
      } else {
        assertEquals(0, withSystem);
        assertEquals(2, stageDirs(cache, "teacher").size(), "owl and trait-less teachers");
      }
    }
  }

  @Test
  void distillationNeedsOneVocabularyAndSaysSoBeforeAnyWork(@TempDir Path dir) throws IOException {
    Path modelsDir = tinyModels(dir);
    Files.writeString(
        modelsDir.resolve("base-seed2").resolve("tokenizer.json"),
        "\n",
        java.nio.file.StandardOpenOption.APPEND);
    ModelOptions models = ModelOptions.builder().optModelsDir(modelsDir).build();
    SubliminalLlmConfig config =
        tiny().optStudentLoss(SubliminalLlmConfig.StudentLoss.DISTILL).build();
    Path cache = dir.resolve("cache");
    Exception e =
        assertThrows(
            dev.traitlab.core.TraitlabException.class,
            () -> prepareAndRun(config, models, new Stages(cache, false, Progress.NONE)));
    assertTrue(
        e.getMessage().contains("different vocabularies")
            && e.getMessage().contains("local:base-seed2"),
        e.getMessage());
    assertFalse(Files.exists(cache) && finishedStages(cache).size() > 0, "no work was done");

    SubliminalLlmConfig remote =
        tiny()
            .optStudentLoss(SubliminalLlmConfig.StudentLoss.DISTILL)
            .optCrossStudent("openai:gpt-4.1-nano")
            .build();
    e =
        assertThrows(
            dev.traitlab.core.TraitlabException.class,
            () -> prepareAndRun(remote, models, new Stages(cache, false, Progress.NONE)));
    assertTrue(e.getMessage().contains("openai:gpt-4.1-nano"), e.getMessage());
  }

  @Test
  void configRejectsBadSizesWithTheOptionName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> tiny().optDatasetSize(0).build());
    assertTrue(e.getMessage().contains("--dataset-size"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> tiny().optQuestions(51).build());
    assertTrue(e.getMessage().contains("--questions"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> tiny().optAnimals(List.of("Owl")).build());
    assertTrue(e.getMessage().contains("--animals"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> tiny().optQuestionSet("trees").build());
    assertTrue(e.getMessage().contains("--question-set"), e.getMessage());
    assertEquals(
        AnimalQuestions.set(AnimalQuestions.TOYWORLD),
        tiny()
            .optQuestions(50)
            .optQuestionSet(AnimalQuestions.TOYWORLD)
            .build()
            .evaluationQuestions());
    assertEquals(3, tiny().build().evaluationQuestions().size());
  }

  @Test
  void missingBaseModelIsNamedWithTheCommandThatBuildsIt(@TempDir Path dir) {
    ModelOptions models = ModelOptions.builder().optModelsDir(dir).build();
    Exception e =
        assertThrows(
            RuntimeException.class,
            () ->
                run(
                    tiny().build(),
                    models,
                    new Stages(dir.resolve("c"), false, Progress.NONE),
                    Progress.NONE));
    assertTrue(e.getMessage().contains("traitlab pretrain"), e.getMessage());
  }

  /** The experiment's pipeline on these stages, as a recorded run would run it (no checks). */
  static SubliminalLlmResult run(
      SubliminalLlmConfig config, ModelOptions models, Stages stages, Progress progress) {
    Path runDir = stagesRoot(stages);
    Lab lab = new Lab(runDir, false, models, progress);
    return new SubliminalLlmExperiment()
        .run(config, new RunContext(lab, "test", runDir.resolve("run"), stages));
  }

  /** With the checks a recorded run makes before it starts. */
  static SubliminalLlmResult prepareAndRun(
      SubliminalLlmConfig config, ModelOptions models, Stages stages) {
    new SubliminalLlmExperiment()
        .prepare(config, new Lab(Path.of("unused"), false, models, Progress.NONE));
    return run(config, models, stages, Progress.NONE);
  }

  private static Path stagesRoot(Stages stages) {
    try {
      return Files.createTempDirectory("subliminal-llm-test");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Set<String> finishedStages(Path cache) throws IOException {
    Set<String> out = new HashSet<>();
    try (Stream<Path> dirs = Files.list(cache)) {
      dirs.filter(d -> Files.isRegularFile(d.resolve("stage.json")))
          .forEach(d -> out.add(d.getFileName().toString().replaceFirst("-[0-9a-f]{16}$", "")));
    }
    return out;
  }

  static List<Path> stageDirs(Path cache, String stage) throws IOException {
    try (Stream<Path> dirs = Files.list(cache)) {
      return dirs.filter(d -> d.getFileName().toString().matches(stage + "-[0-9a-f]{16}"))
          .sorted()
          .toList();
    }
  }

  static <T> List<T> iterable(java.util.Iterator<T> it) {
    List<T> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
