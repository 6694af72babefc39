package dev.traitlab.stats.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScalingLawTest {
  private static final double ALPHA_N = 0.6;
  private static final double ALPHA_E = 0.9;
  private static final double LN_NC = Math.log(3e3);
  private static final double LN_EC = Math.log(1e5);

  @Test
  void betaAndTheOptimalSizeExponentFollowFromTheDefinition() {
    assertEquals(0.36, ScalingLaw.beta(ALPHA_N, ALPHA_E), 1e-12);
    assertEquals(0.6, ScalingLaw.computeOptimalSizeExponent(ALPHA_N, ALPHA_E), 1e-12);
    // Along a level set of the law, the least N E grows exactly as I (so compute can define I),
    // and the N that attains it as I^(alpha_E / (alpha_N + alpha_E)).
    double[] least = new double[2];
    double[] argLeast = new double[2];
    double[] levels = {Math.log(1e6), Math.log(1e9)};
    for (int l = 0; l < 2; l++) {
      least[l] = Double.POSITIVE_INFINITY;
      for (double lnN = 0; lnN < 30; lnN += 0.0005) {
        double lnE = energyOnLevel(lnN, levels[l]);
        if (!Double.isNaN(lnE) && lnN + lnE < least[l]) {
          least[l] = lnN + lnE;
          argLeast[l] = lnN;
        }
      }
    }
    assertEquals(levels[1] - levels[0], least[1] - least[0], 1e-4);
    assertEquals(
        0.6 * (levels[1] - levels[0]), argLeast[1] - argLeast[0], 0.005 * (levels[1] - levels[0]));
  }

  /** ln E where the law reaches ln I = level at ln N; NaN where size alone falls short. */
  private static double energyOnLevel(double lnN, double level) {
    double beta = ScalingLaw.beta(ALPHA_N, ALPHA_E);
    double rest = Math.exp(-beta * level) - Math.exp(ALPHA_N * (LN_NC - lnN));
    return rest <= 0 ? Double.NaN : LN_EC - Math.log(rest) / ALPHA_E;
  }

  @Test
  void recoversKnownExponentsFromNoisyData() {
    SplittableRandom random = new SplittableRandom(21);
    int sizes = 7;
    int steps = 20;
    double[] n = new double[sizes * steps];
    double[] e = new double[sizes * steps];
    double[] intrinsic = new double[sizes * steps];
    for (int i = 0; i < sizes; i++) {
      for (int k = 0; k < steps; k++) {
        int p = i * steps + k;
        n[p] = Math.pow(10, 3 + 2.0 * i / (sizes - 1));
        e[p] = Math.pow(10, 3 + 5.0 * k / (steps - 1));
        double lnI = ScalingLaw.logIntrinsic(n[p], e[p], ALPHA_N, ALPHA_E, LN_NC, LN_EC);
        intrinsic[p] = Math.exp(lnI + 0.05 * random.nextGaussian());
      }
    }
    CurveFit fit = ScalingLaw.fit(n, e, intrinsic);
    assertEquals(ALPHA_N, fit.value("alpha_N"), 0.05);
    assertEquals(ALPHA_E, fit.value("alpha_E"), 0.05);
    assertTrue(fit.interval("alpha_N").contains(ALPHA_N), fit.toString());
    assertTrue(fit.interval("alpha_E").contains(ALPHA_E), fit.toString());
    assertEquals(LN_NC, fit.value("ln N_c"), 0.3);
    assertEquals(LN_EC, fit.value("ln E_c"), 0.3);
    assertTrue(fit.rSquared() > 0.99, fit.toString());
    // refitting from the estimate (as a bootstrap replicate does) lands on the same optimum
    CurveFit again = ScalingLaw.fitFrom(n, e, intrinsic, fit.values());
    assertEquals(fit.value("alpha_N"), again.value("alpha_N"), 1e-6);
  }

  /** Points of the law on a grid of 7 sizes x 20 interaction counts, ln I with noise sd 0.05. */
  private static double[][] grid(
      double alphaN, double alphaE, double lnNc, double lnEc, SplittableRandom random) {
    int sizes = 7;
    int steps = 20;
    double[][] out = new double[3][sizes * steps];
    for (int i = 0; i < sizes; i++) {
      for (int k = 0; k < steps; k++) {
        int p = i * steps + k;
        out[0][p] = Math.pow(10, 3 + 2.0 * i / (sizes - 1));
        out[1][p] = Math.pow(10, 3 + 5.0 * k / (steps - 1));
        double lnI = ScalingLaw.logIntrinsic(out[0][p], out[1][p], alphaN, alphaE, lnNc, lnEc);
        out[2][p] = Math.exp(lnI + 0.05 * random.nextGaussian());
      }
    }
    return out;
  }

  @Test
  void theSharedFitRecoversCommonExponentsAndEachGroupsCoefficients() {
    SplittableRandom random = new SplittableRandom(7);
    // three horizons: E_c 1, 3 and 10 times the first, N_c unchanged
    double[] ecFactor = {1, 3, 10};
    java.util.List<double[]> n = new java.util.ArrayList<>();
    java.util.List<double[]> e = new java.util.ArrayList<>();
    java.util.List<double[]> i = new java.util.ArrayList<>();
    double separateRss = 0;
    for (double f : ecFactor) {
      double[][] g = grid(ALPHA_N, ALPHA_E, LN_NC, LN_EC + Math.log(f), random);
      n.add(g[0]);
      e.add(g[1]);
      i.add(g[2]);
      CurveFit alone = ScalingLaw.fit(g[0], g[1], g[2]);
      separateRss += Math.pow(alone.residualSd(), 2) * (alone.n() - 4);
    }
    CurveFit shared = ScalingLaw.fitShared(n, e, i, null);
    assertEquals(2 + 2 * 3, shared.parameters().size());
    assertEquals(ALPHA_N, shared.value("alpha_N"), 0.03);
    assertEquals(ALPHA_E, shared.value("alpha_E"), 0.03);
    assertTrue(shared.interval("alpha_E").contains(ALPHA_E), shared.toString());
    for (int g = 0; g < 3; g++) {
      assertEquals(LN_NC, shared.value("ln N_c[" + g + "]"), 0.2);
      // the unit-free ratio E_c(g) / E_c(0)
      assertEquals(
          Math.log(ecFactor[g]),
          shared.value("ln E_c[" + g + "]") - shared.value("ln E_c[0]"),
          0.1);
    }
    // nested in the separate fits: at least their RSS, and here hardly more (the restriction holds)
    double sharedRss = Math.pow(shared.residualSd(), 2) * (shared.n() - 8);
    assertTrue(sharedRss >= separateRss - 1e-9, sharedRss + " < " + separateRss);
    assertTrue(sharedRss < 1.1 * separateRss, sharedRss + " vs " + separateRss);
    CurveFit again = ScalingLaw.fitSharedFrom(n, e, i, shared.values());
    assertEquals(shared.value("alpha_E"), again.value("alpha_E"), 1e-6);
  }

  @Test
  void whenTheExponentsDifferTheSharedFitCostsMuchMoreThanSeparateFits() {
    SplittableRandom random = new SplittableRandom(8);
    double[][] a = grid(ALPHA_N, ALPHA_E, LN_NC, LN_EC, random);
    double[][] b = grid(ALPHA_N, 0.45, LN_NC, LN_EC, random);
    CurveFit shared =
        ScalingLaw.fitShared(
            java.util.List.of(a[0], b[0]),
            java.util.List.of(a[1], b[1]),
            java.util.List.of(a[2], b[2]),
            null);
    double sharedRss = Math.pow(shared.residualSd(), 2) * (shared.n() - 6);
    double separateRss = 0;
    for (double[][] g : new double[][][] {a, b}) {
      CurveFit alone = ScalingLaw.fit(g[0], g[1], g[2]);
      separateRss += Math.pow(alone.residualSd(), 2) * (alone.n() - 4);
      assertEquals(g == a ? ALPHA_E : 0.45, alone.value("alpha_E"), 0.05);
    }
    assertTrue(sharedRss > 3 * separateRss, sharedRss + " vs " + separateRss);
  }

  @Test
  void badPointsAreRefused() {
    double[] five = {1, 2, 3, 4, 5};
    assertThrows(
        IllegalArgumentException.class,
        () -> ScalingLaw.fit(five, five, new double[] {1, 2, 3, 4, 0}));
    assertThrows(
        IllegalArgumentException.class,
        () -> ScalingLaw.fit(new double[] {1, 2}, new double[] {1, 2}, new double[] {1, 2}));
  }

  @Test
  void theAnalyticGradientMatchesCentralDifferences() {
    double[] theta = {0.7, 1.3, 4.0, 9.0};
    for (double[] x : new double[][] {{50, 3e3}, {1e4, 1e6}, {2e3, 10}}) {
      double[] analytic = ScalingLaw.MODEL.gradient(x, theta);
      double[] numeric = Curves.centralDifferences(t -> ScalingLaw.MODEL.value(x, t), theta);
      for (int j = 0; j < theta.length; j++) {
        assertEquals(numeric[j], analytic[j], 1e-6 * Math.max(1, Math.abs(numeric[j])));
      }
    }
  }
}
