package dev.traitlab.probes;

import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * An out-of-distribution detector fitted on benign token vectors only: the squared Mahalanobis
 * distance (x - mu)' Sigma^-1 (x - mu) to the benign mean under a shrinkage covariance (Bailey et
 * al.'s Gaussian / Mahalanobis monitor). Sigma = (1 - s) S + s (tr S / d) I, S the sample
 * covariance; the shrinkage s is Ledoit and Wolf's (2004) estimate unless fixed.
 *
 * @param mean the benign mean mu
 * @param precision Sigma^-1, d x d
 * @param shrinkage the s used
 */
public record MahalanobisDetector(float[] mean, double[][] precision, double shrinkage)
    implements VectorScorer {

  /**
   * Fits mean and shrinkage covariance to benign vectors (at least 2).
   *
   * @param shrinkage s in [0, 1], or NaN for the Ledoit-Wolf estimate
   */
  public static MahalanobisDetector fit(List<float[]> benign, double shrinkage) {
    if (benign.size() < 2) {
      throw new IllegalArgumentException(
          "Mahalanobis detector needs at least 2 benign vectors, got " + benign.size());
    }
    if (!Double.isNaN(shrinkage) && !(shrinkage >= 0 && shrinkage <= 1)) {
      throw new IllegalArgumentException("shrinkage must be in [0, 1], got " + shrinkage);
    }
    double[] mu = Vectors.mean(benign);
    int d = mu.length;
    int n = benign.size();
    double[][] s = new double[d][d];
    double[] c = new double[d];
    for (float[] x : benign) {
      for (int i = 0; i < d; i++) {
        c[i] = x[i] - mu[i];
      }
      for (int i = 0; i < d; i++) {
        for (int j = i; j < d; j++) {
          s[i][j] += c[i] * c[j];
        }
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        s[i][j] /= n;
        s[j][i] = s[i][j];
      }
    }
    double trace = 0;
    for (int i = 0; i < d; i++) {
      trace += s[i][i];
    }
    double target = trace / d;
    double used = Double.isNaN(shrinkage) ? ledoitWolf(benign, mu, s, target) : shrinkage;
    double[][] sigma = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        sigma[i][j] = (1 - used) * s[i][j] + (i == j ? used * target : 0);
      }
    }
    RealMatrix inverse;
    try {
      inverse =
          new CholeskyDecomposition(new Array2DRowRealMatrix(sigma, false))
              .getSolver()
              .getInverse();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the benign covariance is singular (shrinkage "
              + used
              + "); use shrinkage > 0 or more benign vectors",
          e);
    }
    return new MahalanobisDetector(Vectors.toFloats(mu), inverse.getData(), used);
  }

  /**
   * Ledoit and Wolf's optimal shrinkage towards (tr S / d) I: s = min(b2, d2) / d2 with d2 = |S - m
   * I|^2 and b2 = (1/n^2) sum_k |x_k x_k' - S|^2 (Frobenius norms; centred x_k).
   */
  private static double ledoitWolf(List<float[]> xs, double[] mu, double[][] s, double target) {
    int d = mu.length;
    int n = xs.size();
    double d2 = 0;
    double sNorm2 = 0;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double e = s[i][j] - (i == j ? target : 0);
        d2 += e * e;
        sNorm2 += s[i][j] * s[i][j];
      }
    }
    // |x x' - S|^2 = |x|^4 - 2 x'Sx + |S|^2
    double b2 = 0;
    double[] c = new double[d];
    for (float[] x : xs) {
      double norm2 = 0;
      for (int i = 0; i < d; i++) {
        c[i] = x[i] - mu[i];
        norm2 += c[i] * c[i];
      }
      double quad = 0;
      for (int i = 0; i < d; i++) {
        double row = 0;
        for (int j = 0; j < d; j++) {
          row += s[i][j] * c[j];
        }
        quad += c[i] * row;
      }
      b2 += norm2 * norm2 - 2 * quad + sNorm2;
    }
    b2 /= (double) n * n;
    return d2 == 0 ? 1 : Math.min(b2, d2) / d2;
  }

  @Override
  public int dimension() {
    return mean.length;
  }

  private double[] centredPrecision(float[] x, double[] centred) {
    int d = mean.length;
    for (int i = 0; i < d; i++) {
      centred[i] = x[i] - mean[i];
    }
    double[] pc = new double[d];
    for (int i = 0; i < d; i++) {
      double row = 0;
      for (int j = 0; j < d; j++) {
        row += precision[i][j] * centred[j];
      }
      pc[i] = row;
    }
    return pc;
  }

  /** The squared distance (x - mu)' Sigma^-1 (x - mu). */
  @Override
  public double score(float[] x) {
    VectorScorer.checkLength(this, x);
    double[] centred = new double[x.length];
    double[] pc = centredPrecision(x, centred);
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += centred[i] * pc[i];
    }
    return s;
  }

  /** 2 Sigma^-1 (x - mu). */
  @Override
  public float[] gradient(float[] x) {
    VectorScorer.checkLength(this, x);
    double[] pc = centredPrecision(x, new double[x.length]);
    float[] g = new float[x.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) (2 * pc[i]);
    }
    return g;
  }
}
