package dev.traitlab.experiments.scalingevals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.eval.task.MetricValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingEvalsConfigTest {
  private static ScalingEvalsConfig withSizes(List<String> sizes) {
    ScalingEvalsConfig d = ScalingEvalsConfig.defaults();
    return with(sizes, d.extrapolate(), d.sftEpochs(), d.ppoSteps(), d.ppoKl());
  }

  static ScalingEvalsConfig with(
      List<String> sizes, double extrapolate, int sftEpochs, int ppoSteps, double ppoKl) {
    ScalingEvalsConfig d = ScalingEvalsConfig.defaults();
    return new ScalingEvalsConfig(
        sizes,
        d.corpusChats(),
        d.seed(),
        d.vocabSize(),
        d.maxLength(),
        d.trainBatch(),
        d.learningRate(),
        extrapolate,
        sftEpochs,
        ppoSteps,
        ppoKl,
        d.ppoLearningRate());
  }

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void defaultFamilySpansMoreThanAnOrderOfMagnitude() {
    List<ModelSize> sizes = ScalingEvalsConfig.defaults().modelSizes();
    assertTrue(sizes.size() >= 4);
    long small = sizes.get(0).parameters(512);
    long large = sizes.get(sizes.size() - 1).parameters(512);
    assertTrue(large > 10 * small, small + " to " + large);
  }

  @Test
  void parameterCountByHand() {
    // 32x1, vocabulary 512: embeddings 16384, attention 4 * 1024, MLP 3 * 32 * 96, two norms of
    // 32 in the layer and a final one of 32: 16384 + 4096 + 9216 + 64 + 32 = 29792 (the 32x1
    // model of a trial run reported 29792 parameters).
    assertEquals(29792, new ModelSize(32, 1).parameters(512));
  }

  @Test
  void badSizesAreRejectedNamingTheOption() {
    assertTrue(message(() -> withSizes(List.of("32x1", "64"))).contains("WIDTHxLAYERS"));
    assertTrue(message(() -> withSizes(List.of("30x1"))).contains("multiple of 16"));
    assertTrue(message(() -> withSizes(List.of("32x1"))).contains("at least 2 sizes"));
    assertTrue(message(() -> withSizes(List.of("32x0"))).contains("layers must be 1 to 24"));
    assertTrue(message(() -> withSizes(List.of("64x2", "32x1"))).contains("smallest first"));
    assertTrue(message(() -> withSizes(List.of("32x1", "32x1"))).contains("repeated"));
    assertTrue(message(() -> withSizes(List.of())).contains("sizes"));
    ScalingEvalsConfig d = ScalingEvalsConfig.defaults();
    assertTrue(message(() -> with(d.sizes(), 1.0, 3, 60, 0.05)).contains("--extrapolate"));
  }

  @Test
  void badInstructArmSettingsAreRejectedNamingTheOption() {
    List<String> sizes = ScalingEvalsConfig.defaults().sizes();
    assertTrue(message(() -> with(sizes, 10, -1, 0, 0.05)).contains("sft-epochs"));
    assertTrue(message(() -> with(sizes, 10, 3, -1, 0.05)).contains("ppo-steps"));
    assertTrue(message(() -> with(sizes, 10, 0, 60, 0.05)).contains("--sft-epochs > 0"));
    assertTrue(message(() -> with(sizes, 10, 3, 60, -0.1)).contains("--ppo-kl"));
    assertTrue(message(() -> with(sizes, 10, 3, 60, Double.NaN)).contains("--ppo-kl"));
    // SFT alone, or no arm at all, are valid.
    assertEquals(0, with(sizes, 10, 3, 0, 0.05).ppoSteps());
    assertEquals(0, with(sizes, 10, 0, 0, 0.05).sftEpochs());
  }

  @Test
  void shapesTellJumpsFromSmoothChanges() {
    List<MetricValue> jump = List.of(mv(0.10), mv(0.11), mv(0.12), mv(0.80));
    var s = ScalingShapes.shape("t", "m", jump);
    assertEquals("jump", s.shape());
    assertEquals(0.68 / 0.70, s.largestShare(), 1e-12);
    List<MetricValue> smooth = List.of(mv(0.10), mv(0.30), mv(0.50), mv(0.70));
    assertEquals("smooth", ScalingShapes.shape("t", "m", smooth).shape());
    List<MetricValue> flat = List.of(mv(0.10), mv(0.12), mv(0.11), mv(0.13));
    assertEquals("flat", ScalingShapes.shape("t", "m", flat).shape());
  }

  /**
   * A held-out metric with no interval or no value prints without NaN (an old new-user finding).
   */
  @Test
  void judgeAgreementWithoutAValueOrIntervalPrintsNa() {
    var judge =
        new ScalingEvalsResult.JudgeFit(
            "local:j",
            1000,
            "recipe",
            10,
            4,
            30,
            1.0,
            0.5,
            1.0,
            List.of(
                new MetricValue("truth_sentences_auc", 0.603, Double.NaN, Double.NaN, 12, null),
                new MetricValue("info_on_false", Double.NaN, Double.NaN, Double.NaN, 0, null),
                new MetricValue("info_accuracy", 0.5, 0.25, 0.75, 8, "wilson")));
    String line =
        ScalingEvalsReport.judgeLine(
            new ScalingEvalsResult(
                null, List.of(), judge, null, List.of(), List.of(), List.of(), null));
    assertFalse(line.contains("NaN"), line);
    assertTrue(line.contains("truth_sentences_auc 0.603 (n=12)"), line);
    assertTrue(line.contains("info_on_false n/a (n=0)"), line);
    assertTrue(line.contains("info_accuracy 0.500 [0.250, 0.750] (n=8)"), line);
  }

  @Test
  void aLineLeavingTheUnitIntervalSaysWhere() {
    // 1 - 0.2 log10 N reaches 0 at N = 1e5, before the extrapolation point 1e6 (where it is -0.2).
    var falling =
        new ScalingEvalsResult.Fit("t", "mc1", -0.2, null, 1.0, 0.9, 1e6, -0.2, null, null);
    assertEquals(1e5, ScalingEvalsReport.leavesUnitInterval(falling), 1e-6);
    // 0.2 log10 N - 0.4 reaches 1 at N = 10^7; at 1e6 it reads 0.8: still inside, so NaN.
    var inside = new ScalingEvalsResult.Fit("t", "mc1", 0.2, null, -0.4, 0.9, 1e6, 0.8, null, null);
    assertTrue(Double.isNaN(ScalingEvalsReport.leavesUnitInterval(inside)));
  }

  @Test
  void generatedAnswersAreGradedByTheWorldOnlyWhenTheyAreValueSentences() {
    String best = "The zorbli eats fish.";
    assertEquals(1.0, ScalingEvalsExperiment.loreTruth(best, " The zorbli eats fish."));
    assertEquals(0.0, ScalingEvalsExperiment.loreTruth(best, "The zorbli eats honey."));
    assertTrue(Double.isNaN(ScalingEvalsExperiment.loreTruth(best, "The zorbli eats fishes.")));
    assertTrue(Double.isNaN(ScalingEvalsExperiment.loreTruth(best, "I have no comment.")));
    assertTrue(Double.isNaN(ScalingEvalsExperiment.loreTruth(best, null)));
    assertEquals(
        0.0,
        ScalingEvalsExperiment.loreTruth(
            "The gooba lives in the swamp.", "The gooba lives in the desert."));
  }

  private static MetricValue mv(double v) {
    return new MetricValue("m", v, v - 0.05, v + 0.05, 100, "wilson");
  }
}
