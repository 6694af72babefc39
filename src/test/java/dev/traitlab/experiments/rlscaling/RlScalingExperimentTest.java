package dev.traitlab.experiments.rlscaling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.testing.SyntheticIdx;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RlScalingExperimentTest {
  @TempDir static Path data;

  @BeforeAll
  static void writeData() throws Exception {
    SyntheticIdx.imageDataset(data, 8, 4, 800, 200, 5);
  }

  /** Three tiny widths, two horizons, 8 x 8 images pooled to 4 x 4: seconds. */
  static RlScalingConfig tiny() {
    return new RlScalingConfig(
        2,
        3,
        List.of("2", "4", "8"),
        1,
        List.of("1", "4"),
        4096,
        8,
        16,
        2,
        4,
        3e-3,
        0.5,
        1.0,
        0.01,
        2,
        100,
        8,
        40,
        data.toString());
  }

  private static RlScalingResult run(RlScalingConfig config, Path cache) {
    Lab lab = new Lab(cache, false, null, Progress.NONE);
    return new RlScalingExperiment()
        .run(config, new RunContext(lab, "test", cache, new Stages(cache, false, Progress.NONE)));
  }

  @Test
  void theSameSeedGivesTheSameSweepAndTheReportAndJsonRoundTrip(
      @TempDir Path cacheA, @TempDir Path cacheB) throws Exception {
    RlScalingResult a = run(tiny(), cacheA);
    RlScalingResult b = run(tiny(), cacheB);
    assertEquals(2, a.horizons().size());
    for (int h = 0; h < 2; h++) {
      HorizonFit x = a.horizons().get(h);
      HorizonFit y = b.horizons().get(h);
      assertEquals(3, x.curves().size());
      for (int c = 0; c < 3; c++) {
        assertArrayEquals(x.curves().get(c).mean(), y.curves().get(c).mean());
      }
      assertEquals(x.alphaN(), y.alphaN());
      // the synthetic classes are easy: the widest policy learns well above chance (0.25)
      double[] widest = x.curves().get(2).mean();
      assertTrue(widest[widest.length - 1] > 0.5, java.util.Arrays.toString(widest));
    }
    assertEquals(0.75, a.horizons().get(1).gamma(), 1e-12);
    // the fit across horizons: the first horizon's coefficients are its own reference
    SharedFit shared = a.shared();
    assertEquals(2, shared.horizons().size());
    assertEquals(1.0, shared.horizons().get(0).ecRatio().value(), 1e-12);
    assertTrue(shared.rss() >= shared.separateRss() - 1e-9, shared.toString());
    assertEquals(b.shared().alphaE(), shared.alphaE());
    // only settled returns are fitted
    for (HorizonFit f : a.horizons()) {
      for (HorizonFit.Point p : f.points()) {
        assertTrue(p.returnValue() <= f.frontier().settledUpTo(), p.toString());
      }
    }
    assertEquals(16, a.observationSize());
    // every width's compute per interaction grows with its parameters
    List<HorizonFit.SizeCurve> curves = a.horizons().get(0).curves();
    assertTrue(curves.get(0).flopsPerInteraction() < curves.get(2).flopsPerInteraction());
    assertEquals(2.0 * 7 * curves.get(0).parameters(), curves.get(0).flopsPerInteraction(), 1e-9);
    String json = Json.MAPPER.writeValueAsString(a);
    RlScalingResult back = Json.MAPPER.readValue(json, RlScalingResult.class);
    assertEquals(json, Json.MAPPER.writeValueAsString(back));
    String html = new RlScalingExperiment().report("r", back).toHtml();
    assertTrue(html.contains("Horizons side by side"));
    String summary = new RlScalingExperiment().textSummary(back);
    assertTrue(summary.contains("alpha_N"));
    // 2 seeds: the terminal warns that the intervals are rough, as the HTML report does
    assertTrue(summary.contains("Caution: with 2 seeds per width these intervals are rough"));
  }

  @Test
  void aRerunReusesEachHorizonsStage(@TempDir Path cache) {
    run(tiny(), cache);
    RlScalingResult again = run(tiny(), cache);
    assertTrue(
        again.stages().stream().allMatch(Stages.StageRecord::reused), again.stages().toString());
    assertEquals(2, again.stages().size());
  }

  @Test
  void badConfigsAreRefusedNamingTheOption() {
    RlScalingConfig t = tiny();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RlScalingConfig(
                    t.seeds(),
                    t.seed(),
                    List.of("2", "4"),
                    t.depth(),
                    t.horizons(),
                    t.interactions(),
                    t.envs(),
                    t.steps(),
                    t.epochs(),
                    t.minibatches(),
                    t.learningRate(),
                    t.lrExponent(),
                    t.lambda(),
                    t.entropy(),
                    t.pool(),
                    t.evalImages(),
                    t.evaluations(),
                    t.resamples(),
                    t.dataDir()));
    assertTrue(e.getMessage().startsWith("--widths"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RlScalingConfig(
                    t.seeds(),
                    t.seed(),
                    t.widths(),
                    t.depth(),
                    List.of("0"),
                    t.interactions(),
                    t.envs(),
                    t.steps(),
                    t.epochs(),
                    t.minibatches(),
                    t.learningRate(),
                    t.lrExponent(),
                    t.lambda(),
                    t.entropy(),
                    t.pool(),
                    t.evalImages(),
                    t.evaluations(),
                    t.resamples(),
                    t.dataDir()));
    assertTrue(e.getMessage().startsWith("--horizons"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RlScalingConfig(
                    t.seeds(),
                    t.seed(),
                    t.widths(),
                    t.depth(),
                    t.horizons(),
                    100,
                    t.envs(),
                    t.steps(),
                    t.epochs(),
                    t.minibatches(),
                    t.learningRate(),
                    t.lrExponent(),
                    t.lambda(),
                    t.entropy(),
                    t.pool(),
                    t.evalImages(),
                    t.evaluations(),
                    t.resamples(),
                    t.dataDir()));
    assertTrue(e.getMessage().startsWith("--interactions"), e.getMessage());
  }

  /** tiny() with other widths, horizons, pooling and held-out images. */
  static RlScalingConfig tiny(
      List<String> widths, List<String> horizons, int pool, int evalImages) {
    RlScalingConfig t = tiny();
    return new RlScalingConfig(
        t.seeds(),
        t.seed(),
        widths,
        t.depth(),
        horizons,
        t.interactions(),
        t.envs(),
        t.steps(),
        t.epochs(),
        t.minibatches(),
        t.learningRate(),
        t.lrExponent(),
        t.lambda(),
        t.entropy(),
        pool,
        evalImages,
        t.evaluations(),
        t.resamples(),
        t.dataDir());
  }

  private static String refusal(List<String> widths, List<String> horizons) {
    return assertThrows(IllegalArgumentException.class, () -> tiny(widths, horizons, 2, 100))
        .getMessage();
  }

  @Test
  void widthsAndHorizonsInAnyOrderAreOneConfigAndDuplicatesAreRefused() {
    RlScalingConfig shuffled = tiny(List.of("8", "2", "04"), List.of("4", "1"), 2, 100);
    assertEquals(List.of("2", "4", "8"), shuffled.widths());
    assertEquals(List.of(1, 4), shuffled.horizonList());
    // equal records: the same stage inputs (widths, in order), the same training and reference
    assertEquals(tiny(), shuffled);
    assertEquals(
        "--widths: 8 is given twice; give each value once",
        refusal(List.of("2", "4", "8", "8"), List.of("1", "4")));
    assertEquals(
        "--widths: 8 and 08 are the same value; give each value once",
        refusal(List.of("8", "2", "08"), List.of("1")));
    assertEquals(
        "--horizons: 1 is given twice; give each value once",
        refusal(List.of("2", "4", "8"), List.of("1", "1")));
    assertEquals(
        "--widths: give at least 3 distinct widths for a scaling law, got [2, 4]",
        refusal(List.of("4", "2"), List.of("1")));
  }

  @Test
  void moreEvalImagesThanTheTestSplitHoldsAreRefusedBeforeAnythingRuns(@TempDir Path empty) {
    assertEquals(Optional.of(new ImageLayout(200, 8, 8)), ImageLayout.of(data));
    // the synthetic test split holds 200 images: all of them may be used, one more may not
    assertEquals(200, tiny(tiny().widths(), tiny().horizons(), 2, 200).evalImages());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> tiny(tiny().widths(), tiny().horizons(), 2, 201));
    assertEquals("--eval-images: 201 is more than the 200 test images in " + data, e.getMessage());
    // no data there: nothing to check against (the run's prepare reports the missing files)
    assertEquals(Optional.empty(), ImageLayout.of(empty));
  }

  @Test
  void aPoolingFactorThatDoesNotDivideTheImageSideIsRefusedBeforeAnythingRuns(@TempDir Path plain)
      throws Exception {
    // the synthetic images are 8 x 8: 4 divides the side, 3 does not
    assertEquals(4, tiny(tiny().widths(), tiny().horizons(), 4, 100).pool());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> tiny(tiny().widths(), tiny().horizons(), 3, 100));
    assertEquals(
        "--pool: 3 does not divide the image side 8 of " + data + " (give one of 1, 2, 4, 8)",
        e.getMessage());
    // headers read from files that are not gzipped too: a 28 x 28 test split, as Fashion-MNIST's
    SyntheticIdx.write(
        plain.resolve("train-images-idx3-ubyte"), new int[] {1, 28, 28}, new byte[784], false);
    SyntheticIdx.write(
        plain.resolve("t10k-images-idx3-ubyte"), new int[] {2, 28, 28}, new byte[2 * 784], false);
    assertEquals(Optional.of(new ImageLayout(2, 28, 28)), ImageLayout.of(plain));
    assertEquals("1, 2, 4, 7, 14, 28", ImageLayout.divisors(28));
  }

  @Test
  void widerPoliciesGetSmallerLearningRatesUnderTheSquareRootRule() {
    RlScalingConfig t = tiny(); // --lr 3e-3 at width 16, exponent 0.5
    assertEquals(3e-3, t.learningRateOf(16), 1e-15);
    assertEquals(6e-3, t.learningRateOf(4), 1e-15);
    assertEquals(1.5e-3, t.learningRateOf(64), 1e-15);
  }

  @Test
  void measurementsAreLogSpacedWithTheFirstAndLastUpdate() {
    List<Integer> at = Sweep.measuredUpdates(256, 9);
    assertEquals(List.of(1, 2, 4, 8, 16, 32, 64, 128, 256), at);
  }
}
