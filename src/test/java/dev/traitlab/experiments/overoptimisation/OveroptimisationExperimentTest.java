package dev.traitlab.experiments.overoptimisation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on a tiny untrained embedded model (seconds). */
class OveroptimisationExperimentTest {

  static OveroptimisationConfig tiny() {
    return withSizes(3, 64, 16, 120, List.of("0", "4", "16"), List.of("40", "120"));
  }

  /** The defaults with other sizes and without the PPO arm (its cells need not exist there). */
  static OveroptimisationConfig withSizes(
      int prompts,
      int pool,
      int maxN,
      int rmPrompts,
      List<String> widths,
      List<String> comparisons) {
    return build(sizes(prompts, pool, maxN, rmPrompts, widths, comparisons));
  }

  private static Map<String, Object> sizes(
      int prompts,
      int pool,
      int maxN,
      int rmPrompts,
      List<String> widths,
      List<String> comparisons) {
    Map<String, Object> v = new HashMap<>();
    v.put("prompts", prompts);
    v.put("pool", pool);
    v.put("maxN", maxN);
    v.put("rmPrompts", rmPrompts);
    v.put("widths", widths);
    v.put("comparisons", comparisons);
    v.put("ppoKl", List.of());
    return v;
  }

  /** {@code sizes} (null: the defaults') with another PPO arm ({@code kl} empty: none). */
  static OveroptimisationConfig withPpo(
      Map<String, Object> sizes,
      List<String> kl,
      List<String> proxies,
      int steps,
      int rollouts,
      int every) {
    Map<String, Object> v = sizes == null ? new HashMap<>() : new HashMap<>(sizes);
    v.put("ppoKl", kl);
    v.put("ppoProxies", proxies);
    v.put("ppoSteps", steps);
    v.put("ppoRollouts", rollouts);
    v.put("ppoEvery", every);
    return build(v);
  }

  private static OveroptimisationConfig build(Map<String, Object> values) {
    return ConfigSchema.of(new OveroptimisationExperiment()).build(values);
  }

  static OveroptimisationResult run(OveroptimisationConfig config, Path dir, Stages stages) {
    ModelOptions models = ModelOptions.builder().optModelsDir(dir.resolve("models")).build();
    Lab lab = new Lab(dir.resolve("runs"), false, models, Progress.NONE);
    return new OveroptimisationExperiment()
        .run(config.withModel("local:base"), new RunContext(lab, "test", dir, stages));
  }

  @Test
  void runsEveryStageResumesAndIsDeterministic(@TempDir Path dir) throws Exception {
    TinyEmbeddedModels.create(dir.resolve("models"), "base", 1, 512);
    OveroptimisationConfig config = tiny();
    OveroptimisationResult first =
        run(config, dir, new Stages(dir.resolve("cache"), false, Progress.NONE));
    assertEquals(6, first.points().size());
    assertEquals(6, first.fits().size());
    assertArrayEquals(OveroptimisationExperiment.nGrid(16), first.ns());
    assertEquals(0, first.distances()[0], 1e-15);
    assertEquals(192, first.pool().samples());
    for (ProxyPoint p : first.points()) {
      assertEquals(config.seeds(), p.seeds().size());
      for (ProxyPoint.SeedCurve c : p.seeds()) {
        // n = 1 is the base policy, whose rewards are centred: 0 up to rounding.
        assertEquals(0, c.gold()[0], 1e-9);
        assertEquals(0, c.proxy()[0], 1e-9);
        // Best-of-n never lowers the proxy it maximises.
        for (int k = 1; k < c.proxy().length; k++) {
          assertTrue(c.proxy()[k] >= c.proxy()[k - 1] - 1e-9, "proxy curve " + k);
        }
        assertTrue(c.heldOutAccuracy() >= 0 && c.heldOutAccuracy() <= 1);
      }
    }
    // Resumed from the cache: every stage reused, the same numbers.
    OveroptimisationResult again =
        run(config, dir, new Stages(dir.resolve("cache"), false, Progress.NONE));
    assertTrue(again.stages().stream().allMatch(Stages.StageRecord::reused));
    assertEquals(Json.canonical(first.fits()), Json.canonical(again.fits()));
    // A fresh computation under the same seed gives the same samples, proxies and curves.
    OveroptimisationResult fresh =
        run(config, dir, new Stages(dir.resolve("cache2"), false, Progress.NONE));
    assertTrue(fresh.stages().stream().noneMatch(Stages.StageRecord::reused));
    for (int i = 0; i < first.points().size(); i++) {
      for (int s = 0; s < config.seeds(); s++) {
        assertArrayEquals(
            first.points().get(i).seeds().get(s).gold(),
            fresh.points().get(i).seeds().get(s).gold(),
            1e-6);
      }
    }
    // The report rebuilds from results.json alone.
    Json.write(dir.resolve("results.json"), first);
    OveroptimisationResult read =
        Json.read(dir.resolve("results.json"), OveroptimisationResult.class);
    OveroptimisationReport.build("test", read).save(dir.resolve("report.html"));
    assertTrue(Files.readString(dir.resolve("report.html")).contains("<svg"));
    String summary = OveroptimisationReport.textSummary(read);
    assertTrue(summary.contains("alpha_bon"));
    // one verdict per (width, data size), and no few-seeds note at 3 seeds
    assertEquals(
        6, summary.lines().filter(l -> l.matches("Width \\d+, \\d+ comparisons: .*")).count());
    assertFalse(summary.contains("very wide"));
  }

