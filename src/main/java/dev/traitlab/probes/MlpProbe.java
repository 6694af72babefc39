package dev.traitlab.probes;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A one-hidden-layer ReLU probe scored by its output logit: v.relu(W x + c) + b (Bailey et al.: 64
 * hidden units, Adam 1e-3, weight decay 1e-5).
 *
 * @param w hidden x dimension weights, on raw activations
 * @param c hidden biases
 * @param v output weights
 * @param b output bias
 */
public record MlpProbe(float[][] w, float[] c, float[] v, double b) implements VectorScorer {

  public static final int DEFAULT_HIDDEN = 64;

  /**
   * Trains on positive and negative token vectors, balanced by class; the first layer starts
   * uniform in +-1/sqrt(dimension) and the output layer in +-1/sqrt(hidden) (PyTorch's nn.Linear),
   * drawn from {@code seed}, which also orders the minibatches.
   */
  public static MlpProbe fit(
      List<float[]> positives,
      List<float[]> negatives,
      int hidden,
      ProbeTraining training,
      long seed) {
    if (hidden < 1) {
      throw new IllegalArgumentException("an MLP probe needs hidden units, got " + hidden);
    }
    LabelledVectors data = new LabelledVectors(positives, negatives);
    int d = data.dimension();
    // layout: W (hidden*d), c (hidden), v (hidden), b
    float[] p = new float[hidden * d + 2 * hidden + 1];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < hidden * d; i++) {
      p[i] = (float) ((rng.nextDouble() * 2 - 1) / Math.sqrt(d));
    }
    for (int i = hidden * d; i < p.length; i++) {
      double bound = i < hidden * d + hidden ? 1 / Math.sqrt(d) : 1 / Math.sqrt(hidden);
      p[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
    }
    int cOff = hidden * d;
    int vOff = cOff + hidden;
    int bOff = vOff + hidden;
    float[] h = new float[hidden];
    data.train(
        new LabelledVectors.Model() {
          @Override
          public double logit(float[] q, float[] x) {
            double out = q[bOff];
            for (int j = 0; j < hidden; j++) {
              double a = q[cOff + j];
              for (int i = 0; i < d; i++) {
                a += q[j * d + i] * x[i];
              }
              h[j] = (float) Math.max(0, a);
              out += q[vOff + j] * h[j];
            }
            return out;
          }

          @Override
          public void accumulate(float[] q, float[] x, double dlogit, float[] grad) {
            // h holds this row's hidden activations from the logit() call just before.
            grad[bOff] += (float) dlogit;
            for (int j = 0; j < hidden; j++) {
              grad[vOff + j] += (float) (dlogit * h[j]);
              if (h[j] > 0) {
                double dh = dlogit * q[vOff + j];
                grad[cOff + j] += (float) dh;
                for (int i = 0; i < d; i++) {
                  grad[j * d + i] += (float) (dh * x[i]);
                }
              }
            }
          }
        },
        p,
        training,
        seed);
    float[][] w = new float[hidden][d];
    float[] c = new float[hidden];
    float[] v = new float[hidden];
    for (int j = 0; j < hidden; j++) {
      double bias = p[cOff + j];
      for (int i = 0; i < d; i++) {
        w[j][i] = (float) (p[j * d + i] / data.scale[i]);
        bias -= p[j * d + i] * data.mean[i] / data.scale[i];
      }
      c[j] = (float) bias;
      v[j] = p[vOff + j];
    }
    return new MlpProbe(w, c, v, p[bOff]);
  }

  @Override
  public int dimension() {
    return w[0].length;
  }

  private double[] preActivations(float[] x) {
    double[] a = new double[w.length];
    for (int j = 0; j < w.length; j++) {
      a[j] = c[j] + Vectors.dot(w[j], x);
    }
    return a;
  }

  @Override
  public double score(float[] x) {
    VectorScorer.checkLength(this, x);
    double[] a = preActivations(x);
    double out = b;
    for (int j = 0; j < a.length; j++) {
      out += v[j] * Math.max(0, a[j]);
    }
    return out;
  }

  @Override
  public float[] gradient(float[] x) {
    VectorScorer.checkLength(this, x);
    double[] a = preActivations(x);
    double[] g = new double[x.length];
    for (int j = 0; j < a.length; j++) {
      if (a[j] > 0) {
        for (int i = 0; i < g.length; i++) {
          g[i] += v[j] * w[j][i];
        }
      }
    }
    return Vectors.toFloats(g);
  }
}
