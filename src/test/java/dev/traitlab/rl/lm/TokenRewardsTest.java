package dev.traitlab.rl.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TokenRewardsTest {

  @Test
  void klPenaltyOnEveryTokenAndTheScoreAtTheLast() {
    float[] logp = {-1.0f, -0.5f, -2.0f};
    float[] ref = {-1.5f, -0.5f, -1.0f};
    // log-ratios 0.5, 0, -1; beta 0.1; score 2 at the last token
    assertArrayEquals(
        new double[] {-0.05, 0.0, 0.1 + 2}, TokenRewards.shape(logp, ref, 2, 0.1), 1e-7);
    assertEquals(-0.5, TokenRewards.sequenceKl(logp, ref), 1e-7);
    // beta 0: only the score
    assertArrayEquals(new double[] {0, 0, 2}, TokenRewards.shape(logp, ref, 2, 0), 0);
  }

  @Test
  void mismatchedOrEmptyResponsesAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> TokenRewards.shape(new float[] {1}, new float[] {1, 2}, 0, 0.1));
    assertThrows(
        IllegalArgumentException.class, () -> TokenRewards.sequenceKl(new float[0], new float[0]));
  }

  @Test
  void adaptiveControllerFollowsZieglerEtAl() {
    KlController c = KlController.adaptive(0.1, 6, 10_000);
    // KL 9 against target 6: error 0.5 clipped to 0.2; 64 rollouts over a 10,000 horizon.
    c.update(9, 64);
    assertEquals(0.1 * (1 + 0.2 * 64 / 10_000.0), c.beta(), 1e-15);
    double before = c.beta();
    // KL 5.4: error -0.1.
    c.update(5.4, 64);
    assertEquals(before * (1 - 0.1 * 64 / 10_000.0), c.beta(), 1e-15);
    KlController fixed = KlController.fixed(0.05);
    fixed.update(100, 64);
    assertEquals(0.05, fixed.beta(), 0);
    assertThrows(IllegalArgumentException.class, () -> KlController.fixed(-1));
    assertThrows(IllegalArgumentException.class, () -> KlController.adaptive(0.1, 0, 10));
  }

  @Test
  void explainedVarianceByHand() {
    // residuals 0, 0, 1: variance 2/9 against the returns' 2/3
    assertEquals(
        2.0 / 3,
        PpoStepStats.explainedVariance(new double[] {1, 2, 3}, new double[] {1, 2, 2}),
        1e-12);
    assertEquals(
        1.0, PpoStepStats.explainedVariance(new double[] {1, 2}, new double[] {1, 2}), 1e-12);
  }
}
