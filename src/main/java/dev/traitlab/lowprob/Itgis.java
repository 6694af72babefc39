package dev.traitlab.lowprob;

import java.util.SplittableRandom;

/**
 * Independent token gradient importance sampling (ITGIS, Wu and Hilton 2024, section 4.1): inputs
 * are drawn from an importance distribution that keeps positions independent, q_p(u) proportional
 * to p_p(u) exp(s_p(u) / T), where s_p(u) is an exponential moving average (decay 0.9) of the
 * batch-mean gradient of the target logit with respect to the one-hot token u at position p; the
 * estimate is the mean of 1[argmax = target] p(x) / q(x) over all draws. As in the reference code
 * the moving sum is not normalised, so batch i uses temperature T (1 - decay^i) / (1 - decay).
 *
 * <p>Several targets run side by side (one batch of rows per target in each model call); each keeps
 * its own scores, draws and estimate.
 */
public final class Itgis {
  private Itgis() {}

  /**
   * Hyper-parameters.
   *
   * @param temperature T > 0
   * @param samples model calls per target (a multiple of batch)
   * @param batch draws per target between updates of the scores
   * @param decay moving-average decay in [0, 1)
   */
  public record Settings(double temperature, int samples, int batch, double decay) {
    public Settings {
      if (!(temperature > 0)) {
        throw new IllegalArgumentException("ITGIS temperature must be > 0, got " + temperature);
      }
      if (batch < 1 || samples < batch || samples % batch != 0) {
        throw new IllegalArgumentException(
            "ITGIS needs samples (" + samples + ") a positive multiple of batch (" + batch + ")");
      }
      if (!(decay >= 0 && decay < 1)) {
        throw new IllegalArgumentException("ITGIS decay must be in [0, 1), got " + decay);
      }
    }
  }

  /** One estimate per target. */
  public static double[] estimate(
      ArgmaxModel model, InputDistribution dist, int[] targets, Settings s, long seed) {
    int k = targets.length;
    int t = dist.length();
    int[] varying = dist.varyingPositions();
    // scores[target][position][index into the position's tokens]
    double[][][] scores = new double[k][t][];
    for (int j = 0; j < k; j++) {
      for (int p = 0; p < t; p++) {
        scores[j][p] = new double[dist.at(p).size()];
      }
    }
    double[] sums = new double[k];
    SplittableRandom rng = new SplittableRandom(seed);
    int b = s.batch();
    int[][] rows = new int[k * b][t];
    int[] rowTargets = new int[k * b];
    double[] logWeights = new double[k * b];
    for (int i = 0; i < s.samples() / b; i++) {
      double temp = i == 0 ? 1 : s.temperature() * (1 - Math.pow(s.decay(), i)) / (1 - s.decay());
      for (int j = 0; j < k; j++) {
        for (int r = j * b; r < (j + 1) * b; r++) {
          rowTargets[r] = targets[j];
          logWeights[r] = 0;
        }
        for (int p = 0; p < t; p++) {
          TokenDistribution d = dist.at(p);
          if (d.size() == 1) {
            for (int r = j * b; r < (j + 1) * b; r++) {
              rows[r][p] = d.tokens()[0];
            }
            continue;
          }
          double max = max(scores[j][p]);
          double[] q = tilted(d.probabilities(), scores[j][p], max, temp);
          double z = 0;
          for (double w : q) {
            z += w;
          }
          for (int r = j * b; r < (j + 1) * b; r++) {
            int u = TokenDistribution.drawIndex(q, rng);
            rows[r][p] = d.tokens()[u];
            // log p/q at this position, with q(u) = p(u) exp((score(u) - max) / temp) / z.
            logWeights[r] += Math.log(z) - (scores[j][p][u] - max) / temp;
          }
        }
      }
      ArgmaxModel.Evaluation e = model.evaluate(rows, rowTargets, false, true);
      for (int j = 0; j < k; j++) {
        for (int r = j * b; r < (j + 1) * b; r++) {
          if (e.argmax()[r] == targets[j]) {
            sums[j] += Math.exp(logWeights[r]);
          }
        }
        for (int p : varying) {
          int[] toks = dist.at(p).tokens();
          double[] sc = scores[j][p];
          for (int u = 0; u < toks.length; u++) {
            double g = 0;
            for (int r = j * b; r < (j + 1) * b; r++) {
              g += e.gradients().at(r, p, toks[u]);
            }
            sc[u] = s.decay() * sc[u] + g / b;
          }
        }
      }
    }
    double[] out = new double[k];
    for (int j = 0; j < k; j++) {
      out[j] = sums[j] / s.samples();
    }
    return out;
  }

  /**
   * Unnormalised p(u) exp((score(u) - shift) / temp); a shift of the largest score keeps every
   * exponent <= 0, and cancels between a weight and its normaliser.
   */
  static double[] tilted(double[] p, double[] score, double shift, double temp) {
    double[] q = new double[p.length];
    for (int u = 0; u < p.length; u++) {
      q[u] = p[u] * Math.exp((score[u] - shift) / temp);
    }
    return q;
  }

  static double max(double[] values) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : values) {
      max = Math.max(max, x);
    }
    return max;
  }
}
