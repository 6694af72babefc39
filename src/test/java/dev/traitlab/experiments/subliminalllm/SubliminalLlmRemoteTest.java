package dev.traitlab.experiments.subliminalllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.model.FineTunableEmbeddedModel;
import dev.traitlab.model.ModelOptions;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.serve.ModelRegistry;
import dev.traitlab.serve.OpenAiServer;
import dev.traitlab.serve.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same pipeline over HTTP: openai: models behind traitlab's own OpenAI-compatible server on an
 * ephemeral loopback port, with the students made by fine-tuning jobs the server runs.
 */
class SubliminalLlmRemoteTest {

  @Test
  void runsAgainstTheServerWithFineTuningJobs(@TempDir Path dir) throws Exception {
    Path models = SubliminalLlmExperimentTest.tinyModels(dir);
    try (ModelRegistry registry = new ModelRegistry()) {
      registry.add(
          "base",
          FineTunableEmbeddedModel.servable(EmbeddedModel.load(models.resolve("base"), "base")));
      registry.add(
          "base-seed2",
          FineTunableEmbeddedModel.servable(
              EmbeddedModel.load(models.resolve("base-seed2"), "base-seed2")));
      try (OpenAiServer server =
          OpenAiServer.start(ServerConfig.builder().optPort(0).build(), registry)) {
        ModelOptions access =
            ModelOptions.builder()
                .optBaseUrl(server.baseUrl())
                .optCacheFile(dir.resolve("calls.sqlite"))
                .build();
        SubliminalLlmConfig config =
            SubliminalLlmExperimentTest.tiny()
                .optTeacher("openai:base")
                .optStudent("openai:base")
                .optCrossStudent("openai:base-seed2")
                .build();
        Path cache = dir.resolve("cache");
        SubliminalLlmResult result =
            SubliminalLlmExperimentTest.run(
                config, access, new Stages(cache, false, Progress.NONE), Progress.NONE);
        assertEquals(1, result.perSeed().size());
        for (SubliminalLlmResult.FilterStats f : result.filters()) {
          assertTrue(f.kept() > 0 && f.datasetSize() > 0, f.toString());
        }

        // Three students, each a model the server made by a fine-tuning job and now serves.
        List<String> students;
        try (Stream<Path> dirs = Files.list(cache)) {
          students =
              dirs.filter(d -> d.getFileName().toString().startsWith("student-"))
                  .map(d -> Json.read(d.resolve("value.json"), Map.class).get("remote").toString())
                  .sorted()
                  .toList();
        }
        assertEquals(3, students.size());
        List<String> served = registry.all().stream().map(ModelRegistry.Entry::id).toList();
        for (String s : students) {
          assertTrue(s.startsWith("openai:"), s);
          assertTrue(served.contains(s.substring("openai:".length())), s + " in " + served);
        }
      }
    }
  }
}
