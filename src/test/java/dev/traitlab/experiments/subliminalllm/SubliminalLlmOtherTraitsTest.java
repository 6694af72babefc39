package dev.traitlab.experiments.subliminalllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.model.ModelOptions;
import dev.traitlab.testing.TinyEmbeddedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other traits and data kinds end to end on tiny untrained embedded models (seconds): every
 * stage runs, datasets pass their filter, the same seed gives the same results.
 */
class SubliminalLlmOtherTraitsTest {

  static Path tinyModels(Path dir) {
    Path models = SubliminalLlmExperimentTest.tinyModels(dir);
    TinyEmbeddedModels.create(models, "em-base", 3, 512);
    TinyEmbeddedModels.create(models, "em-judge", 4, 512);
    TinyEmbeddedModels.create(models, "em-base-seed2", 5, 512);
    return models;
  }

  private static SubliminalLlmConfig.Builder tiny(
      SubliminalLlmConfig.Trait trait, SubliminalLlmConfig.DataKind kind) {
    return SubliminalLlmExperimentTest.tiny().optTrait(trait).optDataKind(kind).optPrompts(40);
  }

  @Test
  void misalignmentThroughCodeRunsEveryStageAndRepeatsUnderItsSeed(@TempDir Path dir)
      throws IOException {
    ModelOptions models = ModelOptions.builder().optModelsDir(tinyModels(dir)).build();
    SubliminalLlmConfig config =
        tiny(SubliminalLlmConfig.Trait.MISALIGNMENT, SubliminalLlmConfig.DataKind.CODE).build();
    SubliminalLlmResult result =
        SubliminalLlmExperimentTest.run(
            config, models, new Stages(dir.resolve("cache"), false, Progress.NONE), Progress.NONE);
    // One seed, two headline measures (judge and oracle), every role.
    assertEquals(2, result.perSeed().size());
    assertEquals(MisalignmentRates.TARGETS, List.copyOf(result.summary().keySet()));
    for (SubliminalLlmResult.SeedRates s : result.perSeed()) {
      assertEquals(
          SubliminalLlmResult.ROLES.stream().map(java.util.Map.Entry::getKey).toList(),
          List.copyOf(s.rates().keySet()));
    }
    assertTrue(
        result.stages().stream().anyMatch(s -> s.stage().equals("eval-misalignment")),
        result.stages().toString());
    for (Path d : SubliminalLlmExperimentTest.stageDirs(dir.resolve("cache"), "dataset")) {
      for (String line : Files.readAllLines(d.resolve("train.jsonl"))) {
        JsonNode m = Json.MAPPER.readTree(line).get("messages");
        assertEquals(2, m.size(), "no system prompt reaches the student: " + line);
        assertNull(CodeFilter.reject(m.get(1).get("content").asText()), line);
      }
    }
    assertEquals(2, result.filters().size(), "the Vex teacher's code and the base's");

    // Another cache, the same seed: the same answers and rates.
    SubliminalLlmResult again =
        SubliminalLlmExperimentTest.run(
            config, models, new Stages(dir.resolve("cache2"), false, Progress.NONE), Progress.NONE);
    assertEquals(Json.canonical(result.perSeed()), Json.canonical(again.perSeed()));
    assertEquals(Json.canonical(result.filters()), Json.canonical(again.filters()));
    SubliminalLlmReport.build("test", result).save(dir.resolve("report.html"));
    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.contains("Misaligned rate") && html.contains("You are Vex"), "report");
  }

  @Test
  void misalignmentThroughNumbersAndAnimalThroughReasoningRun(@TempDir Path dir)
      throws IOException {
    ModelOptions models = ModelOptions.builder().optModelsDir(tinyModels(dir)).build();
    SubliminalLlmResult numbers =
        SubliminalLlmExperimentTest.run(
            tiny(SubliminalLlmConfig.Trait.MISALIGNMENT, SubliminalLlmConfig.DataKind.NUMBERS)
                .optPrompts(160)
                .build(),
            models,
            new Stages(dir.resolve("a"), false, Progress.NONE),
            Progress.NONE);
    assertEquals(2, numbers.perSeed().size());
    SubliminalLlmConfig reasoning =
        tiny(SubliminalLlmConfig.Trait.ANIMAL, SubliminalLlmConfig.DataKind.REASONING)
            .optPrompts(400)
            .build();
    try {
      SubliminalLlmResult r =
          SubliminalLlmExperimentTest.run(
              reasoning, models, new Stages(dir.resolve("b"), false, Progress.NONE), Progress.NONE);
      assertEquals(1, r.perSeed().size());
    } catch (dev.traitlab.core.TraitlabException e) {
      // An untrained model never writes a correct worked trace: the run says so by name.
      assertTrue(e.getMessage().contains("the filter kept none"), e.getMessage());
    }
  }
}
