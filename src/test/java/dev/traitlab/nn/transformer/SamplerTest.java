package dev.traitlab.nn.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {
  private final float[] logits = {1f, 3f, 2f, -1f};

  @Test
  void frequenciesFollowTheTemperedSoftmax() {
    SplittableRandom rng = new SplittableRandom(5);
    int n = 40000;
    int[] counts = new int[4];
    for (int i = 0; i < n; i++) {
      counts[Sampler.sample(logits, 2.0, 1.0, rng)]++;
    }
    double z = 0;
    for (float l : logits) {
      z += Math.exp(l / 2.0);
    }
    for (int i = 0; i < 4; i++) {
      double p = Math.exp(logits[i] / 2.0) / z;
      // Five standard errors of a binomial proportion.
      assertEquals(p, counts[i] / (double) n, 5 * Math.sqrt(p * (1 - p) / n), "token " + i);
    }
  }

  @Test
  void topPKeepsTheSmallestNucleusAndZeroTemperatureIsGreedy() {
    SplittableRandom rng = new SplittableRandom(1);
    // p = softmax(logits) ~ (0.087, 0.644, 0.237, 0.032): top-p 0.8 keeps tokens 1 and 2 only.
    int[] counts = new int[4];
    for (int i = 0; i < 5000; i++) {
      counts[Sampler.sample(logits, 1.0, 0.8, rng)]++;
    }
    assertEquals(0, counts[0] + counts[3]);
    assertEquals(0.644 / (0.644 + 0.237), counts[1] / 5000.0, 0.03);
    assertEquals(1, Sampler.sample(logits, 0.0, 1.0, rng));
    assertEquals(1, Sampler.sample(logits, 1.0, 0.1, rng));
    assertArrayEquals(new int[] {1, 2, 0}, Sampler.topK(logits, 3));
    assertEquals(
        Math.log(Math.exp(1) + Math.exp(3) + Math.exp(2) + Math.exp(-1)),
        Sampler.logSumExp(logits),
        1e-5);
  }

  @Test
  void drawMatchesSampleAndLogSumExpForTheSameRandomState() {
    SplittableRandom gen = new SplittableRandom(7);
    for (int trial = 0; trial < 200; trial++) {
      float[] row = new float[50];
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) (3 * gen.nextGaussian());
      }
      double temperature = trial % 3 == 0 ? 0.7 : 1.0;
      double topP = trial % 5 == 0 ? 0.9 : 1.0;
      long seed = gen.nextLong();
      Sampler.Draw d = Sampler.draw(row, row, temperature, topP, 0, 0, new SplittableRandom(seed));
      int expected = Sampler.sample(row, temperature, topP, new SplittableRandom(seed));
      assertEquals(expected, d.token(), "trial " + trial);
      assertEquals(Sampler.logSumExp(row), d.logSumExp(), 0f, "trial " + trial);
    }
  }

  @Test
  void drawSamplesTheAdjustedRowButReportsTheRowsOwnLogSumExp() {
    float[] row = {0f, 0f, 0f};
    float[] adjusted = {Float.NEGATIVE_INFINITY, 5f, Float.NEGATIVE_INFINITY};
    Sampler.Draw d = Sampler.draw(row, adjusted, 1, 1, 0, 0, new SplittableRandom(1));
    assertEquals(1, d.token());
    assertEquals((float) Math.log(3), d.logSumExp(), 1e-6f);
  }
}
