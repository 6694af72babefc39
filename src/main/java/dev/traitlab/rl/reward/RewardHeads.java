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
import java.util.SplittableRandom;

/**
 * Reward models as MLP heads over fixed features (a frozen language model's activations for each
 * prompt-answer pair), several trained at once as one stacked computation: one per seed, each on
 * its own comparisons, with the Bradley-Terry loss ({@link BradleyTerry}) and Adam. A head of
 * hidden width 0 is linear (features -> scalar); otherwise features -> ReLU(width) -> scalar.
 */
public final class RewardHeads {
  private RewardHeads() {}

  /**
   * Training settings.
   *
   * @param hidden hidden width (0: a linear head)
   * @param epochs passes over each head's comparisons
   * @param batch comparisons per step and head
   * @param learningRate Adam step size
   */
  public record Settings(int hidden, int epochs, int batch, double learningRate) {
    public Settings {
      if (hidden < 0 || epochs < 1 || batch < 1 || !(learningRate > 0)) {
        throw new IllegalArgumentException(
            "reward heads need hidden >= 0, epochs >= 1, batch >= 1 and a positive learning"
                + " rate, got "
                + this);
      }
    }
  }

  /**
   * Comparisons of one head: row chosen[i] of the features is preferred to row rejected[i].
   *
   * @param chosen feature rows of the preferred answers
   * @param rejected feature rows of the rejected answers, as long as chosen
   */
  public record Comparisons(int[] chosen, int[] rejected) {
    public Comparisons {
      if (chosen.length != rejected.length || chosen.length == 0) {
        throw new IllegalArgumentException(
            "comparisons need as many chosen as rejected rows (at least one), got "
                + chosen.length
                + " and "
                + rejected.length);
      }
    }

    public int size() {
      return chosen.length;
    }
  }

  /** Parameters of one head over {@code features} inputs. */
  public static long parameterCount(int features, int hidden) {
    return hidden == 0 ? features + 1L : (long) features * hidden + 2L * hidden + 1;
  }

  /**
   * Trains one head per seed, head m on {@code comparisons[m]} (all of the same size) over the rows
   * of {@code train}, and returns head m's reward for every row of {@code score}: [heads][rows].
   * Each head's initialisation and batch order come from its own seed only.
   *
   * @param train feature rows the comparisons index, [rows][features]
   * @param score feature rows to score, [rows][features]
   */
  public static double[][] trainAndScore(
      float[][] train,
      Comparisons[] comparisons,
      float[][] score,
      Settings settings,
      long[] seeds) {
    try (Trained heads = train(train, comparisons, settings, seeds)) {
      return heads.score(score);
    }
  }

  /**
   * Trains one head per seed as {@link #trainAndScore} does and keeps them for scoring new rows;
   * the caller closes the result.
   *
   * @param train feature rows the comparisons index, [rows][features]
   */
  public static Trained train(
      float[][] train, Comparisons[] comparisons, Settings settings, long[] seeds) {
    int heads = seeds.length;
    if (comparisons.length != heads) {
      throw new IllegalArgumentException(
          comparisons.length + " comparison sets for " + heads + " seeds");
    }
    int pairs = comparisons[0].size();
    for (Comparisons c : comparisons) {
      if (c.size() != pairs) {
        throw new IllegalArgumentException(
            "every head needs the same number of comparisons: " + c.size() + " and " + pairs);
      }
    }
    int f = train[0].length;
    int[] widths = settings.hidden() == 0 ? new int[] {f, 1} : new int[] {f, settings.hidden(), 1};
    int batch = Math.min(settings.batch(), pairs);
    NDManager manager = NDManager.newBaseManager();
    BatchedMlp mlp = BatchedMlp.initialise(manager, widths, seeds, DataType.FLOAT32);
    try {
      mlp.requireGradients();
      AdamStepper adam = new AdamStepper(mlp.parameters(), settings.learningRate());
      SplittableRandom[] order = new SplittableRandom[heads];
      for (int m = 0; m < heads; m++) {
        order[m] = new SplittableRandom(Seeds.derive(seeds[m], "reward-head-batches"));
      }
      int[][] permutation = new int[heads][];
      float[] x = new float[heads * 2 * batch * f];
      int stepsPerEpoch = pairs / batch;
      for (int epoch = 0; epoch < settings.epochs(); epoch++) {
        for (int m = 0; m < heads; m++) {
          permutation[m] = shuffled(pairs, order[m]);
        }
        for (int step = 0; step < stepsPerEpoch; step++) {
          for (int m = 0; m < heads; m++) {
            for (int j = 0; j < batch; j++) {
              int p = permutation[m][step * batch + j];
              System.arraycopy(
                  train[comparisons[m].chosen()[p]], 0, x, ((m * 2) * batch + j) * f, f);
              System.arraycopy(
                  train[comparisons[m].rejected()[p]], 0, x, ((m * 2 + 1) * batch + j) * f, f);
            }
          }
          try (NDManager tmp = manager.newSubManager()) {
            NDArray input = tmp.create(x, new Shape(heads, 2L * batch, f));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              NDArray r = mlp.forward(input).reshape(heads, 2, batch);
              NDArray margins = r.get(":, 0, :").sub(r.get(":, 1, :"));
              gc.backward(BradleyTerry.loss(margins).sum());
            }
          }
          adam.step();
        }
      }
    } catch (RuntimeException e) {
      mlp.close();
      manager.close();
      throw e;
    }
    return new Trained(manager, mlp);
  }

  /** Trained heads: scores feature rows with every head. */
  public static final class Trained implements AutoCloseable {
    private final NDManager manager;
    private final BatchedMlp mlp;

    private Trained(NDManager manager, BatchedMlp mlp) {
      this.manager = manager;
      this.mlp = mlp;
    }

    /** Head m's reward for every row, [heads][rows]; rows are [rows][features]. */
    public double[][] score(float[][] rows) {
      return RewardHeads.score(manager, mlp, rows);
    }

    @Override
    public void close() {
      mlp.close();
      manager.close();
    }
  }

  private static double[][] score(NDManager manager, BatchedMlp mlp, float[][] rows) {
    int heads = mlp.models();
    int f = rows[0].length;
    double[][] out = new double[heads][rows.length];
    int chunk = 4096;
    for (int from = 0; from < rows.length; from += chunk) {
      int to = Math.min(rows.length, from + chunk);
      float[] x = new float[(to - from) * f];
      for (int i = from; i < to; i++) {
        System.arraycopy(rows[i], 0, x, (i - from) * f, f);
      }
      try (NDManager tmp = manager.newSubManager()) {
        float[] r = mlp.forward(tmp.create(x, new Shape(to - from, f))).toFloatArray();
        for (int m = 0; m < heads; m++) {
          for (int i = from; i < to; i++) {
            out[m][i] = r[m * (to - from) + (i - from)];
          }
        }
      }
    }
    return out;
  }

  private static int[] shuffled(int n, SplittableRandom random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
