package dev.traitlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.stats.Interval;
import org.junit.jupiter.api.Test;

class IntervalLineChartTest {

  @Test
  void seriesReferencesAndLevelsAllReachTheSvg() {
    String svg =
        new IntervalLineChart("t", "epsilon", "success")
            .logX()
            .point("defender A", 1e-3, 0.9, new Interval(0.85, 0.95))
            .point("defender A", 1e-2, 0.7, new Interval(0.6, 0.8))
            .point("defender B", 1e-3, 0.8, Interval.UNDEFINED)
            .reference("bound", 1e-3, 0.95)
            .reference("bound", 1e-2, 0.75)
            .level("chance", 0.5)
            .toSvg(500, 300);
    assertTrue(svg.startsWith("<svg"));
    // the legend names every series and reference curve; the level line is labelled even though
    // it lies below every point (the automatic range takes it in)
    for (String text : new String[] {"defender A", "defender B", "bound", "chance"}) {
      assertTrue(svg.contains(">" + text + "<"), text);
    }
  }

  @Test
  void shortNumbersArePlainWhereShortAndExponentsElsewhere() {
    assertEquals("0.001", RoundTickLogAxis.shortNumber(1e-3));
    assertEquals("100", RoundTickLogAxis.shortNumber(100));
    assertEquals("1e-05", RoundTickLogAxis.shortNumber(1e-5));
    assertEquals("1e+04", RoundTickLogAxis.shortNumber(1e4));
  }

  @Test
  void aLogAxisRefusesNonPositiveXAndNamesCannotChangeKind() {
    IntervalLineChart chart = new IntervalLineChart("t", "x", "y").logX();
    chart.point("s", 0, 1, Interval.UNDEFINED);
    assertThrows(IllegalArgumentException.class, () -> chart.toSvg(300, 200));
    assertThrows(IllegalArgumentException.class, () -> chart.reference("s", 1, 1));
    assertThrows(IllegalArgumentException.class, () -> chart.yRange(1, 0));
  }

  @Test
  void aLogLogChartTicksBothAxesAtRoundValuesAndRefusesNonPositiveY() {
    String svg =
        new IntervalLineChart("t", "compute", "intrinsic performance")
            .logX()
            .logY()
            .point("N = 1e3", 1e10, 1e9, new Interval(5e8, 2e9))
            .point("N = 1e3", 1e12, 3e10, Interval.UNDEFINED)
            .reference("law", 1e10, 1e9)
            .reference("law", 1e12, 1e11)
            .toSvg(500, 300);
    for (String tick : new String[] {">1e+10<", ">1e+12<", ">1e+09<", ">1e+11<"}) {
      assertTrue(svg.contains(tick), tick);
    }
    IntervalLineChart bad = new IntervalLineChart("t", "x", "y").logY();
    bad.point("s", 1, 0, Interval.UNDEFINED);
    assertThrows(IllegalArgumentException.class, () -> bad.toSvg(300, 200));
  }
}
