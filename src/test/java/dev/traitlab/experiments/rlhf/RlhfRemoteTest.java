package dev.traitlab.experiments.rlhf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import dev.traitlab.testing.TinyEmbeddedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote path end to end over HTTP: a tiny base model behind traitlab's own OpenAI-compatible
 * server on an ephemeral loopback port; SFT and DPO are fine-tuning jobs the server runs, the
 * rankings and best-of-n pools are sampled through the API, the reward head reads a local copy of
 * the base. No PPO.
 */
class RlhfRemoteTest {

  @Test
  void runsSftRewardModelBestOfNAndDpoThroughTheApi(@TempDir Path dir) throws Exception {
    Path base = TinyEmbeddedModels.create(dir.resolve("models"), "base", 1, 512);
    try (ModelRegistry registry = new ModelRegistry()) {
      registry.add(
          "base", FineTunableEmbeddedModel.servable(EmbeddedModel.load(base, "local:base")));
      try (OpenAiServer server =
          OpenAiServer.start(ServerConfig.builder().optPort(0).build(), registry)) {
        RlhfConfig config = RlhfExperimentTest.tiny("openai:base");
        Path cache = dir.resolve("cache");
        RlhfResult first = run(config, dir, server, cache);

        // The SFT model and one DPO model per seed are models the server's jobs made and serves.
        List<String> served = registry.all().stream().map(ModelRegistry.Entry::id).toList();
        String sft = first.remote().sftModel();
        assertTrue(sft.startsWith("openai:"), sft);
        assertTrue(served.contains(sft.substring("openai:".length())), sft + " in " + served);
        assertEquals("local:base", first.remote().reader());
        assertEquals(18, first.rewardModel().trainQuestions());
        assertEquals(2, first.runs().size());
        int pairs = first.runs().getFirst().dpoTraining().pairs();
        // At most one pair per training question; the tiny model's answers differ in gold often
        // enough that the DPO jobs run.
        assertTrue(pairs > 0 && pairs <= 18, "pairs " + pairs);
        assertEquals(2, first.remote().dpoModels().size());
        for (String dpo : first.remote().dpoModels()) {
          assertNotEquals(sft, dpo);
          assertTrue(served.contains(dpo.substring("openai:".length())), dpo + " in " + served);
        }
        for (SeedRun s : first.runs()) {
          // PPO is embedded only: none here.
          assertNull(s.ppo());
          assertTrue(s.steps().isEmpty());
          assertEquals(0, s.sft().kl());
          assertTrue(s.sft().winRate() >= 0 && s.sft().winRate() <= 1);
          assertEquals(List.of(1, 2, 4), java.util.Arrays.stream(s.ns()).boxed().toList());
          // Best-of-n never lowers the reward-model score it maximises.
          for (int k = 1; k < s.ns().length; k++) {
            assertTrue(s.bonProxy()[k] >= s.bonProxy()[k - 1] - 1e-9);
          }
          assertTrue(s.dpo().winRate() >= 0 && s.dpo().winRate() <= 1);
          assertTrue(Double.isNaN(s.dpo().kl()), "KL to SFT is not measured through the API");
        }

        // A stage that must be computed again checks its cached fine-tunes are still served (a
        // restarted server forgets them): a gone model is a one-line error naming the remedy.
        dev.traitlab.model.Models models =
            new dev.traitlab.model.Models(
                ModelOptions.builder().optBaseUrl(server.baseUrl()).build());
        models.requireTuned(sft);
        dev.traitlab.core.TraitlabException gone =
            org.junit.jupiter.api.Assertions.assertThrows(
                dev.traitlab.core.TraitlabException.class,
                () -> models.requireTuned("openai:ft:base:sft:ftjob-999999"));
        assertTrue(gone.getMessage().contains("rerun with --fresh"), gone.getMessage());

        // Resumed from the cache: no job and no sampling again, the same numbers.
        RlhfResult again = run(config, dir, server, cache);
        assertTrue(again.stages().stream().allMatch(Stages.StageRecord::reused));
        assertEquals(Json.canonical(first.runs()), Json.canonical(again.runs()));

        // The report rebuilds from results.json alone and says what did not run.
        Json.write(dir.resolve("results.json"), first);
        RlhfResult read = Json.read(dir.resolve("results.json"), RlhfResult.class);
        new RlhfExperiment().report("test", read).save(dir.resolve("report.html"));
        assertTrue(Files.readString(dir.resolve("report.html")).contains("PPO is embedded only"));
        String summary = new RlhfExperiment().textSummary(read);
        assertTrue(summary.contains("best-of-4"), summary);
        assertTrue(summary.contains("PPO is embedded only"), summary);
        assertTrue(!summary.contains("PPO (rollouts"), summary);
        assertTrue(
            !new RlhfExperiment().metrics(read).containsKey("ppo.win_rate"),
            "no PPO metric on a remote run");
      }
    }
  }

  private static RlhfResult run(RlhfConfig config, Path dir, OpenAiServer server, Path cache) {
    return RlhfExperimentTest.run(
        config,
        dir,
        new Stages(cache, false, Progress.NONE),
        ModelOptions.builder()
            .optBaseUrl(server.baseUrl())
            .optCacheFile(dir.resolve("calls.sqlite")));
  }
}
