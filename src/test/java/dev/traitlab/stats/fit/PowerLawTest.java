package dev.traitlab.stats.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PowerLawTest {

  @Test
  void anExactPowerLawIsRecoveredBothWays() {
    double[] x = {1, 2, 4, 8, 16, 32};
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = 3 * Math.pow(x[i], -0.5);
    }
    CurveFit log = PowerLaw.logLog(x, y);
    assertEquals(3, log.value("a"), 1e-12);
    assertEquals(-0.5, log.value("b"), 1e-12);
    assertEquals(1, log.rSquared(), 1e-12);
    CurveFit direct = PowerLaw.fit(x, y);
    assertEquals(3, direct.value("a"), 1e-9);
    assertEquals(-0.5, direct.value("b"), 1e-9);
    assertEquals(1, direct.rSquared(), 1e-12);
  }

  @Test
  void recoversTheExponentOfNoisyScalingDataWithAnIntervalThatCoversIt() {
    SplittableRandom random = new SplittableRandom(99);
    int n = 40;
    double[] x = new double[n];
    double[] multiplicative = new double[n];
    double[] additive = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.pow(10, 3 + 3.0 * i / (n - 1)); // 1e3 .. 1e6, as model sizes
      double truth = 50 * Math.pow(x[i], 0.3);
      multiplicative[i] = truth * Math.exp(0.05 * random.nextGaussian());
      additive[i] = truth + 20 * random.nextGaussian();
    }
    CurveFit log = PowerLaw.logLog(x, multiplicative);
    assertEquals(0.3, log.value("b"), 0.01);
    assertTrue(log.interval("b").contains(0.3), log.interval("b").toString());
    assertEquals(50, log.value("a"), 50 * 0.15);
    assertEquals(0.05, log.residualSd(), 0.015);
    CurveFit direct = PowerLaw.fit(x, additive);
    assertEquals(0.3, direct.value("b"), 3 * direct.standardError("b"));
    assertEquals(0.3, direct.value("b"), 0.01);
    assertEquals(20, direct.residualSd(), 5);
    assertTrue(direct.rSquared() > 0.99);
  }

  @Test
  void logLogNeedsPositiveValues() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PowerLaw.logLog(new double[] {1, 2, 3}, new double[] {1, 0, 2}));
  }
}
