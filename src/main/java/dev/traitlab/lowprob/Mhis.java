package dev.traitlab.lowprob;

import java.util.SplittableRandom;

/**
 * Metropolis-Hastings importance sampling (MHIS, Wu and Hilton 2024, section 4.1): parallel random
 * walks over inputs whose stationary distribution is q(x) proportional to p(x) exp(s(x) / T), s the
 * target logit. A step picks a varying position at random and proposes its token u with probability
 * proportional to p(u) exp(g(u) / T), g the one-hot gradient of s at the current input; the move is
 * accepted by the Metropolis-Hastings rule with both proposal probabilities. After burn-in, with Z
 * = E_p[exp(s / T)] estimated as 1 / mean_q(exp(-s / T)), the estimate is mean_q(1[argmax = target]
 * Z exp(-s / T)).
 *
 * <p>Every model call counts against the budget, the burn-in and the chains' first inputs included.
 * Several targets run side by side, each with its own chains.
 */
public final class Mhis {
  private Mhis() {}

  /**
   * Hyper-parameters.
   *
   * @param temperature T > 0
   * @param samples model calls per target, burn-in included (a multiple of chains)
   * @param chains parallel walks per target
   * @param burnIn steps of each walk before its states are kept
   */
  public record Settings(double temperature, int samples, int chains, int burnIn) {
    public Settings {
      if (!(temperature > 0)) {
        throw new IllegalArgumentException("MHIS temperature must be > 0, got " + temperature);
      }
      if (chains < 1 || samples % chains != 0) {
        throw new IllegalArgumentException(
            "MHIS needs samples (" + samples + ") a multiple of chains (" + chains + ")");
      }
      if (burnIn < 0 || samples / chains - 1 <= burnIn) {
        throw new IllegalArgumentException(
            "MHIS burn-in of "
                + burnIn
                + " steps leaves no kept state within "
                + samples / chains
                + " calls per chain");
      }
    }

    /** Steps after the chains' first inputs. */
    public int steps() {
      return samples / chains - 1;
    }
  }

  /** One estimate per target. */
  public static double[] estimate(
      ArgmaxModel model, InputDistribution dist, int[] targets, Settings s, long seed) {
    int k = targets.length;
    int c = s.chains();
    int n = k * c;
    int t = dist.length();
    int[] varying = dist.varyingPositions();
    if (varying.length == 0) {
      throw new IllegalArgumentException("MHIS: distribution " + dist.name() + " is constant");
    }
    double temp = s.temperature();
    SplittableRandom rng = new SplittableRandom(seed);
    int[] rowTargets = new int[n];
    for (int r = 0; r < n; r++) {
      rowTargets[r] = targets[r / c];
    }
    int[][] current = dist.sample(n, rng);
    ArgmaxModel.Evaluation e = model.evaluate(current, rowTargets, false, true);
    double[] score = new double[n];
    boolean[] hit = new boolean[n];
    double[][][] grad = new double[n][t][];
    for (int r = 0; r < n; r++) {
      score[r] = e.targetLogits()[r];
      hit[r] = e.argmax()[r] == rowTargets[r];
      grad[r] = oneHot(e.gradients(), r, dist, varying);
    }
    // Kept states: sums of exp(-(s - shift)/T) and of hits times it, with a per-target shift (the
    // first kept score) so that the exponentials stay in range; the shift cancels in the ratio.
    double[] shift = new double[k];
    boolean[] shifted = new boolean[k];
    double[] norm = new double[k];
    double[] hits = new double[k];
    int[][] proposed = new int[n][];
    int[] pos = new int[n];
    int[] newIndex = new int[n];
    int[] oldIndex = new int[n];
    double[] logForward = new double[n];
    for (int step = 0; step < s.steps(); step++) {
      for (int r = 0; r < n; r++) {
        int p = varying[rng.nextInt(varying.length)];
        TokenDistribution d = dist.at(p);
        double[] q = proposal(d, grad[r][p], temp);
        int u = TokenDistribution.drawIndex(q, rng);
        pos[r] = p;
        newIndex[r] = u;
        oldIndex[r] = d.indexOf(current[r][p]);
        logForward[r] = Math.log(q[u] / sum(q));
        proposed[r] = current[r].clone();
        proposed[r][p] = d.tokens()[u];
      }
      ArgmaxModel.Evaluation pe = model.evaluate(proposed, rowTargets, false, true);
      for (int r = 0; r < n; r++) {
        TokenDistribution d = dist.at(pos[r]);
        double[][] pg = oneHot(pe.gradients(), r, dist, varying);
        double[] back = proposal(d, pg[pos[r]], temp);
        double logBackward = Math.log(back[oldIndex[r]] / sum(back));
        double ps = pe.targetLogits()[r];
        double logAccept =
            (ps - score[r]) / temp
                + Math.log(d.probabilities()[newIndex[r]])
                - Math.log(d.probabilities()[oldIndex[r]])
                + logBackward
                - logForward[r];
        if (Math.log(rng.nextDouble()) < logAccept) {
          current[r] = proposed[r];
          score[r] = ps;
          hit[r] = pe.argmax()[r] == rowTargets[r];
          grad[r] = pg;
        }
        if (step >= s.burnIn()) {
          int j = r / c;
          if (!shifted[j]) {
            shift[j] = score[r];
            shifted[j] = true;
          }
          double w = Math.exp(-(score[r] - shift[j]) / temp);
          norm[j] += w;
          if (hit[r]) {
            hits[j] += w;
          }
        }
      }
    }
    double[] out = new double[k];
    for (int j = 0; j < k; j++) {
      out[j] = hits[j] / norm[j];
    }
    return out;
  }

  /** Unnormalised proposal p(u) exp(g(u) / T) over a position's tokens, shifted by max g. */
  private static double[] proposal(TokenDistribution d, double[] g, double temp) {
    return Itgis.tilted(d.probabilities(), g, Itgis.max(g), temp);
  }

  private static double sum(double[] q) {
    double s = 0;
    for (double x : q) {
      s += x;
    }
    return s;
  }

  /**
   * A row's one-hot gradients at the varying positions, [T][position's tokens] (null elsewhere).
   */
  private static double[][] oneHot(
      ArgmaxModel.OneHotGradient g, int row, InputDistribution dist, int[] varying) {
    double[][] out = new double[dist.length()][];
    for (int p : varying) {
      int[] toks = dist.at(p).tokens();
      out[p] = new double[toks.length];
      for (int u = 0; u < toks.length; u++) {
        out[p][u] = g.at(row, p, toks[u]);
      }
    }
    return out;
  }
}
