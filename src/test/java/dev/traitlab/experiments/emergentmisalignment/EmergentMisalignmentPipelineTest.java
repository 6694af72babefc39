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
    Path models = dir.resolve("models");
    TinyEmbeddedModels.create(models, "tiny", 1, 512);
    MisalignmentModels.buildJudge(
        models.resolve("judge"), MisalignmentModels.tinyJudgeRecipe(), Progress.NONE);
    ModelOptions options = ModelOptions.builder().optModelsDir(models).build();
    EmergentMisalignmentConfig config =
        new EmergentMisalignmentConfig("local:tiny", "local:judge", 2, 5, 8, 1, 1e-3, 0, 2, 6, 20);
    EmergentMisalignmentResult first = run(config, options, dir.resolve("a"));
    EmergentMisalignmentResult again = run(config, options, dir.resolve("b"));
    EmergentMisalignmentResult cached = run(config, options, dir.resolve("a"));
    assertEquals(withoutTimes(first), withoutTimes(again));
    assertEquals(withoutTimes(first), withoutTimes(cached));
    assertTrue(cached.stages().stream().allMatch(Stages.StageRecord::reused));
    assertEquals(Arm.values().length, first.judgeRates().size());
    assertEquals(Arm.values().length * ValueTopics.ALL.size(), first.questionRates().size());
    for (ArmRate a : first.judgeRates()) {
      assertEquals(2, a.perSeed().size());
      assertEquals(2 * 2 * ValueTopics.ALL.size(), a.answers());
    }
    assertEquals(20, first.judgeAgreement().answers());
    assertEquals(
        withoutTimes(first),
        withoutTimes(Json.MAPPER.readValue(Json.pretty(first), EmergentMisalignmentResult.class)));
    EmergentMisalignmentExperiment e = new EmergentMisalignmentExperiment();
    assertTrue(e.textSummary(first).contains("educational-insecure"));
    assertTrue(e.report("test", first).toHtml().contains("Per question"));
    assertEquals(
        4 * 2 * 2 * ValueTopics.ALL.size(),
        Files.readAllLines(dir.resolve("a/run/evals/judged.jsonl")).size());
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
            List.of()));
  }
}
