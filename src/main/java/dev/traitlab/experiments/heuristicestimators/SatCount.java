package dev.traitlab.experiments.heuristicestimators;

import java.util.SplittableRandom;

/**
 * The fraction of assignments that satisfy a 3-CNF formula over n variables (#3-SAT, #P-complete),
 * exactly by enumerating all 2^n assignments as bit sets, and two heuristic estimates: the
 * presumption that clauses are satisfied independently, (7/8)^m, and the same with every pair of
 * clauses that share a variable corrected by its exact joint probability (the pairwise arguments).
 */
final class SatCount {
  private SatCount() {}

  /** Clauses of three literals; literal = 2 * variable + (1 if negated). */
  record Formula(int variables, int[][] clauses) {}

  /** m clauses, each on three distinct uniformly random variables with random signs. */
  static Formula random(int n, int m, SplittableRandom rng) {
    int[][] clauses = new int[m][];
    for (int c = 0; c < m; c++) {
      clauses[c] = randomClause(n, rng);
    }
    return new Formula(n, clauses);
  }

  /**
   * A random formula of m - 8 clauses plus all 8 sign patterns on one random triple of variables,
   * which no assignment satisfies: a sub-distribution any reader of the formula can recognise.
   */
  static Formula withUnsatisfiableCore(int n, int m, SplittableRandom rng) {
    if (m < 8) {
      throw new IllegalArgumentException("a core needs 8 clauses, got m = " + m);
    }
    int[][] clauses = new int[m][];
    for (int c = 0; c < m - 8; c++) {
      clauses[c] = randomClause(n, rng);
    }
    int[] vars = distinct(n, rng);
    for (int signs = 0; signs < 8; signs++) {
      int[] clause = new int[3];
      for (int k = 0; k < 3; k++) {
        clause[k] = 2 * vars[k] + (signs >>> k & 1);
      }
      clauses[m - 8 + signs] = clause;
    }
    return new Formula(n, clauses);
  }

  private static int[] randomClause(int n, SplittableRandom rng) {
    int[] vars = distinct(n, rng);
    int[] clause = new int[3];
    for (int k = 0; k < 3; k++) {
      clause[k] = 2 * vars[k] + (rng.nextBoolean() ? 1 : 0);
    }
    return clause;
  }

  private static int[] distinct(int n, SplittableRandom rng) {
    int a = rng.nextInt(n);
    int b;
    do {
      b = rng.nextInt(n);
    } while (b == a);
    int c;
    do {
      c = rng.nextInt(n);
    } while (c == a || c == b);
    return new int[] {a, b, c};
  }

  /** The exact fraction of the 2^n assignments that satisfy every clause. */
  static double exact(Formula f) {
    int n = f.variables();
    if (n > 24) {
      throw new IllegalArgumentException("exhaustive counting stops at 24 variables, got " + n);
    }
    int words = Math.max(1, (1 << n) / 64);
    long[][] isTrue = new long[n][words];
    for (int v = 0; v < n; v++) {
      for (int w = 0; w < words; w++) {
        long word = 0;
        for (int bit = 0; bit < 64 && (long) w * 64 + bit < 1L << n; bit++) {
          long assignment = (long) w * 64 + bit;
          if ((assignment >>> v & 1L) == 1) {
            word |= 1L << bit;
          }
        }
        isTrue[v][w] = word;
      }
    }
    long[] falsified = new long[words];
    for (int[] clause : f.clauses()) {
      for (int w = 0; w < words; w++) {
        long all = -1L;
        for (int lit : clause) {
          long t = isTrue[lit >> 1][w];
          // the literal is false where the variable is false (positive) or true (negated)
          all &= (lit & 1) == 0 ? ~t : t;
        }
        falsified[w] |= all;
      }
    }
    long total = 1L << n;
    long bad = 0;
    for (int w = 0; w < words; w++) {
      long word = falsified[w];
      if (total < 64) {
        word &= (1L << total) - 1;
      }
      bad += Long.bitCount(word);
    }
    return (double) (total - bad) / total;
  }

  /**
   * The presumption of independence: every clause satisfied with probability 7/8, independently.
   */
  static double independent(Formula f) {
    return Math.pow(7.0 / 8, f.clauses().length);
  }

  /**
   * The independence estimate with the pairwise arguments: each pair of clauses sharing a variable
   * multiplies it by P(both satisfied) / (7/8)^2, where P(both falsified) is 2^-(variables of the
   * two) when their falsifying assignments agree on the shared variables, else 0.
   */
  static double pairwise(Formula f) {
    double log = f.clauses().length * Math.log(7.0 / 8);
    for (int i = 0; i < f.clauses().length; i++) {
      for (int j = i + 1; j < f.clauses().length; j++) {
        double correction = pairCorrection(f.clauses()[i], f.clauses()[j]);
        if (correction != 1) {
          log += Math.log(correction);
        }
      }
    }
    return Math.exp(log);
  }

  /** P(both clauses satisfied) / (49/64); 1 for clauses on disjoint variables. */
  static double pairCorrection(int[] a, int[] b) {
    int shared = 0;
    for (int x : a) {
      for (int y : b) {
        if (x >> 1 == y >> 1) {
          shared++;
          if (x != y) {
            // opposite signs: no assignment falsifies both clauses
            return (1 - 2.0 / 8) / (49.0 / 64);
          }
        }
      }
    }
    if (shared == 0) {
      return 1;
    }
    double bothFalse = Math.pow(2, -(6 - shared));
    return (1 - 2.0 / 8 + bothFalse) / (49.0 / 64);
  }
}
