package dev.traitlab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {

  @Test
  void bootstrapIsSeededAndBracketsTheMean() {
    double[] v = {0.1, 0.4, 0.35, 0.8, 0.55, 0.2, 0.9, 0.05};
    Interval a = Bootstrap.mean(v, 7);
    Interval b = Bootstrap.mean(v, 7);
    assertEquals(a, b);
    double mean = Arrays.stream(v).average().orElseThrow();
    assertTrue(a.lower() < mean && mean < a.upper());
    assertTrue(a.lower() >= 0.05 && a.upper() <= 0.9);
    assertNotEquals(a, Bootstrap.mean(v, 8));
  }

  @Test
  void rowsAndValuesDrawTheSameResamples() {
    double[] v = {3, 1, 4, 1, 5, 9, 2, 6};
    Double[] rows = Arrays.stream(v).boxed().toArray(Double[]::new);
    Interval byRows =
        Bootstrap.percentile(
            rows, r -> Arrays.stream(r).mapToDouble(Double::doubleValue).max().orElseThrow(), 3);
    Interval byValues = Bootstrap.percentile(v, s -> Arrays.stream(s).max().orElseThrow(), 3);
    assertEquals(byRows, byValues);
  }

  @Test
  void intervalOfTheMeanOfANormalSampleIsCloseToTheStudentInterval() {
    SplittableRandom random = new SplittableRandom(11);
    double[] v = new double[400];
    for (int i = 0; i < v.length; i++) {
      v[i] = 5 + 2 * random.nextGaussian();
    }
    Interval boot = Bootstrap.mean(v, 1);
    MeanInterval t = MeanInterval.of(v);
    assertTrue(boot.contains(t.mean()));
    // Both widths estimate 2 * 1.96 * 2 / 20 = 0.392; the bootstrap's is a little narrower.
    assertEquals(t.upper() - t.lower(), boot.width(), 0.05);
    Interval narrow =
        Bootstrap.percentile(v, s -> Arrays.stream(s).average().orElseThrow(), 1, 500, 0.5);
    assertTrue(narrow.width() < boot.width() / 2);
  }

  @Test
  void anEmptySampleHasNoInterval() {
    assertFalse(Bootstrap.mean(new double[0], 1).hasBounds());
  }

  @Test
  void linearQuantilesAsNumpy() {
    double[] sorted = {1, 2, 4, 8};
    assertEquals(1, Quantiles.ofSorted(sorted, 0), 0);
    assertEquals(8, Quantiles.ofSorted(sorted, 1), 0);
    // position 0.5 * 3 = 1.5: halfway between 2 and 4.
    assertEquals(3, Quantiles.ofSorted(sorted, 0.5), 1e-15);
    // position 0.9 * 3 = 2.7: 4 + 0.7 * 4.
    assertEquals(6.8, Quantiles.ofSorted(sorted, 0.9), 1e-12);
  }

  @Test
  void stratifiedResamplesDrawWithinEachGroupAndAreSeeded() {
    int[] sizes = {3, 5};
    java.util.function.Function<int[][], double[]> statistic =
        drawn -> {
          assertEquals(3, drawn[0].length);
          assertEquals(5, drawn[1].length);
          for (int g = 0; g < 2; g++) {
            for (int i : drawn[g]) {
              assertTrue(i >= 0 && i < sizes[g], "index " + i + " in group " + g);
            }
          }
          return new double[] {drawn[0][0], drawn[1][4]};
        };
    double[][] a = Bootstrap.stratifiedReplicates(sizes, statistic, 9, 400);
    double[][] b = Bootstrap.stratifiedReplicates(sizes, statistic, 9, 400);
    assertEquals(400, a.length);
    for (int r = 0; r < a.length; r++) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(a[r], b[r]);
    }
    // every member of each group is drawn, roughly uniformly
    int[] counts = new int[5];
    for (double[] r : a) {
      counts[(int) r[1]]++;
    }
    for (int c : counts) {
      assertTrue(c > 50 && c < 110, java.util.Arrays.toString(counts));
    }
  }

  @Test
  void percentileOfReplicatesLeavesOutFailedOnes() {
    double[] replicates = new double[101];
    for (int i = 0; i <= 100; i++) {
      replicates[i] = i;
    }
    double[] withFailures = java.util.Arrays.copyOf(replicates, 103);
    withFailures[101] = Double.NaN;
    withFailures[102] = Double.NaN;
    Interval i = Bootstrap.percentileOf(withFailures, 0.9);
    assertEquals(5, i.lower(), 1e-12);
    assertEquals(95, i.upper(), 1e-12);
    assertFalse(Bootstrap.percentileOf(new double[] {Double.NaN}, 0.95).hasBounds());
  }
}
