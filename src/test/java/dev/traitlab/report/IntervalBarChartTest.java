package dev.traitlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.stats.Interval;
import dev.traitlab.stats.MeanInterval;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IntervalBarChartTest {

  @Test
  void everyDefinedIntervalDrawsAnErrorBarWithTwoCaps() {
    String none =
        new IntervalBarChart("t", "rate")
            .bar("one seed", MeanInterval.of(0.4))
            .bar("no interval", 0.2, Interval.UNDEFINED)
            .toSvg(400, 300);
    String two =
        new IntervalBarChart("t", "rate")
            .bar("seeds", MeanInterval.of(0.3, 0.5))
            .bar("wilson", 0.2, new Interval(0.05, 0.45))
            .toSvg(400, 300);
    assertEquals(6, blackLines(two) - blackLines(none));
    assertTrue(none.startsWith("<svg"), none);
  }

  @Test
  void theAxisReachesTheTopOfAnIntervalAndEveryReferenceLine() {
    // A bar at 0.1 whose interval reaches 3: the axis must take it in, so a tick reads 3.0.
    String svg =
        new IntervalBarChart("t", "rate").bar("wide", 0.1, new Interval(0, 3)).toSvg(400, 300);
    assertTrue(svg.contains(">3.0<"), svg);
    String reference =
        new IntervalBarChart("t", "rate")
            .bar("low", 0.1, new Interval(0.05, 0.15))
            .reference("target", 5)
            .toSvg(400, 300);
    assertTrue(reference.contains(">5.0<") || reference.contains(">5<"), reference);
  }

  @Test
  void anUpperBoundFixesTheAxis() {
    String svg =
        new IntervalBarChart("t", "accuracy")
            .bar("a", 0.1, new Interval(0, 0.2))
            .optUpperBound(1)
            .toSvg(400, 300);
    assertTrue(svg.contains(">1.0<"), svg);
  }

  @Test
  void labelsAreUnique() {
    IntervalBarChart chart = new IntervalBarChart("t", "rate").bar("a", 1, 0.1);
    assertThrows(IllegalArgumentException.class, () -> chart.bar("a", 2, 0.1));
  }

  private static int blackLines(String svg) {
    Matcher m = Pattern.compile("<line[^>]*stroke:rgb\\(0,0,0\\);").matcher(svg);
    int count = 0;
    while (m.find()) {
      count++;
    }
    return count;
  }
}
