package dev.traitlab.experiments.heuristicestimators;

import java.util.SplittableRandom;

/**
 * A random ReLU network with inputs x ~ N(0, I), hidden layers of ReLU units and a linear readout y
 * = v . h + c (v positive), and the expression Y = E[y]. Three heuristic estimators of Y, each
 * given more arguments than the last:
 *
 * <ul>
 *   <li>G0, mean propagation (no argument): every unit is presumed to sit at its mean, so a layer's
 *       mean is relu of the pre-activation's mean;
 *   <li>G1, variance propagation (the units' variances): pre-activations are presumed Gaussian and
 *       units independent, so only variances travel;
 *   <li>G2, covariance propagation (the units' covariances): pre-activations are presumed jointly
 *       Gaussian, with the covariance of every pair of units propagated.
 * </ul>
 *
 * <p>Y itself is estimated by Monte Carlo with antithetic pairs (x, -x); its standard error is kept
 * beside it.
 */
final class ReluNetwork {
  final int inputs;
  final int[] widths;
  final double[][][] weights; // [layer][out][in]
  final double[][] biases; // [layer][out]
  final double[] readout;
  final double readoutBias;

  private ReluNetwork(
      int inputs, int[] widths, double[][][] w, double[][] b, double[] v, double c) {
    this.inputs = inputs;
    this.widths = widths;
    this.weights = w;
    this.biases = b;
    this.readout = v;
    this.readoutBias = c;
  }

  /**
   * Weights N(0, weightScale^2 / fan-in), biases N(0, biasScale^2), readout weights |N(0, 1)| /
   * sqrt(width): y is a weighted mean activity of the last layer, so that an estimator's bias does
   * not average out over networks as it would under readout weights of either sign.
   */
  static ReluNetwork random(
      int inputs,
      int width,
      int depth,
      double weightScale,
      double biasScale,
      SplittableRandom rng) {
    int[] widths = new int[depth];
    double[][][] w = new double[depth][][];
    double[][] b = new double[depth][];
    int fanIn = inputs;
    for (int l = 0; l < depth; l++) {
      widths[l] = width;
      w[l] = new double[width][fanIn];
      b[l] = new double[width];
      for (int j = 0; j < width; j++) {
        for (int i = 0; i < fanIn; i++) {
          w[l][j][i] = rng.nextGaussian() * weightScale / Math.sqrt(fanIn);
        }
        b[l][j] = rng.nextGaussian() * biasScale;
      }
      fanIn = width;
    }
    double[] v = new double[fanIn];
    for (int i = 0; i < fanIn; i++) {
      v[i] = Math.abs(rng.nextGaussian()) / Math.sqrt(fanIn);
    }
    return new ReluNetwork(inputs, widths, w, b, v, rng.nextGaussian() * biasScale);
  }

  double forward(double[] x) {
    double[] a = x;
    for (int l = 0; l < widths.length; l++) {
      double[] next = new double[widths[l]];
      for (int j = 0; j < widths[l]; j++) {
        double z = biases[l][j];
        double[] row = weights[l][j];
        for (int i = 0; i < a.length; i++) {
          z += row[i] * a[i];
        }
        next[j] = Math.max(z, 0);
      }
      a = next;
    }
    double y = readoutBias;
    for (int i = 0; i < a.length; i++) {
      y += readout[i] * a[i];
    }
    return y;
  }

  /** Y by Monte Carlo over {@code pairs} antithetic pairs: {mean, standard error, sd of y}. */
  double[] monteCarlo(int pairs, SplittableRandom rng) {
    double sum = 0;
    double sumSq = 0;
    double ySum = 0;
    double ySq = 0;
    double[] x = new double[inputs];
    double[] minus = new double[inputs];
    for (int p = 0; p < pairs; p++) {
      for (int i = 0; i < inputs; i++) {
        x[i] = rng.nextGaussian();
        minus[i] = -x[i];
      }
      double y1 = forward(x);
      double y2 = forward(minus);
      double pair = (y1 + y2) / 2;
      sum += pair;
      sumSq += pair * pair;
      ySum += y1 + y2;
      ySq += y1 * y1 + y2 * y2;
    }
    double mean = sum / pairs;
    double var = Math.max(0, (sumSq - pairs * mean * mean) / (pairs - 1));
    double n = 2.0 * pairs;
    double yVar = Math.max(0, (ySq - ySum * ySum / n) / (n - 1));
    return new double[] {mean, Math.sqrt(var / pairs), Math.sqrt(yVar)};
  }

