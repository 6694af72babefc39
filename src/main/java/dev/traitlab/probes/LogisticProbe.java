package dev.traitlab.probes;

import java.util.List;

/**
 * A linear probe: logistic regression on token vectors, scored by its logit w.x + b (the log-odds
 * that the token belongs to the positive class). Bailey et al.'s "linear probe".
 *
 * @param weights w, on raw activations
 * @param bias b
 */
public record LogisticProbe(float[] weights, double bias) implements VectorScorer {

  /**
   * Trains on positive (label 1) and negative token vectors, balanced by class, weights from 0.
   * Deterministic: the seed only orders the minibatches.
   */
  public static LogisticProbe fit(
      List<float[]> positives, List<float[]> negatives, ProbeTraining training, long seed) {
    LabelledVectors data = new LabelledVectors(positives, negatives);
    int d = data.dimension();
    float[] p = new float[d + 1]; // w (standardised space), then b
    data.train(
        new LabelledVectors.Model() {
          @Override
          public double logit(float[] params, float[] x) {
            double s = params[d];
            for (int i = 0; i < d; i++) {
              s += params[i] * x[i];
            }
            return s;
          }

          @Override
          public void accumulate(float[] params, float[] x, double dlogit, float[] grad) {
            for (int i = 0; i < d; i++) {
              grad[i] += (float) (dlogit * x[i]);
            }
            grad[d] += (float) dlogit;
          }
        },
        p,
        training,
        seed);
    // w.(x - mean)/scale + b = (w/scale).x + (b - sum w mean/scale)
    float[] w = new float[d];
    double b = p[d];
    for (int i = 0; i < d; i++) {
      w[i] = (float) (p[i] / data.scale[i]);
      b -= p[i] * data.mean[i] / data.scale[i];
    }
    return new LogisticProbe(w, b);
  }

  @Override
  public int dimension() {
    return weights.length;
  }

  @Override
  public double score(float[] x) {
    VectorScorer.checkLength(this, x);
    return Vectors.dot(weights, x) + bias;
  }

  @Override
  public float[] gradient(float[] x) {
    VectorScorer.checkLength(this, x);
    return weights.clone();
  }
}
