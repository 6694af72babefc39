package dev.traitlab.rl.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RankingLossTest {

  @Test
  void threeWayRankingByHand() {
    // Answer 0 is best, then 2, then 1: pairs (0, 1), (0, 2), (2, 1).
    double[] r = {1, 0, 2};
    double[] quality = {3, 1, 2};
    double expected =
        (Math.log1p(Math.exp(-1)) + Math.log1p(Math.exp(1)) + Math.log1p(Math.exp(-2))) / 3;
    assertEquals(expected, RankingLoss.loss(r, quality), 1e-12);
    assertEquals(0.5844838, RankingLoss.loss(r, quality), 1e-7);
    double s01 = 1 / (1 + Math.exp(1)) / 3;
    double s02 = 1 / (1 + Math.exp(-1)) / 3;
    double s21 = 1 / (1 + Math.exp(2)) / 3;
    assertArrayEquals(
        new double[] {-s01 - s02, s01 + s21, s02 - s21}, RankingLoss.gradient(r, quality), 1e-12);
    // sigmoid(-1) + sigmoid(1) = 1: the best answer's gradient is exactly -1/3
    assertEquals(-1.0 / 3, RankingLoss.gradient(r, quality)[0], 1e-12);
  }

  @Test
  void tiesGiveNoPairButKeepTheNormaliser() {
    double[] r = {0.5, -0.5, 0};
    double[] quality = {1, 1, 0};
    double expected = (Math.log1p(Math.exp(-0.5)) + Math.log1p(Math.exp(0.5))) / 3;
    assertEquals(expected, RankingLoss.loss(r, quality), 1e-12);
    assertEquals(0, RankingLoss.loss(r, new double[] {2, 2, 2}), 0);
  }

  @Test
  void twoAnswersAreBradleyTerry() {
    assertEquals(
        BradleyTerry.loss(new double[] {0.3}, new double[] {1.1}),
        RankingLoss.loss(new double[] {1.1, 0.3}, new double[] {0, 1}),
        1e-12);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    SplittableRandom rng = new SplittableRandom(4);
    double[] r = new double[5];
    double[] q = {2, 0, 3, 0, 1};
    for (int i = 0; i < r.length; i++) {
      r[i] = rng.nextGaussian();
    }
    double[] g = RankingLoss.gradient(r, q);
    for (int i = 0; i < r.length; i++) {
      double[] up = r.clone();
      double[] down = r.clone();
      up[i] += 1e-6;
      down[i] -= 1e-6;
      double numeric = (RankingLoss.loss(up, q) - RankingLoss.loss(down, q)) / 2e-6;
      assertEquals(numeric, g[i], 1e-8);
    }
  }

  @Test
  void tensorFormAgreesWithTheScalarForm() {
    SplittableRandom rng = new SplittableRandom(9);
    int groups = 3;
    int k = 4;
    float[] rewards = new float[groups * k];
    float[] better = new float[groups * k * k];
    double expected = 0;
    for (int g = 0; g < groups; g++) {
      double[] r = new double[k];
      double[] q = new double[k];
      for (int i = 0; i < k; i++) {
        r[i] = rng.nextGaussian();
        rewards[g * k + i] = (float) r[i];
        q[i] = rng.nextInt(3);
      }
      float[][] b = RankingLoss.better(q);
      for (int i = 0; i < k; i++) {
        System.arraycopy(b[i], 0, better, (g * k + i) * k, k);
      }
      double[] rf = new double[k];
      for (int i = 0; i < k; i++) {
        rf[i] = rewards[g * k + i];
      }
      expected += RankingLoss.loss(rf, q) / groups;
    }
    try (NDManager m = NDManager.newBaseManager()) {
      float got =
          RankingLoss.loss(
                  m.create(rewards, new Shape(groups, k)),
                  m.create(better, new Shape(groups, k, k)))
              .getFloat();
      assertEquals(expected, got, 1e-6);
    }
  }

  @Test
  void badRankingsAreRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> RankingLoss.loss(new double[] {1}, new double[] {1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> RankingLoss.loss(new double[] {1, 2}, new double[] {1, 2, 3}));
  }

  @Test
  void rankedRewardModelLearnsALinearRankingAndRecentres() {
    SplittableRandom rng = new SplittableRandom(1);
    int f = 6;
    double[] w = {1, -2, 0.5, 0, 3, -1};
    int k = 4;
    int groups = 400;
    float[][] rows = new float[groups * k][f];
    double[] quality = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < f; j++) {
        rows[i][j] = (float) (5 + 2 * rng.nextGaussian());
        quality[i] += w[j] * rows[i][j];
      }
    }
    float[][] test = new float[200][f];
    double[] truth = new double[test.length];
    for (int i = 0; i < test.length; i++) {
      for (int j = 0; j < f; j++) {
        test[i][j] = (float) (5 + 2 * rng.nextGaussian());
        truth[i] += w[j] * test[i][j];
      }
    }
    try (RankedRewardModel rm =
        RankedRewardModel.train(rows, k, quality, new RewardHeads.Settings(0, 3, 16, 1e-2), 7)) {
      double[] s = rm.score(test);
      int right = 0;
      int pairs = 0;
      for (int i = 0; i < test.length; i += 2) {
        pairs++;
        right += (s[i] > s[i + 1]) == (truth[i] > truth[i + 1]) ? 1 : 0;
      }
      assertTrue(right > 0.9 * pairs, right + " of " + pairs);
      rm.recentre(test);
      assertEquals(0, java.util.Arrays.stream(rm.score(test)).average().orElseThrow(), 1e-6);
    }
    assertThrows(
        IllegalArgumentException.class,
        () ->
            RankedRewardModel.train(rows, 3, quality, new RewardHeads.Settings(0, 1, 16, 1e-2), 7));
  }
}
