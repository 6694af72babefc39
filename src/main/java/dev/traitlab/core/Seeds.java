package dev.traitlab.core;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives independent seeds from a run's seed and a purpose ("init", "noise", ...), so each random
 * choice has its own stream and adding a new one never shifts the others.
 */
public final class Seeds {
  private Seeds() {}

  public static long derive(long seed, String purpose, long... indices) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ b);
    }
    for (long index : indices) {
      h = mix(h ^ mix(index + 0x632BE59BD9B4E019L));
    }
    return h;
  }

  /** A permutation of 0..n-1 drawn from the given seed (Fisher-Yates). */
  public static int[] permutation(long seed, int n) {
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return perm;
  }

  /** SplitMix64's finaliser (Steele et al. 2014): a bijection that scatters nearby inputs. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
