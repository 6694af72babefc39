package dev.traitlab.stats.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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
    double[] x = Noisy.grid(40, i -> Math.pow(10, 3 + 3.0 * i / 39)); // 1e3 .. 1e6, as model sizes
    // 50 x^0.3 with a relative error of SD 0.05, then with an absolute error of SD 20.
    double[] multiplicative =
        Arrays.stream(Noisy.y(x, v -> Math.log(50 * Math.pow(v, 0.3)), 0.05, random))
            .map(Math::exp)
            .toArray();
    double[] additive = Noisy.y(x, v -> 50 * Math.pow(v, 0.3), 20, random);
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
