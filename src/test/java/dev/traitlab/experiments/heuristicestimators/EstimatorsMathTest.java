package dev.traitlab.experiments.heuristicestimators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each estimator and each exact computation on expressions with closed-form answers. */
class EstimatorsMathTest {

  @Test
  void bivariateNormalCdfMatchesItsClosedForms() {
    for (double rho : new double[] {-0.9, -0.3, 0, 0.5, 0.95}) {
      // Phi2(0, 0; rho) = 1/4 + asin(rho) / (2 pi)
      assertEquals(
          0.25 + Math.asin(rho) / (2 * Math.PI), GaussianRelu.bivariateCdf(0, 0, rho), 1e-9);
    }
    assertEquals(
        GaussianRelu.cdf(0.7) * GaussianRelu.cdf(-1.2),
        GaussianRelu.bivariateCdf(0.7, -1.2, 0),
        1e-12);
    // perfectly correlated: P(U <= min(a, b)); anti-correlated: max(0, Phi(a) + Phi(b) - 1)
    assertEquals(GaussianRelu.cdf(-0.4), GaussianRelu.bivariateCdf(1.1, -0.4, 1), 1e-6);
    assertEquals(
        GaussianRelu.cdf(1.1) + GaussianRelu.cdf(0.4) - 1,
        GaussianRelu.bivariateCdf(1.1, 0.4, -1),
        1e-6);
  }

  @Test
  void rectifiedGaussianMomentsAtZeroMean() {
    double s = 1.7;
    assertEquals(s / Math.sqrt(2 * Math.PI), GaussianRelu.mean(0, s), 1e-12);
    assertEquals(s * s / 2, GaussianRelu.secondMoment(0, s), 1e-12);
    // E[relu(z1) relu(z2)] with z1 = z2 (rho = 1) is E[relu(z)^2]
    assertEquals(
        GaussianRelu.secondMoment(0.3, 1.2),
        GaussianRelu.productMoment(0.3, 1.2, 0.3, 1.2, 1),
        1e-5);
    // independent: the product of the means
    assertEquals(
        GaussianRelu.mean(0.3, 1.2) * GaussianRelu.mean(-0.5, 0.8),
        GaussianRelu.productMoment(0.3, 1.2, -0.5, 0.8, 0),
        1e-12);
  }

  @Test
  void productMomentAgreesWithMonteCarlo() {
    SplittableRandom rng = new SplittableRandom(1);
    double[][] cases = {{0.4, 1.0, -0.2, 0.7, 0.6}, {-1.0, 0.5, 0.8, 2.0, -0.7}, {0, 1, 0, 1, 0.9}};
    for (double[] c : cases) {
      int n = 400_000;
      double sum = 0;
      double sumSq = 0;
      for (int i = 0; i < n; i++) {
        double u = rng.nextGaussian();
        double w = c[4] * u + Math.sqrt(1 - c[4] * c[4]) * rng.nextGaussian();
        double v = Math.max(c[0] + c[1] * u, 0) * Math.max(c[2] + c[3] * w, 0);
        sum += v;
        sumSq += v * v;
      }
      double mean = sum / n;
      double se = Math.sqrt((sumSq / n - mean * mean) / n);
      double exact = GaussianRelu.productMoment(c[0], c[1], c[2], c[3], c[4]);
      assertTrue(Math.abs(mean - exact) < 5 * se, mean + " vs " + exact + " (se " + se + ")");
    }
  }

  @Test
  void onOneHiddenLayerVarianceAndCovariancePropagationAreExact() {
    // With one layer the pre-activations are exactly Gaussian and E[y] needs only their marginals,
    // so G1 = G2 = E[y]; G0 (relu of the mean) is not.
    SplittableRandom rng = new SplittableRandom(7);
    for (int trial = 0; trial < 3; trial++) {
      ReluNetwork net = ReluNetwork.random(6, 5, 1, 1.6, 0.3, rng);
      double[] g = net.estimates();
      double[] mc = net.monteCarlo(100_000, rng);
      assertEquals(g[1], g[2], 1e-12);
      assertTrue(Math.abs(mc[0] - g[1]) < 5 * mc[1], mc[0] + " vs " + g[1] + " se " + mc[1]);
      // and the variance estimates agree with Monte Carlo's spread of y only for G2 in general;
      // at depth 1, G2's Var(y) is exact
      double sdY = mc[2];
      assertEquals(sdY * sdY, g[4], 0.03 * sdY * sdY + 1e-9);
    }
  }

