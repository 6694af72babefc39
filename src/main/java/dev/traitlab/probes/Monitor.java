package dev.traitlab.probes;

import java.util.List;

/**
 * A latent-space monitor over several points: one {@link VectorScorer} per point, and an input's
 * score the mean over points of the mean over its monitored tokens (Bailey et al. aggregate probe
 * scores over layers and token positions by the mean). Its gradient with respect to every token
 * vector is what an obfuscation attack follows.
 *
 * @param family which kind of monitor (for reports)
 * @param points the points read, in the order of {@link ActivationSet#points()}
 * @param scorers one per point
 */
public record Monitor(String family, List<String> points, List<VectorScorer> scorers) {

  public Monitor {
    points = List.copyOf(points);
    scorers = List.copyOf(scorers);
    if (points.isEmpty() || points.size() != scorers.size()) {
      throw new IllegalArgumentException(
          "a monitor needs one scorer per point, got "
              + scorers.size()
              + " for "
              + points.size()
              + " points");
    }
  }

  /** The score of one input, acts [points][tokens][hidden] in this monitor's point order. */
  public double score(float[][][] acts) {
    check(acts);
    double total = 0;
    for (int p = 0; p < acts.length; p++) {
      double sum = 0;
      for (float[] x : acts[p]) {
        sum += scorers.get(p).score(x);
      }
      total += sum / acts[p].length;
    }
    return total / acts.length;
  }

  /** d score / d acts, the shape of {@code acts}. */
  public float[][][] gradient(float[][][] acts) {
    check(acts);
    float[][][] g = new float[acts.length][][];
    for (int p = 0; p < acts.length; p++) {
      g[p] = new float[acts[p].length][];
      double w = 1.0 / (acts.length * acts[p].length);
      for (int t = 0; t < acts[p].length; t++) {
        float[] gt = scorers.get(p).gradient(acts[p][t]);
        for (int i = 0; i < gt.length; i++) {
          gt[i] *= (float) w;
        }
        g[p][t] = gt;
      }
    }
    return g;
  }

  /** Scores of every input of a set that holds (at least) this monitor's points. */
  public double[] scores(ActivationSet set) {
    double[] out = new double[set.size()];
    for (int e = 0; e < out.length; e++) {
      out[e] = score(restrict(set.examples().get(e), set.points()));
    }
    return out;
  }

  /**
   * An input's activations at this monitor's points, picked by name from activations at {@code
   * available} (which must include them all).
   */
  public float[][][] restrict(float[][][] acts, List<String> available) {
    if (available.equals(points)) {
      return acts;
    }
    float[][][] out = new float[points.size()][][];
    for (int p = 0; p < out.length; p++) {
      int at = available.indexOf(points.get(p));
      if (at < 0) {
        throw new IllegalArgumentException(
            "monitor reads " + points.get(p) + " but the activations are at " + available);
      }
      out[p] = acts[at];
    }
    return out;
  }

  private void check(float[][][] acts) {
    if (acts.length != points.size()) {
      throw new IllegalArgumentException(
          "monitor reads " + points.size() + " points, got activations at " + acts.length);
    }
    for (float[][] a : acts) {
      if (a.length == 0) {
        throw new IllegalArgumentException("no tokens to monitor");
      }
    }
  }
}
