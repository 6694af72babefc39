package dev.traitlab.stats.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OveroptimisationTest {

  @Test
  void bestOfNFormIsRecoveredFromNoisyGoldRewards() {
    int[] ns = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096, 16384, 60000};
    double[] d = Noisy.grid(ns.length, i -> Overoptimisation.bestOfNDistance(ns[i]));
    double[] gold = Noisy.y(d, v -> v * (0.9 - 0.25 * v), 0.01, new SplittableRandom(7));
    CurveFit fit = Overoptimisation.fitBestOfN(d, gold);
    assertEquals(0.9, fit.value("alpha"), 0.02);
    assertEquals(0.25, fit.value("beta"), 0.01);
    assertTrue(fit.interval("alpha").contains(0.9));
    assertTrue(fit.interval("beta").contains(0.25));
    assertTrue(fit.rSquared() > 0.99);
    Overoptimisation.Peak peak = Overoptimisation.bestOfNPeak(fit);
    assertEquals(1.8, peak.distance(), 0.1);
    assertEquals(0.81, peak.reward(), 0.02);
  }

  @Test
  void rlFormIsRecoveredFromNoisyGoldRewards() {
    CurveFit fit = Overoptimisation.fitRl(RL_DISTANCES, noisyRl(new SplittableRandom(8)));
    assertEquals(1.2, fit.value("alpha"), 0.02);
    assertEquals(0.4, fit.value("beta"), 0.01);
    assertTrue(fit.rSquared() > 0.99);
    // exp(1.2 / 0.4 - 1) = e^2 = 7.389, where the reward is beta d = 2.956.
    Overoptimisation.Peak peak = Overoptimisation.rlPeak(fit);
    assertEquals(Math.exp(2), peak.distance(), 0.4);
    assertEquals(0.4 * Math.exp(2), peak.reward(), 0.05);
  }

  @Test
  void theIntervalsOfTheRlFitCoverTheTruthAboutNinetyFivePercentOfTheTime() {
    SplittableRandom random = new SplittableRandom(9);
    int trials = 400;
    int alphaCovered = 0;
    int betaCovered = 0;
    for (int t = 0; t < trials; t++) {
      CurveFit fit = Overoptimisation.fitRl(RL_DISTANCES, noisyRl(random));
      alphaCovered += fit.interval("alpha").contains(1.2) ? 1 : 0;
      betaCovered += fit.interval("beta").contains(0.4) ? 1 : 0;
    }
    // Binomial(400, 0.95) lies in [365, 392] with probability 0.9988.
    assertTrue(alphaCovered >= 365 && alphaCovered <= 392, "alpha covered " + alphaCovered);
    assertTrue(betaCovered >= 365 && betaCovered <= 392, "beta covered " + betaCovered);
  }

  /** d from 0 (where R = 0) to 19.5 in steps of 0.5. */
  private static final double[] RL_DISTANCES = Noisy.grid(40, i -> i * 0.5);

  /** R_RL with alpha 1.2, beta 0.4, plus normal noise of SD 0.02. */
  private static double[] noisyRl(SplittableRandom random) {
    return Noisy.y(
        RL_DISTANCES, d -> Overoptimisation.RL.value(d, new double[] {1.2, 0.4}), 0.02, random);
  }

  @Test
  void exactCurvesHaveRSquaredOne() {
    double[] d = {0.5, 1, 1.5, 2, 2.5, 3};
    double[] bon = new double[d.length];
    double[] rl = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      bon[i] = d[i] * (1 - 0.3 * d[i]);
      rl[i] = d[i] * (1 - 0.3 * Math.log(d[i]));
    }
    CurveFit a = Overoptimisation.fitBestOfN(d, bon);
    assertEquals(1, a.rSquared(), 1e-12);
    assertEquals(0.3, a.value("beta"), 1e-10);
    CurveFit b = Overoptimisation.fitRl(d, rl);
    assertEquals(1, b.rSquared(), 1e-12);
    assertEquals(0.3, b.value("beta"), 1e-10);
  }

  @Test
  void bestOfNDistanceIsTheSquareRootOfTheAnalyticKl() {
    assertEquals(0, Overoptimisation.bestOfNDistance(1), 0);
    // KL = ln 1000 - 999/1000 = 5.908755
    assertEquals(Math.sqrt(5.908755), Overoptimisation.bestOfNDistance(1000), 1e-6);
  }
}
