package dev.traitlab.lowprob;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Quadratic logit decomposition (QLD, Wu and Hilton 2024, section 4.2): whiten the activations (x =
 * mu + A u, A A^T = covariance + 1e-5 I), find a short "accepting" direction d in whitened space (a
 * point where the target's logit is the largest, by random projections onto violated constraints,
 * shrunk while feasible: the reference's shortest-accepting-vector search), and split each sample
 * into its component a = u . d and the residual r = u - a d. Presuming a and r independent,
 * Pr[argmax = target] = E_r[Pr_a[r + a d accepts]]; for each residual the accepting values of a
 * form an interval (every logit is affine in a), whose probability is read off the empirical
 * distribution of a. Every sample's residual is paired with every sample's a, the quadratic number
 * of combinations the name refers to.
 *
 * <p>This follows the method as the paper describes it: the residual, not the whole sample, fixes
 * the interval, and samples are whitened as (x - mu) A^-T.
 */
public final class Qld {
  /** Added to the covariance's diagonal before its Cholesky factor (the reference's 1e-5). */
  public static final double JITTER = 1e-5;

  /** Margin of the shortest-vector search's projections (the reference's tol). */
  static final double TOLERANCE = 1e-9;

  private final ActivationSample sample;
  private final float[][] unembedding;
  private final float[][] logits;
  private final double[] mean;
  private final double[][] lower;
  private final double[][] pullbacks;
  private final double[] biases;

  /**
   * Prepares the whitening and the samples' logits (shared by every target).
   *
   * @param unembedding [hidden][vocab]
   */
  public Qld(float[][] unembedding, ActivationSample sample) {
    this.sample = sample;
    this.unembedding = unembedding;
    int n = sample.size();
    int h = unembedding.length;
    int v = unembedding[0].length;
    mean = new double[h];
    for (float[] x : sample.hidden()) {
      for (int k = 0; k < h; k++) {
        mean[k] += x[k];
      }
    }
    for (int k = 0; k < h; k++) {
      mean[k] /= n;
    }
    double[][] cov = new double[h][h];
    for (float[] x : sample.hidden()) {
      for (int a = 0; a < h; a++) {
        double xa = x[a] - mean[a];
        for (int b = 0; b <= a; b++) {
          cov[a][b] += xa * (x[b] - mean[b]);
        }
      }
    }
    for (int a = 0; a < h; a++) {
      for (int b = 0; b <= a; b++) {
        cov[a][b] /= n;
        cov[b][a] = cov[a][b];
      }
      cov[a][a] += JITTER;
    }
    RealMatrix l =
        new CholeskyDecomposition(new Array2DRowRealMatrix(cov, false), 1e-12, 1e-14).getL();
    lower = l.getData();
    // Logits = biases + pullbacks . u, pullbacks = W^T A [vocab][hidden], biases = W^T mu.
    pullbacks = new double[v][h];
    biases = new double[v];
    for (int j = 0; j < v; j++) {
      for (int k = 0; k < h; k++) {
        biases[j] += unembedding[k][j] * mean[k];
        double s = 0;
        for (int i = k; i < h; i++) {
          s += unembedding[i][j] * lower[i][k];
        }
        pullbacks[j][k] = s;
      }
    }
    logits = new float[n][];
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              float[] x = sample.hidden()[i];
              float[] row = new float[v];
              for (int k = 0; k < h; k++) {
                float xk = x[k];
                float[] w = unembedding[k];
                for (int j = 0; j < v; j++) {
                  row[j] += xk * w[j];
                }
              }
              logits[i] = row;
            });
  }

  /**
   * The estimate for one target.
   *
   * @param reps projection steps before the search stops shrinking (the reference's 200)
   * @param shrink factor applied to a feasible point while shrinking (the reference's 0.95)
   * @param seed the search's random choices
   * @return the estimate, or NaN when no accepting point was found
   */
  public double estimate(int target, int reps, double shrink, long seed) {
    int n = sample.size();
    int h = unembedding.length;
    int v = biases.length;
    double[] d = acceptingDirection(target, reps, shrink, seed);
    if (d == null) {
      return Double.NaN;
    }
    // a_i = u_i . d with u_i = L^-1 (x_i - mu) (forward substitution).
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      float[] x = sample.hidden()[i];
      double[] u = new double[h];
      double dot = 0;
      for (int r = 0; r < h; r++) {
        double s = x[r] - mean[r];
        for (int k = 0; k < r; k++) {
          s -= lower[r][k] * u[k];
        }
        u[r] = s / lower[r][r];
        dot += u[r] * d[r];
      }
      a[i] = dot;
    }
    double[] sorted = a.clone();
    Arrays.sort(sorted);
    // Per other token j: the target's logit margin changes by a * den_j along d.
    double[] den = new double[v];
    for (int j = 0; j < v; j++) {
      double s = 0;
      for (int k = 0; k < h; k++) {
        s += d[k] * (pullbacks[target][k] - pullbacks[j][k]);
      }
      den[j] = s;
    }
    double total =
        IntStream.range(0, n)
            .parallel()
            .mapToDouble(
                i -> {
                  float[] lg = logits[i];
                  double lo = Double.NEGATIVE_INFINITY;
                  double hi = Double.POSITIVE_INFINITY;
                  for (int j = 0; j < v; j++) {
                    if (j == target) {
                      continue;
                    }
                    // Margin of the residual r_i + alpha d over token j: num + alpha den.
                    double num = lg[target] - lg[j] - a[i] * den[j];
                    if (den[j] > 0) {
                      lo = Math.max(lo, -num / den[j]);
                    } else if (den[j] < 0) {
                      hi = Math.min(hi, -num / den[j]);
                    } else if (num <= 0) {
                      return 0;
                    }
                  }
                  if (!(hi > lo)) {
                    return 0;
                  }
                  return countBelow(sorted, hi) - countBelow(sorted, lo);
                })
            .sum();
    return total / ((double) n * n);
  }

  /** Number of sorted values strictly below x. */
  private static int countBelow(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * A unit vector toward a short point of the polytope where the target's whitened logit beats
   * every other: constraints (P_t - P_j) . z + b_t - b_j >= 0. Random projections onto violated
   * constraints until feasible; for the first {@code reps} steps a feasible point is shrunk by
   * {@code shrink} and the search goes on, then the next feasible point is returned. Null when none
   * is found in 100 reps steps.
   */
  double[] acceptingDirection(int target, int reps, double shrink, long seed) {
    int h = unembedding.length;
    int v = biases.length;
    double[][] rows = new double[v][h];
    double[] offsets = new double[v];
    double[] norms = new double[v];
    for (int j = 0; j < v; j++) {
      if (j == target) {
        continue;
      }
      for (int k = 0; k < h; k++) {
        rows[j][k] = pullbacks[target][k] - pullbacks[j][k];
        norms[j] += rows[j][k] * rows[j][k];
      }
      offsets[j] = biases[target] - biases[j];
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] z = new double[h];
    double[] cons = new double[v];
    int[] violated = new int[v];
    for (int it = 0; it < reps * 100; it++) {
      int count = 0;
      boolean feasible = true;
      for (int j = 0; j < v; j++) {
        if (j == target) {
          continue;
        }
        double s = offsets[j];
        for (int k = 0; k < h; k++) {
          s += rows[j][k] * z[k];
        }
        cons[j] = s;
        feasible &= s >= 0;
        if (s < TOLERANCE) {
          violated[count++] = j;
        }
      }
      if (feasible) {
        double norm = Math.sqrt(Arrays.stream(z).map(x -> x * x).sum());
        if (it >= reps && norm > 0) {
          return Arrays.stream(z).map(x -> x / norm).toArray();
        }
        if (norm == 0) {
          // Feasible at the mean: no search needed; the direction that raises every margin.
          double[] dir = new double[h];
          for (int j = 0; j < v; j++) {
            for (int k = 0; k < h; k++) {
              dir[k] += rows[j][k];
            }
          }
          double dn = Math.sqrt(Arrays.stream(dir).map(x -> x * x).sum());
          return dn == 0 ? null : Arrays.stream(dir).map(x -> x / dn).toArray();
        }
        for (int k = 0; k < h; k++) {
          z[k] *= shrink;
        }
        continue;
      }
      int j = violated[rng.nextInt(count)];
      if (norms[j] == 0) {
        return null;
      }
      // Onto the constraint with a margin of TOLERANCE, so that rounding leaves it satisfied.
      double step = (TOLERANCE - cons[j]) / norms[j];
      for (int k = 0; k < h; k++) {
        z[k] += step * rows[j][k];
      }
    }
    return null;
  }
}
