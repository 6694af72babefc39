package dev.traitlab.experiments.rlscaling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.traitlab.core.Plurals;
import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.data.idx.ImageClassificationData;
import dev.traitlab.nn.NativeArrays;
import dev.traitlab.rl.MlpPolicy;
import dev.traitlab.rl.env.ImageClassificationEnv;
import dev.traitlab.rl.ppo.PpoSettings;
import dev.traitlab.rl.ppo.PpoTrainer;
import dev.traitlab.rl.ppo.UpdateStats;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Trains one sweep point: every width x seed of the config at one horizon, as one {@link MlpPolicy}
 * stack (a {@code BatchedMlp} per width) under one {@link PpoTrainer}, each run on its own copies
 * of the image environment.
 */
final class Sweep {
  private Sweep() {}

  /** PPO's settings at horizon h: gamma = 1 - 1/h, rewards scaled by 1 - gamma (h = 1: by 1). */
  static PpoSettings settings(RlScalingConfig config, int horizon) {
    double gamma = 1 - 1.0 / horizon;
    return new PpoSettings(
        gamma,
        config.lambda(),
        0.2,
        config.epochs(),
        config.minibatches(),
        config.steps(),
        config.learningRate(),
        0.5,
        config.entropy(),
        true,
        // the discounted sum of rewards in [0, 1] then stays in [0, 1]
        horizon == 1 ? 1 : 1 - gamma);
  }

  /** The layer widths of the policy of hidden width w. */
  static int[] layerWidths(RlScalingConfig config, int features, int classes, int width) {
    int[] hidden = new int[config.depth()];
    java.util.Arrays.fill(hidden, width);
    return MlpPolicy.widths(features, classes, hidden);
  }

  /** Updates (1-based) after which runs are measured: log-spaced, the first and last included. */
  static List<Integer> measuredUpdates(int updates, int evaluations) {
    TreeSet<Integer> at = new TreeSet<>();
    for (int k = 0; k < evaluations; k++) {
      at.add((int) Math.round(Math.pow(updates, k / (evaluations - 1.0))));
    }
    return new ArrayList<>(at);
  }

  static SweepPoint train(
      RlScalingConfig config,
      ImageClassificationData train,
      ImageClassificationData test,
      int horizon,
      Progress progress) {
    long start = System.nanoTime();
    PpoSettings settings = settings(config, horizon);
    List<Integer> widths = config.widthList();
    int seeds = config.seeds();
    int models = widths.size() * seeds;
    List<int[]> hidden = new ArrayList<>();
    List<long[]> initSeeds = new ArrayList<>();
    for (int w : widths) {
      int[] h = new int[config.depth()];
      java.util.Arrays.fill(h, w);
      hidden.add(h);
      long[] s = new long[seeds];
      for (int i = 0; i < seeds; i++) {
        s[i] = Seeds.derive(config.seedOf(i), "init", w);
      }
      initSeeds.add(s);
    }
    // Copy k of every run of seed i shows the same images (common random numbers across sizes).
    long[] envSeeds = new long[models * config.envs()];
    for (int m = 0; m < models; m++) {
      for (int k = 0; k < config.envs(); k++) {
        envSeeds[m * config.envs() + k] = Seeds.derive(config.seedOf(m % seeds), "env", k);
      }
    }
    int updates = (int) (config.interactions() / ((long) config.envs() * config.steps()));
    List<Integer> measured = measuredUpdates(updates, config.evaluations());
    int points = measured.size();
    long[][] interactions = new long[models][points];
    double[][][] series = new double[7][models][points];
    try (NDManager manager = NDManager.newBaseManager();
        MlpPolicy policy =
            MlpPolicy.initialise(manager, train.features(), train.classes(), hidden, initSeeds);
        PpoTrainer trainer =
            new PpoTrainer(
                manager,
                policy,
                new ImageClassificationEnv(train, envSeeds),
                settings,
                Seeds.derive(config.seed(), "ppo", horizon),
                learningRates(config, policy))) {
      progress.start(
          "horizon "
              + horizon
              + ": "
              + models
              + " policies ("
              + widths.size()
              + " widths x "
              + Plurals.count(seeds, "seed")
              + "), "
              + updates
              + " PPO updates",
          updates);
      int next = 0;
      for (int u = 1; u <= updates; u++) {
        UpdateStats stats = trainer.update();
        if (next < points && measured.get(next) == u) {
          double[] returns = expectedReward(manager, policy, test);
          for (int m = 0; m < models; m++) {
            interactions[m][next] = stats.interactions();
            series[0][m][next] = returns[m];
            series[1][m][next] = stats.rewardPerStep()[m];
            series[2][m][next] = stats.approxKl()[m];
            series[3][m][next] = stats.entropy()[m];
            series[4][m][next] = stats.clipFraction()[m];
            series[5][m][next] = stats.valueLoss()[m];
            series[6][m][next] = stats.explainedVariance()[m];
          }
          next++;
        }
        progress.step(u, String.format("mean reward %.3f", mean(stats.rewardPerStep())));
      }
      progress.finish();
    }
    List<SweepPoint.Run> runs = new ArrayList<>();
    for (int g = 0; g < widths.size(); g++) {
      int[] layers = layerWidths(config, train.features(), train.classes(), widths.get(g));
      long n = MlpPolicy.parameterCount(layers);
      for (int i = 0; i < seeds; i++) {
        int m = g * seeds + i;
        runs.add(
            new SweepPoint.Run(
                widths.get(g),
                i,
                n,
                settings.flopsPerInteraction(2.0 * n),
                interactions[m],
                series[0][m],
                series[1][m],
                series[2][m],
                series[3][m],
                series[4][m],
                series[5][m],
                series[6][m]));
      }
    }
    return new SweepPoint(horizon, settings.gamma(), runs, (System.nanoTime() - start) / 1e9);
  }

  /** Adam's step size for every parameter array of the stack: each group's width's rate. */
  static double[] learningRates(RlScalingConfig config, MlpPolicy policy) {
    List<Integer> widths = config.widthList();
    double[] rates = new double[policy.parameters().size()];
    int at = 0;
    for (int g = 0; g < policy.groups().size(); g++) {
      double rate = config.learningRateOf(widths.get(g));
      for (int k = 0; k < policy.groups().get(g).parameters().size(); k++) {
        rates[at++] = rate;
      }
    }
    return rates;
  }

  /** Mean probability of the right label on the held-out images, per model. */
  private static double[] expectedReward(
      NDManager manager, MlpPolicy policy, ImageClassificationData test) {
    try (NDManager tmp = manager.newSubManager()) {
      NDArray x = NativeArrays.of(tmp, test.pixels(), new Shape(test.size(), test.features()));
      float[] p = policy.forward(x).logits().softmax(2).toFloatArray();
      int classes = test.classes();
      double[] out = new double[policy.models()];
      for (int m = 0; m < out.length; m++) {
        for (int b = 0; b < test.size(); b++) {
          out[m] += p[(m * test.size() + b) * classes + test.labels()[b]];
        }
        out[m] /= test.size();
      }
      return out;
    }
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }
}
