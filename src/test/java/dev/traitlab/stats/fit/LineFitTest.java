package dev.traitlab.stats.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.stats.Interval;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LineFitTest {

  @Test
  void anExactLineHasRSquaredOneAndNoResidual() {
    double[] x = {-2, 0, 1, 3, 7};
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = 1.5 - 0.25 * x[i];
    }
    LineFit fit = LineFit.of(x, y);
    assertEquals(-0.25, fit.slope(), 1e-14);
    assertEquals(1.5, fit.intercept(), 1e-14);
    assertEquals(1.0, fit.rSquared(), 1e-14);
    assertEquals(0.0, fit.residualSd(), 1e-14);
    assertEquals(0.0, fit.slopeStandardError(), 1e-14);
  }

  @Test
  void matchesAHandComputedFit() {
    // mean x 3, mean y 4, Sxx 10, Sxy 6: slope 0.6, intercept 2.2; residuals -0.8 0.6 1 -0.6
    // -0.2, RSS 2.4, TSS 6, R^2 0.6; s^2 = 2.4 / 3 = 0.8, se(slope) = sqrt(0.08),
    // se(intercept) = sqrt(0.8 (1/5 + 9/10)) = sqrt(0.88).
    LineFit fit = LineFit.of(new double[] {1, 2, 3, 4, 5}, new double[] {2, 4, 5, 4, 5});
    assertEquals(0.6, fit.slope(), 1e-12);
    assertEquals(2.2, fit.intercept(), 1e-12);
    assertEquals(0.6, fit.rSquared(), 1e-12);
    assertEquals(Math.sqrt(0.8), fit.residualSd(), 1e-12);
    assertEquals(Math.sqrt(0.08), fit.slopeStandardError(), 1e-12);
    assertEquals(Math.sqrt(0.88), fit.interceptStandardError(), 1e-12);
    assertEquals(5.2, fit.predict(5), 1e-12);
    // t(0.975, 3) = 3.182446
    Interval slope = fit.slopeInterval();
    assertEquals(0.6 - 3.182446 * Math.sqrt(0.08), slope.lower(), 1e-5);
    assertEquals(0.6 + 3.182446 * Math.sqrt(0.08), slope.upper(), 1e-5);
  }

  @Test
  void recoversANoisyLineWithinItsStandardErrors() {
    double[] x = Noisy.grid(200, i -> i / 20.0);
    double[] y = Noisy.y(x, v -> 1.5 + 0.7 * v, 0.1, new SplittableRandom(2024));
    LineFit fit = LineFit.of(x, y);
    assertEquals(0.7, fit.slope(), 3 * fit.slopeStandardError());
    assertEquals(1.5, fit.intercept(), 3 * fit.interceptStandardError());
    assertTrue(fit.slopeInterval().contains(0.7));
    // se(slope) = sigma / sqrt(Sxx), Sxx = n var(x) ~ 200 * 8.33 -> 0.1 / 40.8 = 0.00245
    assertEquals(0.00245, fit.slopeStandardError(), 0.0003);
    assertEquals(0.1, fit.residualSd(), 0.015);
    assertTrue(fit.rSquared() > 0.99);
  }

  @Test
  void twoPointsGiveALineWithoutErrors() {
    LineFit fit = LineFit.of(new double[] {0, 1}, new double[] {1, 3});
    assertEquals(2, fit.slope(), 1e-15);
    assertTrue(Double.isNaN(fit.slopeStandardError()));
    assertFalse(fit.slopeInterval().hasBounds());
  }

  @Test
  void badInputIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LineFit.of(new double[] {1, 1, 1}, new double[] {1, 2, 3}));
    assertThrows(
        IllegalArgumentException.class, () -> LineFit.of(new double[] {1, 2}, new double[] {1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> LineFit.of(new double[] {1, Double.NaN}, new double[] {1, 2}));
  }
}
