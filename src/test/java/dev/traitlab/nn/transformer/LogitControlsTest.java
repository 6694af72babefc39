package dev.traitlab.nn.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each control on a hand-computed row of logits (1, 3, 2, -1). */
class LogitControlsTest {
  private final float[] logits = {1f, 3f, 2f, -1f};

  private static LogitControls controls(
      Map<Integer, Double> bias, double presence, double frequency, double repetition) {
    return new LogitControls(bias, presence, frequency, repetition, 0, 0);
  }

  @Test
  void logitBiasIsAddedToTheNamedTokens() {
    float[] out = controls(Map.of(0, 5.0, 1, -100.0), 0, 0, 1).adjust(logits, null, null);
    assertArrayEquals(new float[] {6f, -97f, 2f, -1f}, out);
    assertEquals(0, Sampler.argmax(out));
    assertArrayEquals(new float[] {1f, 3f, 2f, -1f}, logits, "the input row is left alone");
    assertThrows(
        IllegalArgumentException.class,
        () -> controls(Map.of(4, 1.0), 0, 0, 1).adjust(logits, null, null));
  }

  @Test
  void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOfSeenTokens() {
    boolean[] seen = {false, true, false, true};
    float[] out = controls(Map.of(), 0, 0, 2).adjust(logits, seen, new int[4]);
    // 3 / 2 = 1.5 and -1 * 2 = -2; unseen tokens keep theirs.
    assertArrayEquals(new float[] {1f, 1.5f, 2f, -2f}, out);
  }

  @Test
  void presenceAndFrequencyPenaltiesCountGeneratedTokens() {
    int[] generated = {0, 1, 3, 0};
    float[] out = controls(Map.of(), 0.5, 0.25, 1).adjust(logits, new boolean[4], generated);
    // token 1: 3 - 0.5 - 0.25 * 1 = 2.25; token 2: 2 - 0.5 - 0.25 * 3 = 0.75.
    assertArrayEquals(new float[] {1f, 2.25f, 0.75f, -1f}, out);
  }

  @Test
  void topKKeepsTheLargestAndTopPIsTakenWithinThem() {
    // softmax over tokens (1, 2): e^3 / (e^3 + e^2) = 0.7311.
    int[] counts = draw(1.0, 1.0, 2, 0);
    assertEquals(0, counts[0] + counts[3]);
    assertEquals(Math.exp(3) / (Math.exp(3) + Math.exp(2)), counts[1] / 20000.0, 0.015);
    // top-p 0.9 over the top 3 (e^3, e^2, e^1 = 20.09, 7.39, 2.72 of 30.19): 27.48 >= 27.17 after
    // two tokens, so token 0 is never drawn; over all four (30.56, 0.9 of it 27.50) it is.
    assertEquals(0, draw(1.0, 0.9, 3, 0)[0]);
    assertEquals(true, draw(1.0, 0.9, 0, 0)[0] > 0);
  }

  @Test
  void minPKeepsTokensWithinAFactorOfTheMostLikely() {
    // Relative to the most likely token: e^-2 = 0.135, 1, e^-1 = 0.368, e^-4 = 0.018.
    int[] counts = draw(1.0, 1.0, 0, 0.3);
    assertEquals(0, counts[0] + counts[3]);
    assertEquals(Math.exp(3) / (Math.exp(3) + Math.exp(2)), counts[1] / 20000.0, 0.015);
    int[] only = draw(1.0, 1.0, 0, 0.4);
    assertEquals(20000, only[1]);
    // At temperature 2 the ratios are square roots: e^-1 = 0.368 for token 0, which 0.3 keeps.
    assertEquals(true, draw(2.0, 1.0, 0, 0.3)[0] > 0);
  }

  @Test
  void withoutTopKAndMinPTheDrawsAreThoseOfTheTopPSampler() {
    SplittableRandom a = new SplittableRandom(9);
    SplittableRandom b = new SplittableRandom(9);
    for (int i = 0; i < 200; i++) {
      assertEquals(Sampler.sample(logits, 0.7, 0.8, a), Sampler.sample(logits, 0.7, 0.8, 0, 0, b));
    }
  }

  @Test
  void badSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new LogitControls(Map.of(), 0, 0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new LogitControls(Map.of(), 0, 0, 1, -1, 0));
    assertThrows(
        IllegalArgumentException.class, () -> new LogitControls(Map.of(), 0, 0, 1, 0, 1.5));
  }

  private int[] draw(double temperature, double topP, int topK, double minP) {
    SplittableRandom rng = new SplittableRandom(3);
    int[] counts = new int[4];
    for (int i = 0; i < 20000; i++) {
      counts[Sampler.sample(logits, temperature, topP, topK, minP, rng)]++;
    }
    return counts;
  }
}
