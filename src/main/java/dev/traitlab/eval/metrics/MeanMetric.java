package dev.traitlab.eval.metrics;

import dev.traitlab.eval.task.Metric;
import dev.traitlab.eval.task.MetricValue;
import dev.traitlab.eval.task.SampleResult;
import dev.traitlab.stats.Bootstrap;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.Wilson;
import java.util.List;

/**
 * Mean of one per-sample score over the samples where it is not none. The interval is Wilson's when
 * every value is 0 or 1, else a seeded percentile bootstrap.
 */
public record MeanMetric(String name, String scoreKey) implements Metric {

  public static MeanMetric of(String scoreKey) {
    return new MeanMetric(scoreKey, scoreKey);
  }

  @Override
  public MetricValue compute(List<SampleResult> results) {
    double[] values =
        results.stream()
            .mapToDouble(r -> r.score(scoreKey))
            .filter(v -> !Double.isNaN(v))
            .toArray();
    return summarise(name, values);
  }

  /** Mean with 95% interval of values (no NaNs). */
  public static MetricValue summarise(String name, double[] values) {
    int n = values.length;
    if (n == 0) {
      return new MetricValue(name, Double.NaN, Double.NaN, Double.NaN, 0, "none");
    }
    double sum = 0;
    boolean binary = true;
    for (double v : values) {
      sum += v;
      binary &= v == 0 || v == 1;
    }
    double mean = sum / n;
    if (binary) {
      Interval ci = Wilson.interval(sum, n);
      return new MetricValue(name, mean, ci.lower(), ci.upper(), n, "wilson");
    }
    Interval ci = Bootstrap.mean(values, name.hashCode());
    return new MetricValue(name, mean, ci.lower(), ci.upper(), n, "bootstrap");
  }
}
