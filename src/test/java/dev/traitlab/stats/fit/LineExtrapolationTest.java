package dev.traitlab.stats.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LineExtrapolationTest {

  @Test
  void readsTheLineThroughTheMeansAtTheNewPoint() {
    // Means 0.6, 0.5, 0.4 at x = 4, 5, 6 (two items per point): slope -0.1, at x = 7 the line
    // gives 0.3 exactly; the points lie on it, so the t interval has zero width.
    double[][] scores = {{0.7, 0.5}, {0.4, 0.6}, {0.3, 0.5}};
    LineExtrapolation e = LineExtrapolation.of(new double[] {4, 5, 6}, scores, 7, 1);
    assertEquals(-0.1, e.fit().slope(), 1e-12);
    assertEquals(0.3, e.predicted(), 1e-12);
    assertEquals(0.3, e.lineInterval().lower(), 1e-9);
    assertEquals(0.3, e.lineInterval().upper(), 1e-9);
  }

  @Test
  void handComputedLineIntervalFarFromTheData() {
    // Means 2, 4, 5, 4, 5 at x = 1..5 (LineFitTest's points): slope 0.6, intercept 2.2, s^2 0.8,
    // Sxx 10. At x = 8: 7.0 +- t(3) sqrt(0.8 (1/5 + 25/10)) = 7.0 +- 3.182446 * 1.469694.
    double[][] scores = new double[5][];
    double[] means = {2, 4, 5, 4, 5};
    for (int i = 0; i < 5; i++) {
      scores[i] = new double[] {means[i] - 1, means[i] + 1};
    }
    LineExtrapolation e = LineExtrapolation.of(new double[] {1, 2, 3, 4, 5}, scores, 8, 1);
    assertEquals(7.0, e.predicted(), 1e-12);
    double half = 3.182446305284263 * Math.sqrt(0.8 * (0.2 + 2.5));
    assertEquals(7.0 - half, e.lineInterval().lower(), 1e-9);
    assertEquals(7.0 + half, e.lineInterval().upper(), 1e-9);
  }

  @Test
  void itemBootstrapCoversTheTrueLineOnSyntheticData() {
    // 200 items, each correct with probability 0.7 - 0.1 (x - 4) at x = 4, 5, 6, 7 (a decline of
    // 0.1 a decade); at x = 8 the truth is 0.3. Over 40 synthetic data sets the 95% bootstrap
    // interval should cover it nearly always and the slope interval should exclude 0.
    SplittableRandom rng = new SplittableRandom(7);
    double[] x = {4, 5, 6, 7};
    int covered = 0;
    int negative = 0;
    for (int rep = 0; rep < 40; rep++) {
      double[][] scores = new double[x.length][200];
      for (int i = 0; i < x.length; i++) {
        double p = 0.7 - 0.1 * (x[i] - 4);
        for (int q = 0; q < 200; q++) {
          scores[i][q] = rng.nextDouble() < p ? 1 : 0;
        }
      }
      LineExtrapolation e = LineExtrapolation.of(x, scores, 8, rep);
      if (e.itemInterval().contains(0.3)) {
        covered++;
      }
      if (e.slopeItemInterval().upper() < 0) {
        negative++;
      }
      assertTrue(
          e.itemInterval().lower() <= e.predicted() && e.predicted() <= e.itemInterval().upper());
    }
    assertTrue(covered >= 34, "covered " + covered + " of 40");
    assertTrue(negative >= 38, "slope below 0 in " + negative + " of 40");
  }

  @Test
  void twoPointsGiveNoLineInterval() {
    LineExtrapolation e =
        LineExtrapolation.of(new double[] {1, 2}, new double[][] {{0, 1}, {1, 1}}, 3, 1);
    // Means 0.5 and 1 at x = 1, 2: at x = 3 the line gives 1.5.
    assertEquals(1.5, e.predicted(), 1e-12);
    assertFalse(e.lineInterval().hasBounds());
  }

  @Test
  void rejectsBadInputNamingIt() {
    double[] x = {1, 2, 3};
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> LineExtrapolation.of(x, new double[][] {{1, 0}, {1, 0}}, 4, 1))
            .getMessage()
            .contains("3 points but scores has 2 rows"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> LineExtrapolation.of(x, new double[][] {{1, 0}, {1, 0}, {1}}, 4, 1))
            .getMessage()
            .contains("point 2 has 1 item scores"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> LineExtrapolation.of(x, new double[][] {{1}, {1}, {1}}, 4, 1))
            .getMessage()
            .contains("at least 2 items"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    LineExtrapolation.of(x, new double[][] {{1, 0}, {Double.NaN, 0}, {1, 0}}, 4, 1))
            .getMessage()
            .contains("item 0 at point 1 is NaN"));
    assertThrows(
        IllegalArgumentException.class,
        () -> LineExtrapolation.of(x, new double[][] {{1, 0}, {1, 0}, {1, 0}}, Double.NaN, 1));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            LineExtrapolation.of(
                new double[] {2, 2, 2}, new double[][] {{1, 0}, {1, 0}, {1, 0}}, 4, 1));
  }
}
