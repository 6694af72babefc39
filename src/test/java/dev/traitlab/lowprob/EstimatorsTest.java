package dev.traitlab.lowprob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The estimators on a linear toy model whose rare output has a closed-form probability: argmax = 2
 * exactly when all 8 positions hold token 1, each with probability 0.1, so p = 1e-8.
 */
class EstimatorsTest {
  static final int POSITIONS = 8;
  static final double P_ONE = 0.1;
  static final double TRUTH = Math.pow(P_ONE, POSITIONS);

  static InputDistribution dist() {
    List<TokenDistribution> p = new ArrayList<>();
    for (int i = 0; i < POSITIONS; i++) {
      p.add(new TokenDistribution(new int[] {0, 1}, new double[] {1 - P_ONE, P_ONE}));
    }
    return new InputDistribution("ones", p);
  }

  @Test
  void exactEnumerationGivesTheClosedForm() {
    double[] p =
        ExactProbabilities.compute(LinearTokenModel.allOnes(POSITIONS, 1), dist(), 64, null);
    assertEquals(TRUTH, p[2], 1e-20);
    assertEquals(1 - TRUTH, p[0], 1e-12);
    assertEquals(0, p[1]);
  }

  @Test
  void itgisIsExactOnceItsProposalPutsAllMassOnTheAcceptingInput() {
    // The gradient of token 2's logit favours token 1 at every position by `gain`; at a low
    // temperature the proposal is all but a point mass on the one accepting input, whose weight
    // p/q is then p itself: every batch after the first estimates the truth exactly. The first
    // batch draws from p itself (no scores yet) and, at p = 1e-8, sees nothing: 15 of 16 batches.
    double[] est =
        Itgis.estimate(
            LinearTokenModel.allOnes(POSITIONS, 1),
            dist(),
            new int[] {2},
            new Itgis.Settings(0.02, 4096, 256, 0.9),
            7);
    assertEquals(TRUTH * 15 / 16, est[0], TRUTH * 1e-3);
  }

  @Test
  void mhisFindsTheRareOutputAndEstimatesIt() {
    double[] est =
        Mhis.estimate(
            LinearTokenModel.allOnes(POSITIONS, 1),
            dist(),
            new int[] {2},
            new Mhis.Settings(0.5, 1 << 14, 32, 64),
            3);
    // A Markov-chain estimate: within a factor of 2 of 1e-8, where naive sampling sees nothing.
    assertTrue(est[0] > TRUTH / 2 && est[0] < TRUTH * 2, "MHIS estimate " + est[0]);
    double[] naive =
        NaiveSampling.estimate(
            LinearTokenModel.allOnes(POSITIONS, 1), dist(), new int[] {2}, 1 << 14, 1024, 3);
    assertEquals(0, naive[0]);
  }

  @Test
  void naiveSamplingCountsExactlyWhenTheOutputIsCertainOrCommon() {
    InputDistribution always =
        new InputDistribution(
            "always", List.of(TokenDistribution.constant(1), TokenDistribution.constant(1)));
    LinearTokenModel m = LinearTokenModel.allOnes(2, 1);
    assertArrayEquals(
        new double[] {1, 0}, NaiveSampling.estimate(m, always, new int[] {2, 0}, 100, 7, 1));
    // Two positions at Pr[1] = 1/2: p(argmax = 2) = 1/4; 40,000 draws put it within 4 sd.
    InputDistribution half =
        new InputDistribution(
            "half",
            List.of(
                new TokenDistribution(new int[] {0, 1}, new double[] {0.5, 0.5}),
                new TokenDistribution(new int[] {0, 1}, new double[] {0.5, 0.5})));
    double q = NaiveSampling.estimate(m, half, new int[] {2}, 40000, 1000, 5)[0];
    assertEquals(0.25, q, 4 * Math.sqrt(0.25 * 0.75 / 40000));
  }

