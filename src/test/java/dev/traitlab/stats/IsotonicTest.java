package dev.traitlab.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IsotonicTest {
  @Test
  void poolsAdjacentViolators() {
    assertArrayEquals(
        new double[] {1, 2.5, 2.5, 4}, Isotonic.increasing(new double[] {1, 3, 2, 4}));
    assertArrayEquals(new double[] {2, 2, 2}, Isotonic.increasing(new double[] {3, 2, 1}));
    // a dip after a plateau pools back into it: (5 + 5 + 2) / 3 = 4
    assertArrayEquals(
        new double[] {1, 4, 4, 4, 6}, Isotonic.increasing(new double[] {1, 5, 5, 2, 6}));
    double[] sorted = {0, 0.1, 0.1, 0.7};
    assertArrayEquals(sorted, Isotonic.increasing(sorted));
    assertArrayEquals(new double[0], Isotonic.increasing(new double[0]));
  }

  @Test
  void aValueThatIsNotFiniteIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> Isotonic.increasing(new double[] {1, Double.NaN}));
  }
}
