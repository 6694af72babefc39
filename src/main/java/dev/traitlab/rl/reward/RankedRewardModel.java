package dev.traitlab.rl.reward;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.traitlab.core.Seeds;
import dev.traitlab.nn.mlp.BatchedMlp;
import dev.traitlab.nn.train.AdamStepper;

/**
 * A reward model trained as InstructGPT's (Ouyang et al. 2022, section 3.5): K answers per prompt
 * ranked by a labeller, all C(K, 2) pairs of a prompt in one batch element ({@link RankingLoss}),
 * batches of prompts, Adam. The model is an MLP head ({@link RewardHeads.Settings}: hidden width 0
 * is linear) over fixed feature rows (a frozen language model's activations, {@link
 * ResponseFeatures}), standardised with the training rows' mean and SD; its scores can be recentred
 * so that a reference set (the SFT policy's samples) averages 0, as the paper normalises its reward
 * model on demonstrations.
 */
public final class RankedRewardModel implements AutoCloseable {
  private final NDManager manager;
  private final BatchedMlp head;
  private final float[] mean;
  private final float[] inverseSd;
  private double offset;

  private RankedRewardModel(NDManager manager, BatchedMlp head, float[] mean, float[] inverseSd) {
    this.manager = manager;
    this.head = head;
    this.mean = mean;
    this.inverseSd = inverseSd;
  }

  /**
   * Trains a head on groups of K consecutive rows: rows [g K, (g + 1) K) answer prompt g, and
   * quality ranks them (higher better, equal ties). {@code settings.batch()} counts prompts per
   * step, {@code settings.epochs()} passes over the prompts (the paper: 1).
   *
   * @param rows feature rows, [G K][features]
   * @param quality one per row
   * @throws IllegalArgumentException when the rows do not form whole groups of K >= 2
   */
  public static RankedRewardModel train(
      float[][] rows, int k, double[] quality, RewardHeads.Settings settings, long seed) {
    if (k < 2 || rows.length == 0 || rows.length % k != 0 || quality.length != rows.length) {
      throw new IllegalArgumentException(
          "ranked comparisons need whole groups of K >= 2 rows with one quality each, got "
              + rows.length
              + " rows, K = "
              + k
              + ", "
              + quality.length
              + " qualities");
    }
    int f = rows[0].length;
    float[] mean = new float[f];
    float[] inv = new float[f];
    for (int j = 0; j < f; j++) {
      double s = 0;
      double sq = 0;
      for (float[] r : rows) {
        s += r[j];
        sq += (double) r[j] * r[j];
      }
      double m = s / rows.length;
      mean[j] = (float) m;
      inv[j] = (float) (1 / Math.sqrt(Math.max(sq / rows.length - m * m, 1e-12)));
    }
    int groups = rows.length / k;
    int batch = Math.min(settings.batch(), groups);
    int[] widths = settings.hidden() == 0 ? new int[] {f, 1} : new int[] {f, settings.hidden(), 1};
    NDManager manager = NDManager.newBaseManager();
    BatchedMlp mlp =
        BatchedMlp.initialise(
            manager, widths, new long[] {Seeds.derive(seed, "rm-init")}, DataType.FLOAT32);
    RankedRewardModel model = new RankedRewardModel(manager, mlp, mean, inv);
    mlp.requireGradients();
    AdamStepper adam = new AdamStepper(mlp.parameters(), settings.learningRate());
    float[] x = new float[batch * k * f];
    float[] better = new float[batch * k * k];
    for (int epoch = 0; epoch < settings.epochs(); epoch++) {
      int[] order = Seeds.permutation(Seeds.derive(seed, "rm-batches", epoch), groups);
      for (int step = 0; step + batch <= groups; step += batch) {
        for (int b = 0; b < batch; b++) {
          int g = order[step + b];
          double[] q = new double[k];
          for (int i = 0; i < k; i++) {
            model.standardise(rows[g * k + i], x, (b * k + i) * f);
            q[i] = quality[g * k + i];
          }
          float[][] bt = RankingLoss.better(q);
          for (int i = 0; i < k; i++) {
            System.arraycopy(bt[i], 0, better, (b * k + i) * k, k);
          }
        }
        try (NDManager tmp = manager.newSubManager()) {
          NDArray input = tmp.create(x, new Shape(batch * k, f));
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray r = mlp.forward(input).reshape(batch, k);
            gc.backward(RankingLoss.loss(r, tmp.create(better, new Shape(batch, k, k))));
          }
        }
        adam.step();
      }
    }
    for (NDArray p : mlp.parameters()) {
      p.setRequiresGradient(false);
    }
    return model;
  }

  private void standardise(float[] row, float[] into, int at) {
    for (int j = 0; j < row.length; j++) {
      into[at + j] = (row[j] - mean[j]) * inverseSd[j];
    }
  }

  /** The reward of each feature row (after any recentring). */
  public double[] score(float[][] rows) {
    int f = mean.length;
    double[] out = new double[rows.length];
    int chunk = 4096;
    for (int from = 0; from < rows.length; from += chunk) {
      int to = Math.min(rows.length, from + chunk);
      float[] x = new float[(to - from) * f];
      for (int i = from; i < to; i++) {
        if (rows[i].length != f) {
          throw new IllegalArgumentException(
              "feature row " + i + " has " + rows[i].length + " values, the model reads " + f);
        }
        standardise(rows[i], x, (i - from) * f);
      }
      try (NDManager tmp = manager.newSubManager()) {
        float[] r = head.forward(tmp.create(x, new Shape(to - from, f))).toFloatArray();
        for (int i = from; i < to; i++) {
          out[i] = r[i - from] - offset;
        }
      }
    }
    return out;
  }

  /** Shifts the scores so that these rows (the reference policy's samples) average 0. */
  public void recentre(float[][] reference) {
    double[] s = score(reference);
    offset += java.util.Arrays.stream(s).average().orElse(0);
  }

  @Override
  public void close() {
    head.close();
    manager.close();
  }
}