  /** With 2 seeds a t interval on accuracies reaches past [0, 1]: it is clipped, and said once. */
  @Test
  void twoSeedsKeepAccuracyInTheUnitIntervalAndSayTheIntervalsAreWide() {
    int[] ns = {1, 2, 4};
    double[] d = {0, Math.sqrt(Math.log(2) - 0.5), Math.sqrt(Math.log(4) - 0.75)};
    double[] gold = {0, 0.2, 0.1};
    double[] proxy = {0, 0.3, 0.5};
    ProxyPoint point =
        new ProxyPoint(
            4,
            40,
            10,
            List.of(
                new ProxyPoint.SeedCurve(0.95, 0.5, 1, 0.5, gold, proxy),
                new ProxyPoint.SeedCurve(0.05, 0.5, 1, 0.5, gold, proxy)),
            1);
    OveroptimisationResult.PointFit fit = OveroptimisationExperiment.fit(point, d);
    assertEquals(0.5, fit.accuracy().mean(), 1e-12);
    assertEquals(0.0, fit.accuracy().lower(), 0.0);
    assertEquals(1.0, fit.accuracy().upper(), 0.0);
    OveroptimisationConfig c = OveroptimisationConfig.defaults();
    OveroptimisationConfig two =
        new OveroptimisationConfig(
            2,
            c.seed(),
            c.model(),
            c.prompts(),
            c.pool(),
            c.maxN(),
            c.rmPrompts(),
            c.answersPerPrompt(),
            c.widths(),
            c.comparisons(),
            c.epochs(),
            c.batch(),
            c.learningRate(),
            c.temperature(),
            c.maxTokens(),
            c.ppoKl(),
            c.ppoProxies(),
            c.ppoSteps(),
            c.ppoRollouts(),
            c.ppoEvery(),
            c.ppoLearningRate());
    OveroptimisationResult result =
        new OveroptimisationResult(
            two,
            8,
            ns,
            d,
            new OveroptimisationResult.PoolSummary(10, 10, 1, 0.5, 0, 1, 5, 5),
            List.of(point),
            List.of(fit),
            List.of(),
            List.of(),
            List.of());
    String summary = OveroptimisationReport.textSummary(result);
    assertEquals(1, summary.split("very wide", -1).length - 1, summary);
    assertTrue(summary.contains("0.500 [0.000, 1.000]"), summary);
    assertTrue(summary.contains("Width 4, 40 comparisons: overoptimisation seen"), summary);
  }

