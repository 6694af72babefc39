package dev.traitlab.experiments.overoptimisation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OveroptimisationVerdictTest {
  private static final int[] NS = {1, 2, 4, 8, 16, 32};

  private static double[] distances() {
    double[] d = new double[NS.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.sqrt(Math.log(NS[i]) - (NS[i] - 1.0) / NS[i]);
    }
    return d;
  }

  private static double[] rBon(double alpha, double beta) {
    double[] d = distances();
    double[] r = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      r[i] = d[i] * (alpha - beta * d[i]);
    }
    return r;
  }

  @Test
  void aPeakedGoldUnderARisingProxyIsOveroptimisation() {
    double[] proxy = rBon(1.0, 0.0); // rises with d, so with n
    // alpha/(2 beta) = 0.8: the peak falls between the grid's d values, inside the range
    double[] gold = rBon(0.8, 0.5);
    OveroptimisationVerdict v = OveroptimisationVerdict.of(NS, distances(), proxy, gold);
    assertTrue(v.proxyMonotone());
    assertTrue(v.overoptimised());
    // d at n = 4 is sqrt(ln 4 - 0.75) = 0.798, the grid point nearest 0.8
    assertEquals(4, v.peakN());
    assertEquals(0.798, v.peakDistance(), 1e-3);
    assertEquals(gold[2] - gold[5], v.drop(), 1e-12);
    assertTrue(v.drop() > 0);
    String s = v.sentence("Width 4, 500 comparisons");
    assertTrue(s.startsWith("Width 4, 500 comparisons: overoptimisation seen"), s);
    assertTrue(s.contains("n = 4 (d* = 0.80"), s);
    assertTrue(s.contains("by n = 32"), s);
  }

  @Test
  void aMonotoneGoldIsNotOveroptimisation() {
    OveroptimisationVerdict v =
        OveroptimisationVerdict.of(NS, distances(), rBon(1.0, 0.0), rBon(0.8, 0.0));
    assertTrue(v.proxyMonotone());
    assertFalse(v.overoptimised());
    assertEquals(32, v.peakN());
    assertEquals(0.0, v.drop(), 0.0);
    assertTrue(
        v.sentence("Width 0, 40 comparisons").contains("no overoptimisation within the measured"),
        v.sentence("x"));
  }

  @Test
  void aGoldThatNeverGainsOrAFallingProxyIsNotOveroptimisation() {
    double[] d = distances();
    double[] proxy = rBon(1.0, 0.0);
    double[] falling = rBon(-0.5, 0.0);
    OveroptimisationVerdict never = OveroptimisationVerdict.of(NS, d, proxy, falling);
    assertFalse(never.overoptimised());
    assertEquals(1, never.peakN());
    assertTrue(never.sentence("p").contains("never gains"), never.sentence("p"));

    double[] bumpyProxy = proxy.clone();
    bumpyProxy[3] = bumpyProxy[2] - 0.1;
    OveroptimisationVerdict bumpy = OveroptimisationVerdict.of(NS, d, bumpyProxy, rBon(0.8, 0.5));
    assertFalse(bumpy.proxyMonotone());
    assertFalse(bumpy.overoptimised());
    assertTrue(bumpy.sentence("p").contains("not a clean"), bumpy.sentence("p"));
  }

  @Test
  void curvesOfDifferentLengthsAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> OveroptimisationVerdict.of(NS, distances(), new double[3], new double[NS.length]));
  }
}
