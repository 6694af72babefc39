package dev.traitlab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ItakuraSaitoTest {
  @Test
  void handValues() {
    assertEquals(0, ItakuraSaito.loss(1e-6, 1e-6), 1e-15);
    // p/q = 1/2: 0.5 - ln 0.5 - 1 = 0.193147
    assertEquals(0.1931472, ItakuraSaito.loss(1e-6, 2e-6), 1e-7);
    // p/q = 10: 10 - ln 10 - 1 = 6.697415 (underestimates cost more than overestimates)
    assertEquals(6.6974149, ItakuraSaito.loss(1e-5, 1e-6), 1e-6);
    assertEquals(1.4025851, ItakuraSaito.loss(1e-6, 1e-5), 1e-6);
    assertEquals(Double.POSITIVE_INFINITY, ItakuraSaito.loss(1e-6, 0));
    assertEquals(
        (0.1931472 + 6.6974149) / 2,
        ItakuraSaito.meanLoss(new double[] {1e-6, 1e-5}, new double[] {2e-6, 1e-6}),
        1e-6);
  }

  @Test
  void badInputIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> ItakuraSaito.loss(0, 1));
    assertThrows(IllegalArgumentException.class, () -> ItakuraSaito.loss(1, -1));
  }
}