  @Test
  void importanceWeightsOfATiltedDistributionHaveMeanOne() {
    // E_q[p/q] = 1 for any tilt: exactly over the support, and in a sample within its error.
    double[] p = {0.5, 0.3, 0.15, 0.05};
    double[] score = {-1.0, 0.3, 2.0, 4.0};
    double temp = 0.7;
    double max = Itgis.max(score);
    double[] q = Itgis.tilted(p, score, max, temp);
    double z = 0;
    for (double x : q) {
      z += x;
    }
    double exact = 0;
    for (int u = 0; u < p.length; u++) {
      exact += (q[u] / z) * (p[u] / (q[u] / z));
    }
    assertEquals(1, exact, 1e-12);
    SplittableRandom rng = new SplittableRandom(11);
    int n = 200_000;
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < n; i++) {
      int u = TokenDistribution.drawIndex(q, rng);
      double w = Math.exp(Math.log(z) - (score[u] - max) / temp);
      sum += w;
      sq += w * w;
    }
    double mean = sum / n;
    double se = Math.sqrt((sq / n - mean * mean) / n);
    assertEquals(1, mean, 4 * se);
  }

  @Test
  void estimatesAreDeterministicUnderASeed() {
    LinearTokenModel m = LinearTokenModel.allOnes(POSITIONS, 1);
    Itgis.Settings is = new Itgis.Settings(0.5, 1024, 128, 0.9);
    assertArrayEquals(
        Itgis.estimate(m, dist(), new int[] {2, 0}, is, 9),
        Itgis.estimate(m, dist(), new int[] {2, 0}, is, 9));
    Mhis.Settings ms = new Mhis.Settings(0.5, 2048, 16, 16);
    assertArrayEquals(
        Mhis.estimate(m, dist(), new int[] {2}, ms, 9),
        Mhis.estimate(m, dist(), new int[] {2}, ms, 9));
    ActivationSample a = ActivationSample.draw(m, dist(), 512, 100, 4);
    Qld qld = new Qld(m.unembedding(), a);
    assertEquals(qld.estimate(2, 50, 0.95, 1), qld.estimate(2, 50, 0.95, 1));
  }

  @Test
  void qldIsExactForAGaussianWithAHalfSpaceAcceptanceRegion() {
    // Activations N(0, I) in 2-D; token 1 wins when h0 > 1.5 (logits: t0 = 1.5, t1 = h0): Pr =
    // 1 - Phi(1.5) = 0.0668. QLD's direction is e0 and a, r are independent, so its estimate is
    // the empirical frequency of a > 1.5, within sampling error.
    SplittableRandom rng = new SplittableRandom(2);
    int n = 20000;
    float[][] h = new float[n][];
    int[] argmax = new int[n];
    int above = 0;
    for (int i = 0; i < n; i++) {
      h[i] = new float[] {(float) rng.nextGaussian(), (float) rng.nextGaussian(), 1};
      argmax[i] = h[i][0] > 1.5 ? 1 : 0;
      above += argmax[i];
    }
    float[][] w = {{0, 1}, {0, 0}, {1.5f, 0}};
    double est = new Qld(w, new ActivationSample(h, argmax)).estimate(1, 200, 0.95, 1);
    assertEquals(above / (double) n, est, 0.002);
    assertEquals(0.0668, est, 0.006);
  }

  @Test
  void gldIsTheUpperTailOfTheFittedNormal() {
    // Differences with mean -2 and sample sd 1: Pr[N(-2, 1) > 0] = Phi(-2) = 0.02275.
    assertEquals(0.0227501, Gld.fromDifferences(new double[] {-3, -2, -1}), 1e-6);
  }

  @Test
  void badSettingsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Itgis.Settings(0, 1024, 256, 0.9));
    assertThrows(IllegalArgumentException.class, () -> new Itgis.Settings(1, 1000, 256, 0.9));
    assertThrows(IllegalArgumentException.class, () -> new Mhis.Settings(1, 1024, 32, 40));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TokenDistribution(new int[] {1, 2}, new double[] {0.5, 0.4}));
  }
}
