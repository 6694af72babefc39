package dev.traitlab.experiments.heuristicestimators;

import java.util.SplittableRandom;

/**
 * The expected product E[X_1 ... X_n] of jointly Gaussian variables with means mu and covariance
 * Sigma, which by Isserlis' theorem is the sum over partial matchings of the variables of the
 * product of the matched covariances and the unmatched means (for zero means, a hafnian: #P-hard in
 * general). Exactly by a recursion over subsets (2^n n steps), and two heuristic estimates: the
 * presumption of independence prod mu_i, and the same with each pair's covariance as an argument,
 * prod mu_i prod_{i<j} (1 + Sigma_ij / (mu_i mu_j)), which presumes the pairs' corrections
 * independent (it counts overlapping pairs that no matching contains).
 */
final class GaussianProducts {
  private GaussianProducts() {}

  /** E[prod X_i], exactly: f(S) = mu_i f(S - i) + sum_{j in S - i} Sigma_ij f(S - i - j). */
  static double exact(double[] mu, double[][] cov) {
    int n = mu.length;
    if (n > 22) {
      throw new IllegalArgumentException("the subset recursion stops at 22 variables, got " + n);
    }
    double[] f = new double[1 << n];
    f[0] = 1;
    for (int set = 1; set < 1 << n; set++) {
      int i = Integer.numberOfTrailingZeros(set);
      int rest = set & ~(1 << i);
      double v = mu[i] * f[rest];
      for (int others = rest; others != 0; others &= others - 1) {
        int j = Integer.numberOfTrailingZeros(others);
        v += cov[i][j] * f[rest & ~(1 << j)];
      }
      f[set] = v;
    }
    return f[(1 << n) - 1];
  }

  static double independent(double[] mu) {
    double p = 1;
    for (double m : mu) {
      p *= m;
    }
    return p;
  }

  static double pairwise(double[] mu, double[][] cov) {
    double p = independent(mu);
    for (int i = 0; i < mu.length; i++) {
      for (int j = i + 1; j < mu.length; j++) {
        p *= 1 + cov[i][j] / (mu[i] * mu[j]);
      }
    }
    return p;
  }

  /** The sum over pairs of the squared relative corrections (Sigma_ij / (mu_i mu_j))^2. */
  static double squaredCorrections(double[] mu, double[][] cov) {
    double s = 0;
    for (int i = 0; i < mu.length; i++) {
      for (int j = i + 1; j < mu.length; j++) {
        double c = cov[i][j] / (mu[i] * mu[j]);
        s += c * c;
      }
    }
    return s;
  }

  /** Means 1 + 0.2 z. */
  static double[] randomMeans(int n, SplittableRandom rng) {
    double[] mu = new double[n];
    for (int i = 0; i < n; i++) {
      mu[i] = 1 + 0.2 * rng.nextGaussian();
    }
    return mu;
  }

  /** scale * A A^T / n with A of standard normals: correlations of either sign. */
  static double[][] wishart(int n, double scale, SplittableRandom rng) {
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        a[i][k] = rng.nextGaussian();
      }
    }
    double[][] cov = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += a[i][k] * a[j][k];
        }
        cov[i][j] = scale * s / n;
      }
    }
    return cov;
  }

  /**
   * scale * lambda lambda^T with lambda_i = |1 + 0.3 z|: one common factor, all correlations > 0.
   */
  static double[][] oneFactor(int n, double scale, SplittableRandom rng) {
    double[] lambda = new double[n];
    for (int i = 0; i < n; i++) {
      lambda[i] = Math.abs(1 + 0.3 * rng.nextGaussian());
    }
    double[][] cov = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        cov[i][j] = scale * lambda[i] * lambda[j];
      }
    }
    return cov;
  }

  /**
   * Covariance only within the disjoint pairs (0, 1), (2, 3), ...: here the pairs' corrections are
   * independent, and the pairwise estimate is exact.
   */
  static double[][] disjointPairs(int n, double scale, SplittableRandom rng) {
    double[][] cov = new double[n][n];
    for (int i = 0; i < n; i++) {
      cov[i][i] = scale;
    }
    for (int i = 0; i + 1 < n; i += 2) {
      double c = scale * (2 * rng.nextDouble() - 1);
      cov[i][i + 1] = c;
      cov[i + 1][i] = c;
    }
    return cov;
  }
}
