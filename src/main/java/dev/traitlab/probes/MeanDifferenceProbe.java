package dev.traitlab.probes;

import java.util.List;

/**
 * The simplest supervised monitor: the direction from the benign mean to the harmful mean, and a
 * token's cosine similarity with it as its score (Bailey et al. 2024's mean-difference cosine
 * metric). Fitting has no randomness and no hyperparameters.
 *
 * @param direction mean(positives) - mean(negatives)
 */
public record MeanDifferenceProbe(float[] direction) implements VectorScorer {

  public MeanDifferenceProbe {
    if (!(Vectors.norm(direction) > 0)) {
      throw new IllegalArgumentException(
          "the mean-difference direction is zero: positives and negatives have the same mean");
    }
  }

  /** The direction between the means of positive and negative token vectors. */
  public static MeanDifferenceProbe fit(List<float[]> positives, List<float[]> negatives) {
    double[] p = Vectors.mean(positives);
    double[] n = Vectors.mean(negatives);
    float[] d = new float[p.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (p[i] - n[i]);
    }
    return new MeanDifferenceProbe(d);
  }

  @Override
  public int dimension() {
    return direction.length;
  }

  /** cos(x, direction), in [-1, 1]; 0 for the zero vector. */
  @Override
  public double score(float[] x) {
    VectorScorer.checkLength(this, x);
    double nx = Vectors.norm(x);
    return nx == 0 ? 0 : Vectors.dot(x, direction) / (nx * Vectors.norm(direction));
  }

  /** d cos / dx = d / (|x||d|) - cos x / |x|^2. */
  @Override
  public float[] gradient(float[] x) {
    VectorScorer.checkLength(this, x);
    double nx = Vectors.norm(x);
    float[] g = new float[x.length];
    if (nx == 0) {
      return g;
    }
    double nd = Vectors.norm(direction);
    double cos = Vectors.dot(x, direction) / (nx * nd);
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) (direction[i] / (nx * nd) - cos * x[i] / (nx * nx));
    }
    return g;
  }
}
