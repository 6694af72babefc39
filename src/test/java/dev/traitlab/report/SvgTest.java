package dev.traitlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.stats.MeanInterval;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgTest {
  private static final Pattern ID = Pattern.compile("id=['\"]([^'\"]+)['\"]");

  private static String chart(double value) {
    return new IntervalBarChart("t", "rate")
        .bar("a", MeanInterval.of(value, value + 0.1))
        .toSvg(400, 300);
  }

  private static Set<String> ids(String svg) {
    Set<String> ids = new TreeSet<>();
    Matcher m = ID.matcher(svg);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  @Test
  void theSameChartGivesTheSameBytes() {
    assertEquals(chart(0.3), chart(0.3));
  }

  @Test
  void twoChartsOnOnePageShareNoDefinitionId() {
    Set<String> first = ids(chart(0.3));
    Set<String> second = ids(chart(0.5));
    assertFalse(first.isEmpty(), "the charts clip their plot area");
    Set<String> shared = new TreeSet<>(first);
    shared.retainAll(second);
    assertTrue(shared.isEmpty(), "shared ids: " + shared);
  }
}