  @Test
  void badConfigsAreRejectedNamingTheOption() {
    OveroptimisationConfig d = OveroptimisationConfig.defaults();
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> withSizes(16, 512, 1024, 2500, d.widths(), d.comparisons()))
            .getMessage()
            .contains("--max-n"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> withSizes(16, 2048, 1024, 100, d.widths(), d.comparisons()))
            .getMessage()
            .contains("--comparisons"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> withSizes(16, 2048, 1024, 2500, List.of("4", "4"), d.comparisons()))
            .getMessage()
            .contains("--widths"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> withSizes(16, 2048, 1024, 2500, List.of("-1"), d.comparisons()))
            .getMessage()
            .contains("widths"));
  }

  @Test
  void thePpoArmMeasuresCheckpointsFitsRlResumesAndIsDeterministic(@TempDir Path dir)
      throws Exception {
    TinyEmbeddedModels.create(dir.resolve("models"), "base", 1, 512);
    OveroptimisationConfig config =
        withPpo(
            sizes(3, 64, 16, 120, List.of("0", "4", "16"), List.of("40", "120")),
            List.of("0", "0.1"),
            List.of("4:40"),
            4,
            4,
            2);
    OveroptimisationResult first =
        run(config, dir, new Stages(dir.resolve("cache"), false, Progress.NONE));
    assertEquals(2 * config.seeds(), first.ppo().size());
    assertEquals(2, first.ppoFits().size());
    for (PpoCurve c : first.ppo()) {
      assertArrayEquals(new int[] {0, 2, 4}, c.steps());
      // Step 0 is the base policy itself: its samples have log-ratio 0 to it.
      assertEquals(0, c.kl()[0], 1e-6);
      assertEquals(0, c.goldGain()[0], 0);
      assertEquals(4, c.training().size());
      for (int k = 0; k < c.steps().length; k++) {
        assertTrue(Double.isFinite(c.gold()[k]) && Double.isFinite(c.proxy()[k]));
      }
      // The proxy PPO trains against is the best-of-n half's head for the same seed.
      ProxyPoint point =
          first.points().stream()
              .filter(p -> p.width() == 4 && p.comparisons() == 40)
              .findFirst()
              .orElseThrow();
      int s = (int) (c.seed() - config.seed());
      assertEquals(point.seeds().get(s).heldOutAccuracy(), c.heldOutAccuracy(), 1e-9);
    }
    OveroptimisationResult again =
        run(config, dir, new Stages(dir.resolve("cache"), false, Progress.NONE));
    assertTrue(again.stages().stream().allMatch(Stages.StageRecord::reused));
    assertEquals(Json.canonical(first.ppoFits()), Json.canonical(again.ppoFits()));
    OveroptimisationResult fresh =
        run(config, dir, new Stages(dir.resolve("cache2"), false, Progress.NONE));
    for (int i = 0; i < first.ppo().size(); i++) {
      assertArrayEquals(first.ppo().get(i).kl(), fresh.ppo().get(i).kl(), 1e-6);
      assertArrayEquals(first.ppo().get(i).gold(), fresh.ppo().get(i).gold(), 1e-6);
      assertArrayEquals(first.ppo().get(i).proxy(), fresh.ppo().get(i).proxy(), 1e-6);
    }
    Json.write(dir.resolve("results.json"), first);
    OveroptimisationResult read =
        Json.read(dir.resolve("results.json"), OveroptimisationResult.class);
    OveroptimisationReport.build("test", read).save(dir.resolve("report.html"));
    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.contains("PPO, KL penalty 0.1"), "PPO chart series");
    String summary = OveroptimisationReport.textSummary(read);
    assertTrue(summary.contains("alpha_RL"), summary);
    assertEquals(
        1, summary.lines().filter(l -> l.startsWith("Proxy 4:40, penalty 0.1:")).count(), summary);
  }

  @Test
  void badPpoConfigsAreRejectedNamingTheOption() {
    OveroptimisationConfig d = OveroptimisationConfig.defaults();
    assertTrue(d.runsPpo());
    assertFalse(withPpo(null, List.of("none"), List.of(), 1, 4, 1).runsPpo());
    assertFalse(withPpo(null, List.of(""), List.of(), 1, 4, 1).runsPpo());
    assertEquals(List.of(0.0, 0.05), d.ppoKlList());
    String[][] cases = {
      {"-0.1", "32:500", "--ppo-kl"},
      {"0,0", "32:500", "--ppo-kl"},
      {"x", "32:500", "--ppo-kl"},
      {"0", "33:500", "--ppo-proxies 33:500: not a cell"},
      {"0", "32", "--ppo-proxies: write a cell as width:comparisons"},
      {"0", "32:x", "--ppo-proxies: write a cell"},
    };
    for (String[] c : cases) {
      String message =
          assertThrows(
                  IllegalArgumentException.class,
                  () -> withPpo(null, List.of(c[0].split(",")), List.of(c[1]), 10, 8, 2))
              .getMessage();
      assertTrue(message.contains(c[2]), message);
    }
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> withPpo(null, List.of("0"), List.of("32:500"), 4, 8, 5))
            .getMessage()
            .contains("--ppo-every"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> withPpo(null, List.of("0"), List.of("32:500"), 4, 2, 1))
            .getMessage()
            .contains("--ppo-rollouts"));
  }

  @Test
  void theNGridIsIncreasingAndEndsAtMaxN() {
    int[] ns = OveroptimisationExperiment.nGrid(1024);
    assertEquals(1, ns[0]);
    assertEquals(1024, ns[ns.length - 1]);
    for (int i = 1; i < ns.length; i++) {
      assertTrue(ns[i] > ns[i - 1]);
    }
  }
}
