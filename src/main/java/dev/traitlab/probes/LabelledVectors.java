package dev.traitlab.probes;

import dev.traitlab.nn.train.ArrayAdam;
import java.util.ArrayList;
import java.util.List;

/**
 * Token vectors with binary labels, standardised per feature, for training a supervised probe:
 * positives (label 1) and negatives (label 0) weighted so that each class carries half the loss.
 */
final class LabelledVectors {
  final float[][] x; // standardised
  final float[] y;
  final float[] weight;
  final double[] mean;
  final double[] scale;

  LabelledVectors(List<float[]> positives, List<float[]> negatives) {
    if (positives.isEmpty() || negatives.isEmpty()) {
      throw new IllegalArgumentException(
          "a supervised probe needs positives and negatives, got "
              + positives.size()
              + " and "
              + negatives.size());
    }
    List<float[]> all = new ArrayList<>(positives);
    all.addAll(negatives);
    mean = Vectors.mean(all);
    int d = mean.length;
    scale = new double[d];
    for (float[] v : all) {
      for (int i = 0; i < d; i++) {
        scale[i] += (v[i] - mean[i]) * (v[i] - mean[i]);
      }
    }
    for (int i = 0; i < d; i++) {
      scale[i] = Math.max(Math.sqrt(scale[i] / all.size()), 1e-6);
    }
    int n = all.size();
    x = new float[n][d];
    y = new float[n];
    weight = new float[n];
    for (int r = 0; r < n; r++) {
      float[] v = all.get(r);
      for (int i = 0; i < d; i++) {
        x[r][i] = (float) ((v[i] - mean[i]) / scale[i]);
      }
      boolean positive = r < positives.size();
      y[r] = positive ? 1 : 0;
      weight[r] = (float) (n / (2.0 * (positive ? positives.size() : negatives.size())));
    }
  }

  int size() {
    return y.length;
  }

  int dimension() {
    return mean.length;
  }

  /** A differentiable logit of a standardised row under flat parameters. */
  interface Model {
    /** The logit of row {@code x}. */
    double logit(float[] params, float[] x);

    /** Adds dlogit times d logit / d params at row {@code x} into {@code grad}. */
    void accumulate(float[] params, float[] x, double dlogit, float[] grad);
  }

  /**
   * Minibatch Adam on the weighted binary cross-entropy of {@code model}'s logits; rows are
   * shuffled each epoch by a stream seeded by {@code seed}.
   */
  void train(Model model, float[] params, ProbeTraining training, long seed) {
    ArrayAdam adam = new ArrayAdam(params, training.learningRate(), training.weightDecay());
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    int n = size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    float[] grad = new float[params.length];
    for (int epoch = 0; epoch < training.epochs(); epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int start = 0; start < n; start += training.batchSize()) {
        int end = Math.min(n, start + training.batchSize());
        java.util.Arrays.fill(grad, 0);
        for (int k = start; k < end; k++) {
          int row = order[k];
          double logit = model.logit(params, x[row]);
          model.accumulate(params, x[row], logitGradient(row, logit) / (end - start), grad);
        }
        adam.step(grad);
      }
    }
  }

  /** d BCE(sigmoid(logit), y) / d logit, times the row's weight. */
  float logitGradient(int row, double logit) {
    return (float) (weight[row] * (1 / (1 + Math.exp(-logit)) - y[row]));
  }
}
