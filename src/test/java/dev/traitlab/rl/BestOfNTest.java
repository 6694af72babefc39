package dev.traitlab.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BestOfNTest {

  @Test
  void theUnbiasedEstimatorEqualsTheMeanOverEverySubset() {
    SplittableRandom random = new SplittableRandom(3);
    int pool = 9;
    double[] score = new double[pool];
    double[] value = new double[pool];
    for (int i = 0; i < pool; i++) {
      score[i] = random.nextGaussian();
      value[i] = random.nextGaussian();
    }
    for (int n = 1; n <= pool; n++) {
      // Brute force: every n-subset (bit mask), the value at its highest score, averaged.
      double sum = 0;
      int subsets = 0;
      for (int mask = 0; mask < 1 << pool; mask++) {
        if (Integer.bitCount(mask) != n) {
          continue;
        }
        int best = -1;
        for (int i = 0; i < pool; i++) {
          if ((mask & 1 << i) != 0 && (best < 0 || score[i] > score[best])) {
            best = i;
          }
        }
        sum += value[best];
        subsets++;
      }
      assertEquals(sum / subsets, BestOfN.expected(score, value, n), 1e-12, "n = " + n);
    }
    // n = 1 is the pool's mean; n = N its argmax.
    assertEquals(
        java.util.Arrays.stream(value).average().orElseThrow(),
        BestOfN.expected(score, value, 1),
        1e-12);
  }

  @Test
  void weightsSumToOneAndVanishBelowN() {
    double[] w = BestOfN.weights(4096, 1000);
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      sum += w[i];
      if (i < 999) {
        assertEquals(0, w[i]);
      }
    }
    assertEquals(1, sum, 1e-9);
    assertThrows(IllegalArgumentException.class, () -> BestOfN.weights(10, 11));
    assertThrows(IllegalArgumentException.class, () -> BestOfN.weights(10, 0));
  }

  @Test
  void theKlFormulaMatchesSampledBestOfNFromACategorical() {
    // A categorical over 20,000 outcomes of uneven probability, each with its own score (the
    // outcome's index). Best-of-n: draw n, keep the highest score. Its exact law is
    // P(k) = F(k)^n - F(k-1)^n; the KL to the base is estimated by sampling best-of-n winners and
    // averaging ln(P_bon(x) / p(x)), and it approaches ln n - (n - 1) / n (outcomes are fine
    // enough for the continuous formula).
    SplittableRandom random = new SplittableRandom(11);
    int k = 20_000;
    double[] p = new double[k];
    double total = 0;
    for (int i = 0; i < k; i++) {
      p[i] = 0.2 + random.nextDouble();
      total += p[i];
    }
    double[] cdf = new double[k];
    double c = 0;
    for (int i = 0; i < k; i++) {
      p[i] /= total;
      c += p[i];
      cdf[i] = c;
    }
    for (int n : new int[] {2, 8, 64}) {
      int draws = 40_000;
      double kl = 0;
      for (int t = 0; t < draws; t++) {
        int best = -1;
        for (int j = 0; j < n; j++) {
          best = Math.max(best, draw(cdf, random.nextDouble()));
        }
        double below = best == 0 ? 0 : cdf[best - 1];
        double bon = Math.pow(cdf[best], n) - Math.pow(below, n);
        kl += Math.log(bon / p[best]);
      }
      kl /= draws;
      assertEquals(BestOfN.kl(n), kl, 0.02, "n = " + n);
    }
    assertEquals(0, BestOfN.kl(1), 1e-15);
    assertEquals(Math.log(1000) - 0.999, BestOfN.kl(1000), 1e-12);
  }

  private static int draw(double[] cdf, double u) {
    int lo = 0;
    int hi = cdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
