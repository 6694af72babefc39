package dev.traitlab.stats.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NonlinearFitTest {

  @Test
  void aLineFittedAsACurveHasTheLeastSquaresLinesErrors() {
    double[] x = Noisy.grid(30, i -> i);
    double[] y = Noisy.y(x, v -> -3 + 0.5 * v, 1, new SplittableRandom(5));
    CurveModel line =
        CurveModel.of("c + m * x", List.of("c", "m"), (v, theta) -> theta[0] + theta[1] * v);
    CurveFit curve = NonlinearFit.fit(line, x, y, 0, 0);
    LineFit exact = LineFit.of(x, y);
    assertEquals(exact.slope(), curve.value("m"), 1e-8);
    assertEquals(exact.intercept(), curve.value("c"), 1e-7);
    assertEquals(exact.slopeStandardError(), curve.standardError("m"), 1e-6);
    assertEquals(exact.interceptStandardError(), curve.standardError("c"), 1e-6);
    assertEquals(exact.rSquared(), curve.rSquared(), 1e-10);
    assertEquals(exact.residualSd(), curve.residualSd(), 1e-8);
    assertEquals(exact.slopeInterval().lower(), curve.interval("m").lower(), 1e-6);
  }

  @Test
  void recoversADecayingExponentialWithNumericalGradients() {
    SplittableRandom random = new SplittableRandom(17);
    CurveModel decay =
        CurveModel.of(
            "a * exp(-k x) + c",
            List.of("a", "k", "c"),
            (v, theta) -> theta[0] * Math.exp(-theta[1] * v) + theta[2]);
    double[] x = Noisy.grid(120, i -> i / 10.0);
    double[] y = Noisy.y(x, v -> 2.0 * Math.exp(-0.8 * v) + 0.3, 0.02, random);
    CurveFit fit = NonlinearFit.fit(decay, x, y, 1, 0.1, 0);
    assertEquals(2.0, fit.value("a"), 0.03);
    assertEquals(0.8, fit.value("k"), 0.03);
    assertEquals(0.3, fit.value("c"), 0.01);
    for (CurveFit.Parameter p : fit.parameters()) {
      double truth = Map.of("a", 2.0, "k", 0.8, "c", 0.3).get(p.name());
      assertEquals(truth, p.value(), 4 * p.standardError(), p.name());
    }
    assertEquals(0.02, fit.residualSd(), 0.004);
    assertTrue(fit.rSquared() > 0.99);
  }

  @Test
  void aStartOfTheWrongLengthIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> NonlinearFit.fit(PowerLaw.MODEL, new double[] {1, 2}, new double[] {1, 2}, 1));
  }
}
