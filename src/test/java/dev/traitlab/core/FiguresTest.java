package dev.traitlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FiguresTest {
  @Test
  void aValueThatIsNotAvailablePrintsAsNa() {
    assertEquals("n/a", Figures.of(Double.NaN, 3));
    assertEquals("n/a", Figures.withInterval(Double.NaN, 0.1, 0.2, 2));
    assertEquals("n/a", Figures.withInterval(Double.NaN, Double.NaN, Double.NaN, 2));
  }

  @Test
  void aMissingIntervalIsLeftOut() {
    assertEquals("0.603", Figures.withInterval(0.603, Double.NaN, Double.NaN, 3));
    assertEquals("0.50", Figures.withInterval(0.5, 0.25, Double.NaN, 2));
  }

  @Test
  void valuesAndIntervalsPrintWithAPointAndTheGivenDecimals() {
    assertEquals("0.50 [0.25, 0.75]", Figures.withInterval(0.5, 0.25, 0.75, 2));
    assertEquals("0.250", Figures.of(0.25, 3));
    assertEquals("-1.0", Figures.of(-1, 1));
    assertEquals("3", Figures.of(2.5, 0));
  }
}
