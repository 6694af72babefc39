package dev.traitlab.experiments.defendability;

/**
 * Two classes of Boolean functions on n bits (an input is the low n bits of a long), each of VC
 * dimension n: monotone conjunctions (x has every bit of the mask) and parities (an odd number of
 * the mask's bits). For each, the consistent hypothesis a learner returns, and the n points it
 * shatters, on which the attack of the VC lower bound is played.
 */
final class BooleanClasses {
  private BooleanClasses() {}

  /** The two classes by name, with their evaluation, learner and shattered set. */
  enum Kind {
    CONJUNCTION,
    PARITY;

    boolean at(long mask, long x) {
      return this == CONJUNCTION ? (x & mask) == mask : (Long.bitCount(x & mask) & 1) == 1;
    }

    /** A hypothesis of the class consistent with a realisable sample. */
    long erm(long[] xs, boolean[] ys, int n) {
      return this == CONJUNCTION ? conjunctionErm(xs, ys, n) : parityErm(xs, ys, n);
    }

    /** Point i of the n points the class shatters. */
    long shatteredPoint(int i, int n) {
      long all = n == 64 ? -1L : (1L << n) - 1;
      return this == CONJUNCTION ? all & ~(1L << i) : 1L << i;
    }

    /** The mask whose function labels shattered point i with labels[i]. */
    long realise(boolean[] labels) {
      long mask = 0;
      for (int i = 0; i < labels.length; i++) {
        // conjunction: point i (all bits but i) is positive iff i is not in the mask
        boolean inMask = this == CONJUNCTION ? !labels[i] : labels[i];
        if (inMask) {
          mask |= 1L << i;
        }
      }
      return mask;
    }
  }

  /**
   * The most specific monotone conjunction consistent with the positives: the bits every positive
   * has (all n bits when there is no positive).
   */
  static long conjunctionErm(long[] xs, boolean[] ys, int n) {
    long mask = n == 64 ? -1L : (1L << n) - 1;
    for (int i = 0; i < xs.length; i++) {
      if (ys[i]) {
        mask &= xs[i];
      }
    }
    return mask;
  }

  /**
   * A parity consistent with the sample, by Gaussian elimination over GF(2); bits the sample leaves
   * free are 0. An inconsistent sample (not realisable) yields the solution of its consistent part.
   */
  static long parityErm(long[] xs, boolean[] ys, int n) {
    long[] pivotRow = new long[n];
    boolean[] pivotRhs = new boolean[n];
    boolean[] hasPivot = new boolean[n];
    for (int i = 0; i < xs.length; i++) {
      long row = xs[i];
      boolean rhs = ys[i];
      for (int bit = n - 1; bit >= 0 && row != 0; bit--) {
        if ((row >>> bit & 1L) == 0) {
          continue;
        }
        if (hasPivot[bit]) {
          row ^= pivotRow[bit];
          rhs ^= pivotRhs[bit];
        } else {
          hasPivot[bit] = true;
          pivotRow[bit] = row;
          pivotRhs[bit] = rhs;
          row = 0;
        }
      }
    }
    long mask = 0;
    for (int bit = 0; bit < n; bit++) {
      if (hasPivot[bit]) {
        long lower = pivotRow[bit] & ((1L << bit) - 1);
        boolean value = pivotRhs[bit] ^ ((Long.bitCount(lower & mask) & 1) == 1);
        if (value) {
          mask |= 1L << bit;
        }
      }
    }
    return mask;
  }
}