  /**
   * The three estimates of Y and the variance of y that G1 and G2 presume: {G0, G1, G2, Var_G1(y),
   * Var_G2(y)}.
   */
  double[] estimates() {
    // G0: means only
    double[] mean0 = new double[inputs];
    // G1: means and variances, units independent
    double[] mean1 = new double[inputs];
    double[] var1 = new double[inputs];
    java.util.Arrays.fill(var1, 1);
    // G2: means and covariances
    double[] mean2 = new double[inputs];
    double[][] cov2 = new double[inputs][inputs];
    for (int i = 0; i < inputs; i++) {
      cov2[i][i] = 1;
    }
    for (int l = 0; l < widths.length; l++) {
      double[][] w = weights[l];
      int out = widths[l];
      double[] m0 = new double[out];
      double[] m1 = new double[out];
      double[] v1 = new double[out];
      double[] zMean2 = new double[out];
      for (int j = 0; j < out; j++) {
        double z0 = biases[l][j];
        double z1 = biases[l][j];
        double s1 = 0;
        double z2 = biases[l][j];
        for (int i = 0; i < w[j].length; i++) {
          z0 += w[j][i] * mean0[i];
          z1 += w[j][i] * mean1[i];
          s1 += w[j][i] * w[j][i] * var1[i];
          z2 += w[j][i] * mean2[i];
        }
        m0[j] = Math.max(z0, 0);
        double sd1 = Math.sqrt(s1);
        m1[j] = GaussianRelu.mean(z1, sd1);
        v1[j] = Math.max(0, GaussianRelu.secondMoment(z1, sd1) - m1[j] * m1[j]);
        zMean2[j] = z2;
      }
      // covariance of the pre-activations: W C W^T
      double[][] wc = new double[out][];
      for (int j = 0; j < out; j++) {
        wc[j] = new double[cov2.length];
        for (int k = 0; k < cov2.length; k++) {
          double s = 0;
          for (int i = 0; i < cov2.length; i++) {
            s += w[j][i] * cov2[i][k];
          }
          wc[j][k] = s;
        }
      }
      double[][] zCov = new double[out][out];
      for (int j = 0; j < out; j++) {
        for (int k = j; k < out; k++) {
          double s = 0;
          for (int i = 0; i < cov2.length; i++) {
            s += wc[j][i] * w[k][i];
          }
          zCov[j][k] = s;
          zCov[k][j] = s;
        }
      }
      double[] m2 = new double[out];
      double[] sd = new double[out];
      for (int j = 0; j < out; j++) {
        sd[j] = Math.sqrt(Math.max(zCov[j][j], 0));
        m2[j] = GaussianRelu.mean(zMean2[j], sd[j]);
      }
      double[][] c2 = new double[out][out];
      for (int j = 0; j < out; j++) {
        c2[j][j] = Math.max(0, GaussianRelu.secondMoment(zMean2[j], sd[j]) - m2[j] * m2[j]);
        for (int k = j + 1; k < out; k++) {
          double rho = sd[j] * sd[k] > 0 ? zCov[j][k] / (sd[j] * sd[k]) : 0;
          double c =
              GaussianRelu.productMoment(zMean2[j], sd[j], zMean2[k], sd[k], rho) - m2[j] * m2[k];
          c2[j][k] = c;
          c2[k][j] = c;
        }
      }
      mean0 = m0;
      mean1 = m1;
      var1 = v1;
      mean2 = m2;
      cov2 = c2;
    }
    double g0 = readoutBias;
    double g1 = readoutBias;
    double g2 = readoutBias;
    double var1y = 0;
    double var2y = 0;
    for (int i = 0; i < readout.length; i++) {
      g0 += readout[i] * mean0[i];
      g1 += readout[i] * mean1[i];
      g2 += readout[i] * mean2[i];
      var1y += readout[i] * readout[i] * var1[i];
      for (int k = 0; k < readout.length; k++) {
        var2y += readout[i] * cov2[i][k] * readout[k];
      }
    }
    return new double[] {g0, g1, g2, var1y, var2y};
  }
}
