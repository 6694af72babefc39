package dev.traitlab.lab;

import dev.traitlab.stats.Interval;
import java.util.Map;

/**
 * An experiment whose headline metrics ({@link Experiment#metrics}) have confidence intervals in
 * its result: {@code traitlab runs} reads a finished run's {@code results.json} back for them and
 * prints each beside its mean. Experiments without it are listed with their means alone, and their
 * results files are not read.
 *
 * @param <R> the experiment's result record
 */
public interface MetricIntervals<R extends Record> {
  /**
   * The 95% intervals of those of {@link Experiment#metrics} that have one, under the same names;
   * {@link Interval#UNDEFINED} (or no entry) where there is none, such as over one seed.
   */
  Map<String, Interval> metricIntervals(R result);
}
