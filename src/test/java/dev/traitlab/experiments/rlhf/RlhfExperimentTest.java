package dev.traitlab.experiments.rlhf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.lab.ConfigSchema;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.model.ModelOptions;
import dev.traitlab.testing.TinyEmbeddedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on a tiny untrained embedded model (seconds). */
class RlhfExperimentTest {

  static RlhfConfig tiny() {
    return tiny("local:base");
  }

  /** The tiny sizes with SFT starting from {@code model}; the reader is local:base. */
  static RlhfConfig tiny(String model) {
    return tiny(model, 0);
  }

  /** ... and PPO-ptx's gamma. */
  static RlhfConfig tiny(String model, double ppoPtx) {
    return new RlhfConfig(
        2,
        0,
        model,
        "local:base",
        32,
        1,
        1e-3,
        20,
        3,
        4,
        1,
        2,
        8,
        1,
        2,
        1e-3,
        0.05,
        0,
        3,
        2,
        2,
        4,
        6,
        0.1,
        1,
        1e-3,
        ppoPtx);
  }

  static RlhfResult run(RlhfConfig config, Path dir, Stages stages) {
    return run(config, dir, stages, ModelOptions.builder().optModelsDir(dir.resolve("models")));
  }

  static RlhfResult run(RlhfConfig config, Path dir, Stages stages, ModelOptions.Builder access) {
    ModelOptions models = access.optModelsDir(dir.resolve("models")).build();
    Lab lab = new Lab(dir.resolve("runs"), false, models, Progress.NONE);
    return new RlhfExperiment().run(config, new RunContext(lab, "test", dir, stages));
  }

  @Test
  void runsEveryStageResumesAndIsDeterministic(@TempDir Path dir) throws Exception {
    TinyEmbeddedModels.create(dir.resolve("models"), "base", 1, 512);
    RlhfConfig config = tiny();
    RlhfResult first = run(config, dir, new Stages(dir.resolve("cache"), false, Progress.NONE));
    assertEquals(2, first.runs().size());
    assertEquals(18, first.rewardModel().trainQuestions());
    assertEquals(2, first.rewardModel().heldOutQuestions());
    for (SeedRun s : first.runs()) {
      assertEquals(2, s.steps().size());
      // The policy starts as the SFT model: no KL at the first step, before any update.
      assertEquals(0, s.steps().getFirst().kl(), 1e-4);
      assertArrayEquals(new int[] {1, 2, 4}, s.ns());
      // Best-of-1 is the SFT policy: its win rate over SFT answers is about 1/2, and best-of-n
      // never lowers the reward-model score it maximises.
      for (int k = 1; k < s.ns().length; k++) {
        assertTrue(s.bonProxy()[k] >= s.bonProxy()[k - 1] - 1e-9);
      }
      assertTrue(s.ppo().winRate() >= 0 && s.ppo().winRate() <= 1);
      // The DPO arm trained on at most one pair per training question and was scored as PPO.
      assertTrue(s.dpoTraining().pairs() <= 18, "pairs " + s.dpoTraining().pairs());
      if (s.dpoTraining().pairs() > 0) {
        assertTrue(Double.isFinite(s.dpoTraining().finalLoss()));
      }
      assertTrue(s.dpo().winRate() >= 0 && s.dpo().winRate() <= 1);
      assertTrue(Double.isFinite(s.dpo().kl()));
    }
    // Resumed from the cache: every stage reused, the same numbers.
    RlhfResult again = run(config, dir, new Stages(dir.resolve("cache"), false, Progress.NONE));
    assertTrue(again.stages().stream().allMatch(Stages.StageRecord::reused));
    assertEquals(Json.canonical(first.runs()), Json.canonical(again.runs()));
    // Recomputed from scratch under the same seeds: the same PPO trajectories.
    RlhfResult fresh = run(config, dir, new Stages(dir.resolve("cache2"), false, Progress.NONE));
    assertTrue(fresh.stages().stream().noneMatch(Stages.StageRecord::reused));
    for (int s = 0; s < 2; s++) {
      assertEquals(
          first.runs().get(s).steps().getLast().score(),
          fresh.runs().get(s).steps().getLast().score(),
          1e-6);
      assertArrayEquals(first.runs().get(s).rolloutGold(), fresh.runs().get(s).rolloutGold(), 1e-9);
    }
    // The report rebuilds from results.json alone.
    Json.write(dir.resolve("results.json"), first);
    RlhfResult read = Json.read(dir.resolve("results.json"), RlhfResult.class);
    new RlhfExperiment().report("test", read).save(dir.resolve("report.html"));
    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.contains("<svg"));
    assertTrue(html.contains("clip fraction"));
    String summary = new RlhfExperiment().textSummary(read);
    assertTrue(summary.contains("gold win rate vs SFT"), summary);
    assertTrue(summary.contains("best-of-4"), summary);
    // Two PPO steps leave too few points with KL > 0 for R_RL: said, not thrown.
    assertTrue(summary.contains("n/a"), summary);
  }

  @Test
  void thePretrainingMixIsLoggedPerStepAndTheAlignmentTaxMeasured(@TempDir Path dir) {
    TinyEmbeddedModels.create(dir.resolve("models"), "base", 1, 512);
    Stages stages = new Stages(dir.resolve("cache"), false, Progress.NONE);
    RlhfResult plain = run(tiny(), dir, stages);
    RlhfResult ptx = run(tiny("local:base", 1.0), dir, stages);
    for (int s = 0; s < 2; s++) {
      SeedRun p = plain.runs().get(s);
      SeedRun x = ptx.runs().get(s);
      assertEquals(null, p.ptxLoss());
      assertEquals(2, x.ptxLoss().length);
      for (double v : x.ptxLoss()) {
        assertTrue(v > 0 && Double.isFinite(v), "ptx NLL " + v);
      }
      // Both PPO runs start from the same SFT model, whose held-out NLL is the same; the term
      // changes what PPO learns.
      assertEquals(p.pretrainingNll()[0], x.pretrainingNll()[0], 1e-9);
      assertTrue(p.pretrainingNll()[1] != x.pretrainingNll()[1]);
    }
    String summary = new RlhfExperiment().textSummary(ptx);
    assertTrue(summary.contains("Alignment tax") && summary.contains("gamma 1.0"), summary);
  }

  @Test
  void badConfigsAreRejectedNamingTheOption() {
    assertRejected(Map.of("reader", "openai:gpt-4.1"), "--reader");
    // One request per question carries all its samples: n is at most 128 on the API.
    assertRejected(Map.of("model", "openai:gpt-4.1", "pool", 256), "--pool");
    assertRejected(Map.of("model", "openai:gpt-4.1", "rankK", 200), "--rank-k");
    assertRejected(Map.of("model", "gpt-4.1"), "--model");
    assertRejected(Map.of("minibatches", 8, "rollouts", 4), "--minibatches");
    assertRejected(Map.of("rankK", 1), "rank-k");
    assertRejected(Map.of("klCoefficient", -1.0), "--beta");
    assertRejected(Map.of("dpoBeta", -0.1), "--dpo-beta");
    assertRejected(Map.of("dpoEpochs", 0), "dpo-epochs");
    assertRejected(Map.of("ppoPtx", -1.0), "--ppo-ptx");
  }

  /** The defaults with these components changed must be refused with a message naming them. */
  private static void assertRejected(Map<String, Object> values, String named) {
    ConfigSchema<RlhfConfig> schema = ConfigSchema.of(new RlhfExperiment());
    String message =
        assertThrows(IllegalArgumentException.class, () -> schema.build(values)).getMessage();
    assertTrue(message.contains(named), message);
  }
}
