package dev.traitlab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class IntervalTest {
  @Test
  void bracketedPrintsTheBoundsRoundedAndNothingWithoutThem() {
    Locale before = Locale.getDefault();
    try {
      // A decimal comma locale must not leak into reports.
      Locale.setDefault(Locale.GERMANY);
      assertEquals("[0.350, 0.513]", new Interval(0.35, 0.5125001).bracketed(3));
      assertEquals("[-1.2, 3.0]", new Interval(-1.24, 3).bracketed(1));
      assertEquals("", Interval.UNDEFINED.bracketed(3));
      assertEquals("", new Interval(0.1, Double.NaN).bracketed(3));
    } finally {
      Locale.setDefault(before);
    }
  }
}
