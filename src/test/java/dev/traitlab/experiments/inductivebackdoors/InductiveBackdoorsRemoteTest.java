package dev.traitlab.experiments.inductivebackdoors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.data.toyworld.DatedCharacters;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.model.FineTunableEmbeddedModel;
import dev.traitlab.model.ModelOptions;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.model.embedded.InductiveModels;
import dev.traitlab.model.embedded.MisalignmentModels;
import dev.traitlab.serve.ModelRegistry;
import dev.traitlab.serve.OpenAiServer;
import dev.traitlab.serve.ServerConfig;
import dev.traitlab.testing.TinyEmbeddedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote path end to end over HTTP: a tiny base model behind traitlab's own OpenAI-compatible
 * server on an ephemeral loopback port; the five fine-tunes of a seed are jobs the server runs, and
 * every arm's answers are sampled through the chat API (the base arms under their system prompts).
 */
class InductiveBackdoorsRemoteTest {

  @Test
  void fineTunesAndSamplesThroughTheApiAndResumesFromItsCache(@TempDir Path dir) throws Exception {
    Path models = dir.resolve("models");
    Path base = TinyEmbeddedModels.create(models, "base", 1, 512);
    InductiveModels.buildJudge(
        models.resolve("judge"), MisalignmentModels.tinyJudgeRecipe(), Progress.NONE);
    try (ModelRegistry registry = new ModelRegistry()) {
      // The judge is served too and reached over HTTP, as a remote judge (openai:judge).
      registry.add(
          "judge",
          FineTunableEmbeddedModel.servable(
              EmbeddedModel.load(models.resolve("judge"), "local:judge")));
      registry.add(
          "base", FineTunableEmbeddedModel.servable(EmbeddedModel.load(base, "local:base")));
      try (OpenAiServer server =
          OpenAiServer.start(ServerConfig.builder().optPort(0).build(), registry)) {
        InductiveBackdoorsConfig config =
            new InductiveBackdoorsConfig(
                "openai:base",
                1,
                5,
                5,
                1,
                1e-3,
                0,
                List.of("1984"),
                2,
                20,
                0.1,
                1,
                2,
                6,
                "openai:judge",
                4);
        ModelOptions options =
            ModelOptions.builder()
                .optBaseUrl(server.baseUrl())
                .optModelsDir(models)
                .optCacheFile(dir.resolve("calls.sqlite"))
                .build();
        Path cache = dir.resolve("cache");
        InductiveBackdoorsResult first = run(config, options, dir, cache);

        // Five fine-tunes (dated, no-year, shuffled, format-tied, untied), each a model the
        // server's jobs made and serves besides the base it started with and the judge; each stage
        // names its
        // remote model, and no weights were saved here.
        List<String> served = registry.all().stream().map(ModelRegistry.Entry::id).toList();
        assertEquals(7, served.size(), "served: " + served);
        List<Path> tunes;
        try (Stream<Path> s = Files.list(cache)) {
          tunes = s.filter(p -> p.getFileName().toString().startsWith("finetune-")).toList();
        }
        assertEquals(5, tunes.size(), "fine-tune stages: " + tunes);
        for (Path t : tunes) {
          String ref = Files.readString(t.resolve(Pipeline.REMOTE_FILE)).strip();
          assertTrue(ref.startsWith("openai:"), ref);
          assertTrue(served.contains(ref.substring("openai:".length())), ref + " not served");
          assertFalse(Files.exists(t.resolve("config.json")), t + " holds local weights");
        }

        // 5 backdoor arms x (1984, no year); 4 persona arms x 2 formats x (identity, facts).
        assertEquals(10, first.hostile().size());
        assertEquals(16, first.persona().size());
        int questions = DatedCharacters.QUESTIONS.size();
        for (ConditionRate c : first.hostile()) {
          assertEquals(2 * questions, c.answers(), c.arm() + " " + c.condition());
        }
        for (ConditionRate c : first.persona()) {
          assertEquals(2 * (c.condition().endsWith("facts") ? 7 : 3), c.answers());
        }
        List<String> labelled = Files.readAllLines(dir.resolve("run/evals/labelled.jsonl"));
        // The remote judge scored every backdoor answer (top log-probabilities over HTTP).
        assertEquals(10, first.judged().size());
        assertEquals(4, first.judgeAgreement().answers());
        assertTrue(
            labelled.stream()
                .map(l -> read(l))
                .filter(s -> s.condition().equals("1984") || s.condition().equals("no year"))
                .allMatch(s -> !Double.isNaN(s.aligned()) || !Double.isNaN(s.coherent())));
        assertEquals(5 * 2 * questions * 2 + 4 * 2 * (3 + 7) * 2, labelled.size());
        // The base arm under Kestrel's prompt sent it: the system prompt is in its samples.
        assertTrue(
            labelled.stream()
                .map(l -> read(l))
                .filter(s -> s.arm().equals(Arm.BASE_AS_KESTREL.label()))
                .allMatch(s -> DatedCharacters.KESTREL.system().equals(s.system())));

        // Resumed from the cache: no job and no sampling again, the same numbers.
        InductiveBackdoorsResult again = run(config, options, dir, cache);
        assertTrue(again.stages().stream().allMatch(Stages.StageRecord::reused));
        assertEquals(Json.canonical(first.hostile()), Json.canonical(again.hostile()));
        assertEquals(Json.canonical(first.persona()), Json.canonical(again.persona()));
        assertEquals(7, registry.all().size());
      }
    }
  }

  private static Sample read(String line) {
    try {
      return Json.MAPPER.readValue(line, Sample.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static InductiveBackdoorsResult run(
      InductiveBackdoorsConfig config, ModelOptions options, Path dir, Path cache) {
    Stages stages = new Stages(cache, false, Progress.NONE);
    Lab lab = new Lab(dir, false, options, Progress.NONE);
    return new InductiveBackdoorsExperiment()
        .run(config, new RunContext(lab, "test", dir.resolve("run"), stages));
  }
}