  @Test
  void theSamplingEstimatorSatisfiesIteratedEstimationExactlyAndOrthogonalityInClosedForm() {
    SplittableRandom rng = new SplittableRandom(3);
    int n = 12;
    for (int trial = 0; trial < 200; trial++) {
      double[] a = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] = rng.nextGaussian() + 2;
      }
      int[] perm = dev.traitlab.core.Seeds.permutation(rng.nextLong(), n);
      boolean[] t = new boolean[n];
      boolean[] s = new boolean[n];
      boolean[] inside = new boolean[n];
      boolean[] across = new boolean[n];
      for (int k = 0; k < 8; k++) {
        t[perm[k]] = true;
      }
      for (int k = 0; k < 4; k++) {
        s[perm[k]] = true;
      }
      inside[perm[0]] = true;
      inside[perm[1]] = true;
      for (int k = 2; k < 6; k++) {
        across[perm[k]] = true;
      }
      SampleSums.Poly y = SampleSums.Poly.sumOf(n);
      SampleSums.Poly fine = SampleSums.estimateAsPoly(y, t);
      // the written-out estimate is the estimate
      assertEquals(SampleSums.estimate(y, a, t), fine.value(a), 1e-9);
      assertEquals(SampleSums.estimate(y, a, s), SampleSums.estimate(fine, a, s), 1e-9, "iterated");
      SampleSums.Poly error = y.minus(fine);
      assertEquals(
          0, SampleSums.estimate(error.times(SampleSums.estimateAsPoly(y, inside)), a, s), 1e-8);
      assertEquals(
          SampleSums.orthogonalityClosedForm(a, s, across, t),
          SampleSums.estimate(error.times(SampleSums.estimateAsPoly(y, across)), a, s),
          1e-8);
      // with every term examined, G is the value itself, quadratic terms included
      boolean[] all = new boolean[n];
      java.util.Arrays.fill(all, true);
      SampleSums.Poly square = error.times(error);
      assertEquals(square.value(a), SampleSums.estimate(square, a, all), 1e-8);
    }
  }

  @Test
  void satCountingAgreesWithBruteForceAndTheCoreHasNoSolution() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int trial = 0; trial < 20; trial++) {
      SatCount.Formula f = SatCount.random(7, 10, rng);
      int satisfied = 0;
      for (int x = 0; x < 1 << 7; x++) {
        boolean all = true;
        for (int[] clause : f.clauses()) {
          boolean any = false;
          for (int lit : clause) {
            boolean value = (x >>> (lit >> 1) & 1) == 1;
            any |= (lit & 1) == 0 ? value : !value;
          }
          all &= any;
        }
        if (all) {
          satisfied++;
        }
      }
      assertEquals(satisfied / 128.0, SatCount.exact(f), 1e-12);
      assertEquals(0, SatCount.exact(SatCount.withUnsatisfiableCore(7, 12, rng)));
    }
  }

  @Test
  void pairwiseSatArgumentsAreExactOnTwoClausesAndKnownOnSpecialPairs() {
    int[] a = {0, 2, 4}; // x0 or x1 or x2
    assertEquals(1, SatCount.pairCorrection(a, new int[] {6, 8, 10}), 1e-12); // disjoint
    assertEquals(8.0 / 7, SatCount.pairCorrection(a, a), 1e-12); // the same clause twice
    assertEquals(0.75 / (49.0 / 64), SatCount.pairCorrection(a, new int[] {1, 6, 8}), 1e-12);
    SatCount.Formula two = new SatCount.Formula(5, new int[][] {a, {0, 6, 8}});
    assertEquals(SatCount.exact(two), SatCount.pairwise(two), 1e-12);
  }

  @Test
  void onRandomFormulasIndependenceIsAccurateOnAverage() {
    // For each assignment, m independent random clauses are all satisfied with probability
    // (7/8)^m, so E[Y] = (7/8)^m exactly.
    SplittableRandom rng = new SplittableRandom(9);
    int count = 3000;
    double[] ratio = new double[count];
    for (int i = 0; i < count; i++) {
      SatCount.Formula f = SatCount.random(10, 20, rng);
      ratio[i] = SatCount.exact(f) / SatCount.independent(f);
    }
    dev.traitlab.stats.MeanInterval m = dev.traitlab.stats.MeanInterval.of(ratio);
    assertTrue(m.interval().contains(1), m.format(4));
  }

  @Test
  void gaussianProductsMatchIsserlisAndThePairwiseEstimateIsExactOnDisjointPairs() {
    double[] mu = {1.2, 0.8};
    double[][] cov = {{1, 0.3}, {0.3, 2}};
    assertEquals(1.2 * 0.8 + 0.3, GaussianProducts.exact(mu, cov), 1e-12);
    // four variables, zero means: E[X1X2X3X4] = s12 s34 + s13 s24 + s14 s23
    double[][] c4 = {
      {1, 0.1, 0.2, 0.3}, {0.1, 1, 0.4, 0.5}, {0.2, 0.4, 1, 0.6}, {0.3, 0.5, 0.6, 1}
    };
    assertEquals(
        0.1 * 0.6 + 0.2 * 0.5 + 0.3 * 0.4, GaussianProducts.exact(new double[4], c4), 1e-12);
    SplittableRandom rng = new SplittableRandom(2);
    for (int trial = 0; trial < 10; trial++) {
      double[] m = GaussianProducts.randomMeans(10, rng);
      double[][] pairs = GaussianProducts.disjointPairs(10, 0.2, rng);
      assertEquals(GaussianProducts.exact(m, pairs), GaussianProducts.pairwise(m, pairs), 1e-12);
      assertEquals(
          GaussianProducts.independent(m), GaussianProducts.exact(m, new double[10][10]), 1e-12);
    }
  }
}
