package dev.traitlab.stats.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComputeFrontierTest {
  // A learns fast and stops at 2; B starts later and goes on to 3. Both are linear in log10(C).
  private static final ComputeFrontier.Curve A =
      new ComputeFrontier.Curve(new double[] {10, 100, 1000}, new double[] {0, 1, 2});
  private static final ComputeFrontier.Curve B =
      new ComputeFrontier.Curve(new double[] {100, 1000, 10000}, new double[] {0.5, 2, 3});
  private static final ComputeFrontier AB = ComputeFrontier.of(List.of(A, B));

  @Test
  void handCurves() {
    assertEquals(0.5, AB.lowest());
    assertEquals(3, AB.highest());
    // return 1: A at 100, B at 10^(2 + 1/3)
    assertEquals(100, AB.intrinsic(1.0), 1e-9);
    assertEquals(Math.pow(10, 2 + 1.0 / 3), B.computeToReach(1.0), 1e-9);
    // return 1.5: A at 10^2.5, B at 10^(2 + 2/3)
    assertEquals(Math.pow(10, 2.5), AB.intrinsic(1.5), 1e-9);
    assertEquals(0, AB.bestCurve(1.5));
    // return 2.5: only B gets there, at 10^3.5
    assertEquals(Math.pow(10, 3.5), AB.intrinsic(2.5), 1e-9);
    assertEquals(1, AB.bestCurve(2.5));
    assertTrue(Double.isNaN(A.computeToReach(2.5)));
    // outside (lowest, highest] there is no intrinsic performance
    assertTrue(Double.isNaN(AB.intrinsic(0.5)));
    assertTrue(Double.isNaN(AB.intrinsic(3.01)));
    assertFalse(AB.defines(0.4));
    // the compute-optimal curve at a budget: A at 500 (1 + log10 5 against 0.5 + 1.5 log10 5)
    assertEquals(0, AB.bestAtCompute(500));
    assertEquals(1, AB.bestAtCompute(5000));
    assertEquals(0, AB.bestAtCompute(50)); // B has not started
    assertEquals(-1, AB.bestAtCompute(5));
  }

  @Test
  void returnsThatASmallerModelTrainedLongerMightReachMoreCheaplyAreNotSettled() {
    // fast stops at 2.2 still gaining 1.1 per decade over its last two intervals
    ComputeFrontier.Curve fast =
        new ComputeFrontier.Curve(new double[] {10, 100, 1000}, new double[] {0, 1, 2.2});
    ComputeFrontier.Curve slow =
        new ComputeFrontier.Curve(new double[] {100, 1000, 10000}, new double[] {0.5, 2, 3});
    ComputeFrontier f = ComputeFrontier.of(List.of(fast, slow));
    assertEquals(Math.pow(10, 3 + 0.3 / 1.1), fast.optimisticComputeToReach(2.5), 1e-6);
    assertTrue(f.settled(2.1)); // fast itself reaches it
    // slow reaches 2.3 at 10^3.3; fast, going on at its pace, would at 10^(3 + 0.1/1.1)
    assertFalse(f.settled(2.3));
    assertFalse(f.settled(2.9));
    assertFalse(f.settled(0.4)); // below the frontier
    // grid (0.5, 3] in steps of 0.1: 2.2 is the last settled return
    assertEquals(2.2, f.settledUpTo(25), 1e-9);
    // a curve whose last intervals gained nothing has stopped and casts no doubt
    ComputeFrontier.Curve stopped =
        new ComputeFrontier.Curve(
            new double[] {10, 100, 1000, 10000}, new double[] {0, 2.2, 2.2, 2.2});
    ComputeFrontier g = ComputeFrontier.of(List.of(stopped, slow));
    assertTrue(g.settled(2.9));
    assertEquals(3, g.settledUpTo(25), 0);
  }

  @Test
  void curvesThatAreNotMonotoneAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ComputeFrontier.Curve(new double[] {1, 2, 3}, new double[] {0, 2, 1}));
    assertTrue(e.getMessage().contains("monotone"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new ComputeFrontier.Curve(new double[] {1, 1}, new double[] {0, 1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ComputeFrontier.Curve(new double[] {0, 1}, new double[] {0, 1}));
    assertThrows(IllegalArgumentException.class, () -> ComputeFrontier.of(List.of()));
  }

  /**
   * Curves made from a scaling law whose constants satisfy the definition (N_c E_c = 4/27 with C =
   * N E, alpha_N = 1/2, alpha_E = 1), returns any monotone function of it: the frontier of dense
   * sizes gives back the law's intrinsic performance at every point, and fitting the law to it
   * gives back the exponents.
   */
  @Test
  void theFrontierOfCurvesFromAnIntrinsicLawReturnsTheLaw() {
    double alphaN = 0.5;
    double alphaE = 1.0;
    double lnNc = 0;
    double lnEc = Math.log(4.0 / 27);
    List<double[]> sizesAndE = new ArrayList<>();
    List<ComputeFrontier.Curve> curves = new ArrayList<>();
    double[] sizes = new double[61];
    for (int j = 0; j < sizes.length; j++) {
      sizes[j] = Math.pow(10, 2 + j / 20.0);
      double[] c = new double[160];
      double[] r = new double[160];
      for (int k = 0; k < c.length; k++) {
        double e = 0.5 * Math.pow(10, k / 40.0);
        c[k] = sizes[j] * e;
        // the return is a monotone transform of I: here 1 - I^(-0.2)
        r[k] =
            1 - Math.exp(-0.2 * ScalingLaw.logIntrinsic(sizes[j], e, alphaN, alphaE, lnNc, lnEc));
      }
      curves.add(new ComputeFrontier.Curve(c, r));
    }
    ComputeFrontier frontier = ComputeFrontier.of(curves);
    List<Double> n = new ArrayList<>();
    List<Double> e = new ArrayList<>();
    List<Double> intrinsic = new ArrayList<>();
    int checked = 0;
    for (int j = 10; j <= 50; j += 4) {
      for (int k = 0; k < 160; k += 8) {
        double energy = 0.5 * Math.pow(10, k / 40.0);
        double lnTrue = ScalingLaw.logIntrinsic(sizes[j], energy, alphaN, alphaE, lnNc, lnEc);
        double r = 1 - Math.exp(-0.2 * lnTrue);
        // the size that is optimal for this level must lie well inside the sizes: N_opt = 2.25
        // I^(2/3) for these constants
        double nOpt = 2.25 * Math.exp(2.0 / 3 * lnTrue);
        if (!frontier.defines(r) || nOpt < 1e2 * 1.5 || nOpt > 1e5 / 1.5) {
          continue;
        }
        double lnFrontier = Math.log(frontier.intrinsic(r));
        assertTrue(
            lnFrontier - lnTrue > -1e-6 && lnFrontier - lnTrue < 0.02,
            "N " + sizes[j] + " E " + energy + ": ln I " + lnFrontier + " vs the law's " + lnTrue);
        n.add(sizes[j]);
        e.add(energy);
        intrinsic.add(Math.exp(lnFrontier));
        checked++;
      }
    }
    assertTrue(checked > 60, checked + " points checked");
    CurveFit fit =
        ScalingLaw.fit(
            n.stream().mapToDouble(Double::doubleValue).toArray(),
            e.stream().mapToDouble(Double::doubleValue).toArray(),
            intrinsic.stream().mapToDouble(Double::doubleValue).toArray());
    assertEquals(alphaN, fit.value("alpha_N"), 0.03);
    assertEquals(alphaE, fit.value("alpha_E"), 0.05);
    assertEquals(
        2.0 / 3,
        ScalingLaw.computeOptimalSizeExponent(fit.value("alpha_N"), fit.value("alpha_E")),
        0.02);
  }
}
