package dev.traitlab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WilsonTest {

  @Test
  void wilsonMatchesHandComputedValues() {
    Interval ci = Wilson.interval(5, 10);
    assertEquals(0.2365931, ci.lower(), 1e-6);
    assertEquals(0.7634069, ci.upper(), 1e-6);
    Interval zero = Wilson.interval(0, 20);
    assertEquals(0.0, zero.lower(), 1e-12);
    assertEquals(0.1611252, zero.upper(), 1e-6);
  }

  @Test
  void ninetyPercentIntervalByHand() {
    // z = 1.6448536, z^2 = 2.7055435; p = 0.8, n = 50:
    // centre = (0.8 + z^2/100) / (1 + z^2/50) = 0.827055 / 1.054111 = 0.784600,
    // half = z sqrt(0.16/50 + z^2/10000) / (1 + z^2/50) = 0.091926.
    Interval ci = Wilson.interval(40, 50, 0.90);
    assertEquals(0.784600 - 0.091926, ci.lower(), 2e-6);
    assertEquals(0.784600 + 0.091926, ci.upper(), 2e-6);
  }

  @Test
  void theNormalQuantileAtNinetyFivePercentIsTheUsualOne() {
    assertEquals(1.959963984540054, Wilson.normalQuantile(0.95), 0);
  }

  @Test
  void noTrialsGiveNoIntervalAndImpossibleCountsAreRejected() {
    assertFalse(Wilson.interval(0, 0).hasBounds());
    assertThrows(IllegalArgumentException.class, () -> Wilson.interval(3, 2));
    assertThrows(IllegalArgumentException.class, () -> Wilson.interval(1, 2, 1.0));
  }
}
