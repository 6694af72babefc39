package dev.traitlab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Json;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeanIntervalTest {
  @Test
  void matchesHandComputedStudentInterval() {
    // mean 2, sample sd 1, t(0.975, df=2) = 4.302653
    MeanInterval m = MeanInterval.of(1, 2, 3);
    assertEquals(2.0, m.mean(), 1e-12);
    assertEquals(1.0, m.std(), 1e-12);
    assertEquals(4.302653 / Math.sqrt(3), m.halfWidth(), 1e-5);
    assertEquals(2 - 4.302653 / Math.sqrt(3), m.lower(), 1e-5);
  }

  @Test
  void boundedIntervalsStayInsideTheirRange() {
    // mean 1/30, sd 0.0577: the t interval is [-0.110, 0.177]; an accuracy cannot be below 0.
    MeanInterval raw = MeanInterval.of(0, 0, 0.1);
    MeanInterval m = MeanInterval.ofBounded(0, 1, 0, 0, 0.1);
    assertTrue(raw.lower() < 0, "the plain t interval crosses 0");
    assertEquals(0, m.lower(), 0);
    assertEquals(raw.upper(), m.upper(), 0);
    assertEquals(raw.mean(), m.mean(), 0);
    assertEquals(1, MeanInterval.ofBounded(0, 1, 1, 1, 0.9).upper(), 0);
    assertThrows(IllegalArgumentException.class, () -> MeanInterval.ofBounded(1, 0, 0.5, 0.6));
  }

  @Test
  void tenValuesUseNineDegreesOfFreedom() {
    double[] v = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
    MeanInterval m = MeanInterval.of(v);
    double sd = Math.sqrt(0.0916666666666667);
    assertEquals(2.262157 * sd / Math.sqrt(10), m.halfWidth(), 1e-5);
  }

  @Test
  void singleValueHasNoInterval() {
    MeanInterval m = MeanInterval.of(0.5);
    assertTrue(Double.isNaN(m.lower()));
    assertEquals("0.500", m.format(3));
  }

  /** A mean of no values (a condition nobody answered) prints n/a, not NaN. */
  @Test
  void anUndefinedMeanPrintsNa() {
    MeanInterval m = new MeanInterval(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0.95);
    assertEquals("n/a", m.format(2));
    assertEquals("1.50 [0.50, 2.50]", new MeanInterval(1.5, 0.5, 2.5, 1, 3, 0.95).format(2));
  }

  @Test
  void jsonFormIsTheSixComponents() throws Exception {
    String json = Json.MAPPER.writeValueAsString(MeanInterval.of(1, 2, 3));
    assertEquals(
        Set.of("mean", "lower", "upper", "std", "n", "level"),
        Json.MAPPER.readValue(json, Map.class).keySet());
    assertEquals(MeanInterval.of(1, 2, 3), Json.MAPPER.readValue(json, MeanInterval.class));
  }

  @Test
  void emptyInputIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> MeanInterval.of(new double[0]));
  }

  @Test
  void anIntervalRoundTripsThroughJson() throws Exception {
    Interval interval = new Interval(0.25, 0.75);
    String json = Json.MAPPER.writeValueAsString(interval);
    assertEquals(interval, Json.MAPPER.readValue(json, Interval.class));
  }
}
