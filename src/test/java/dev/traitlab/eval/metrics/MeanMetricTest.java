package dev.traitlab.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.eval.task.MetricValue;
import dev.traitlab.stats.Bootstrap;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.Wilson;
import org.junit.jupiter.api.Test;

class MeanMetricTest {

  @Test
  void meanMetricPicksWilsonForProportionsAndSkipsNone() {
    MetricValue p = MeanMetric.summarise("p", new double[] {1, 0, 1, 1});
    assertEquals(0.75, p.value(), 1e-15);
    assertEquals("wilson", p.ci());
    MetricValue m = MeanMetric.summarise("m", new double[] {0.5, 1});
    assertEquals("bootstrap", m.ci());
    MetricValue none = MeanMetric.summarise("none", new double[0]);
    assertEquals(0, none.n());
    assertTrue(Double.isNaN(none.value()));
  }

  @Test
  void intervalsAreTheStatsPackagesWithTheMetricNameAsSeed() {
    MetricValue p = MeanMetric.summarise("p", new double[] {1, 0, 1, 1});
    assertEquals(Wilson.interval(3, 4), new Interval(p.low(), p.high()));
    double[] v = {0.5, 1, 0.25};
    MetricValue m = MeanMetric.summarise("m", v);
    assertEquals(Bootstrap.mean(v, "m".hashCode()), new Interval(m.low(), m.high()));
  }
}
