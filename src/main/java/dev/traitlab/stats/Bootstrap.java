package dev.traitlab.stats;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The percentile bootstrap (Efron 1979): the statistic is recomputed on resamples of the data drawn
 * with replacement, and the interval is the (1 - level)/2 and (1 + level)/2 quantiles ({@link
 * Quantiles#ofSorted}) of those replicates. The resamples come from a {@link SplittableRandom}
 * seeded by the caller, so the same data and seed give the same interval.
 */
public final class Bootstrap {
  /** Resamples drawn unless a caller asks for another number. */
  public static final int DEFAULT_RESAMPLES = 2000;

  private Bootstrap() {}

  /** 95% interval of {@code statistic} over {@link #DEFAULT_RESAMPLES} resamples of a sample. */
  public static Interval percentile(
      double[] sample, ToDoubleFunction<double[]> statistic, long seed) {
    return percentile(sample, statistic, seed, DEFAULT_RESAMPLES, MeanInterval.DEFAULT_LEVEL);
  }

  /**
   * Interval at {@code level} of {@code statistic} (any function of a sample of the same size as
   * {@code sample}; it may not keep the array it is given) over {@code resamples} resamples; {@link
   * Interval#UNDEFINED} for an empty sample.
   */
  public static Interval percentile(
      double[] sample,
      ToDoubleFunction<double[]> statistic,
      long seed,
      int resamples,
      double level) {
    double[] resample = new double[sample.length];
    ToDoubleFunction<int[]> ofIndices =
        indices -> {
          Arrays.setAll(resample, i -> sample[indices[i]]);
          return statistic.applyAsDouble(resample);
        };
    return replicate(sample.length, ofIndices, seed, resamples, level);
  }

  /**
   * 95% interval of a statistic of rows resampled together (pairs of confidence and correctness,
   * say), over {@link #DEFAULT_RESAMPLES} resamples.
   */
  public static <R> Interval percentile(R[] rows, ToDoubleFunction<R[]> statistic, long seed) {
    return percentile(rows, statistic, seed, DEFAULT_RESAMPLES, MeanInterval.DEFAULT_LEVEL);
  }

  /** Interval at {@code level} of a statistic of rows over {@code resamples} resamples. */
  public static <R> Interval percentile(
      R[] rows, ToDoubleFunction<R[]> statistic, long seed, int resamples, double level) {
    R[] resample = Arrays.copyOf(rows, rows.length);
    ToDoubleFunction<int[]> ofIndices =
        indices -> {
          Arrays.setAll(resample, i -> rows[indices[i]]);
          return statistic.applyAsDouble(resample);
        };
    return replicate(rows.length, ofIndices, seed, resamples, level);
  }

  /** 95% interval of the mean of a sample. */
  public static Interval mean(double[] sample, long seed) {
    return percentile(sample, s -> Arrays.stream(s).average().orElse(Double.NaN), seed);
  }

  /**
   * The statistic of {@code resamples} index resamples of {@code n} rows: each draws n indices
   * uniformly with replacement, in order, from one generator.
   */
  private static Interval replicate(
      int n, ToDoubleFunction<int[]> statistic, long seed, int resamples, double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("need at least one resample, got " + resamples);
    }
    if (n == 0) {
      return Interval.UNDEFINED;
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] indices = new int[n];
    double[] replicates = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      for (int i = 0; i < n; i++) {
        indices[i] = random.nextInt(n);
      }
      replicates[b] = statistic.applyAsDouble(indices);
    }
    Arrays.sort(replicates);
    return sortedInterval(replicates, level);
  }

  /**
   * Replicates of a vector statistic under a stratified bootstrap: each resample draws, within
   * every group independently, as many members as the group has, uniformly with replacement (the
   * runs of one model size over seeds, say, resampled size by size). {@code statistic} receives,
   * per group, the indices drawn (0 to size - 1) and returns its values, or NaN for a replicate
   * where it is undefined.
   *
   * @return resamples x (statistic's length) replicates
   */
  public static double[][] stratifiedReplicates(
      int[] groupSizes, Function<int[][], double[]> statistic, long seed, int resamples) {
    if (resamples < 1) {
      throw new IllegalArgumentException("need at least one resample, got " + resamples);
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[][] out = new double[resamples][];
    for (int b = 0; b < resamples; b++) {
      int[][] drawn = new int[groupSizes.length][];
      for (int g = 0; g < groupSizes.length; g++) {
        if (groupSizes[g] < 1) {
          throw new IllegalArgumentException("group " + g + " is empty");
        }
        drawn[g] = new int[groupSizes[g]];
        for (int i = 0; i < groupSizes[g]; i++) {
          drawn[g][i] = random.nextInt(groupSizes[g]);
        }
      }
      out[b] = statistic.apply(drawn);
    }
    return out;
  }

  /**
   * The percentile interval at {@code level} of bootstrap replicates, leaving out those that are
   * not finite (replicates where a fit failed); {@link Interval#UNDEFINED} when none is finite.
   */
  public static Interval percentileOf(double[] replicates, double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
    }
    double[] finite = Arrays.stream(replicates).filter(Double::isFinite).sorted().toArray();
    return finite.length == 0 ? Interval.UNDEFINED : sortedInterval(finite, level);
  }

  private static Interval sortedInterval(double[] replicates, double level) {
    // In decimal, so that a level of 0.95 gives the quantiles 0.025 and 0.975 exactly.
    BigDecimal tail = BigDecimal.ONE.subtract(BigDecimal.valueOf(level)).divide(BigDecimal.TWO);
    return new Interval(
        Quantiles.ofSorted(replicates, tail.doubleValue()),
        Quantiles.ofSorted(replicates, BigDecimal.ONE.subtract(tail).doubleValue()));
  }
}
