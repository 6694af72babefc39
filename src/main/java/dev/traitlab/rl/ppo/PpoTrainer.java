package dev.traitlab.rl.ppo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.traitlab.core.Seeds;
import dev.traitlab.nn.NativeArrays;
import dev.traitlab.nn.train.AdamStepper;
import dev.traitlab.rl.Gae;
import dev.traitlab.rl.StackedPolicy;
import dev.traitlab.rl.env.Step;
import dev.traitlab.rl.env.VectorEnv;
import java.util.SplittableRandom;

/**
 * PPO on a {@link StackedPolicy} of M models and a {@link VectorEnv} of M x K copies: copies [mK,
 * (m+1)K) belong to model m. Each {@link #update} collects {@code steps} actions in every copy,
 * estimates advantages with {@link Gae}, and makes {@code epochs} passes of {@code minibatches}
 * Adam steps on {@link PpoLoss}, every model on its own samples. The loss of the stack is the sum
 * of the models' losses, and Adam is element-wise, so each model learns as it would alone; actions
 * and minibatch orders come from one generator per model, so a model's run does not depend on what
 * is stacked beside it. No gradient clipping: a global norm would couple the models.
 */
public final class PpoTrainer implements AutoCloseable {
  private final NDManager manager;
  private final StackedPolicy policy;
  private final VectorEnv env;
  private final PpoSettings settings;
  private final AdamStepper adam;
  private final int models;
  private final int perModel;
  private final int observationSize;
  private final int actions;
  private final SplittableRandom[] random;
  private final float[] observations;
  private final Step step;
  private long interactions;

  /**
   * Every parameter steps with the settings' learning rate.
   *
   * @throws IllegalArgumentException when the copies are not a multiple of the models, the actions
   *     differ, or a model's samples per rollout do not split into the minibatches
   */
  public PpoTrainer(
      NDManager parent, StackedPolicy policy, VectorEnv env, PpoSettings settings, long seed) {
    this(parent, policy, env, settings, seed, null);
  }

  /**
   * As {@link #PpoTrainer(NDManager, StackedPolicy, VectorEnv, PpoSettings, long)}, with Adam's
   * step size given per array of {@link StackedPolicy#parameters()} (models of different sizes in
   * one stack can then have their own learning rates); null for the settings' rate everywhere.
   *
   * @throws IllegalArgumentException as the other constructor, or when the rates are not one per
   *     parameter array, each > 0
   */
  public PpoTrainer(
      NDManager parent,
      StackedPolicy policy,
      VectorEnv env,
      PpoSettings settings,
      long seed,
      double[] learningRates) {
    this.models = policy.models();
    if (env.count() % models != 0) {
      throw new IllegalArgumentException(
          env.count() + " environment copies do not divide among " + models + " models");
    }
    if (env.actions() != policy.actions()) {
      throw new IllegalArgumentException(
          "the environment has " + env.actions() + " actions, the policy " + policy.actions());
    }
    this.perModel = env.count() / models;
    if ((perModel * settings.steps()) % settings.minibatches() != 0) {
      throw new IllegalArgumentException(
          perModel
              + " copies x "
              + settings.steps()
              + " steps per model do not split into "
              + settings.minibatches()
              + " minibatches");
    }
    this.manager = parent.newSubManager();
    this.policy = policy;
    this.env = env;
    this.settings = settings;
    this.adam =
        learningRates == null
            ? new AdamStepper(policy.parameters(), settings.learningRate())
            : new AdamStepper(policy.parameters(), learningRates);
    this.observationSize = env.observationSize();
    this.actions = env.actions();
    this.random = new SplittableRandom[models];
    for (int m = 0; m < models; m++) {
      random[m] = new SplittableRandom(Seeds.derive(seed, "ppo-model", m));
    }
    this.observations = new float[env.count() * observationSize];
    this.step = new Step(env);
    env.reset(observations);
  }

  /** Environment steps each model has taken. */
  public long interactions() {
    return interactions;
  }

  /** Environment steps each model takes per update. */
  public int interactionsPerUpdate() {
    return perModel * settings.steps();
  }

  /** One rollout and its optimisation. */
  public UpdateStats update() {
    Rollout rollout = collect();
    interactions += interactionsPerUpdate();
    return optimise(rollout);
  }

  /** What a rollout keeps, [t][copy]. */
  private record Rollout(
      float[][] observations,
      int[][] actions,
      double[][] logp,
      double[][] values,
      double[][] rewards,
      boolean[][] dones,
      double[] bootstrap,
      double[] rewardSum,
      double[] returnSum,
      int[] episodes) {}

  private Rollout collect() {
    int steps = settings.steps();
    int n = env.count();
    Rollout r =
        new Rollout(
            new float[steps][],
            new int[steps][n],
            new double[steps][n],
            new double[steps][n],
            new double[steps][n],
            new boolean[steps][n],
            new double[n],
            new double[models],
            new double[models],
            new int[models]);
    for (int t = 0; t < steps; t++) {
      r.observations()[t] = observations.clone();
      float[][] out = evaluate(observations);
      float[] logits = out[0];
      for (int e = 0; e < n; e++) {
        int m = e / perModel;
        int a = sample(logits, e, random[m]);
        r.actions()[t][e] = a;
        r.logp()[t][e] = logProbability(logits, e, a);
        r.values()[t][e] = out[1][e];
      }
      env.step(r.actions()[t], step);
      boolean anyTruncated = false;
      for (int e = 0; e < n; e++) {
        anyTruncated |= step.truncated[e] && !step.terminated[e];
      }
      float[] finalValues = anyTruncated ? evaluate(step.finalObservations)[1] : null;
      for (int e = 0; e < n; e++) {
        int m = e / perModel;
        double reward = step.rewards[e] * settings.rewardScale();
        if (step.truncated[e] && !step.terminated[e]) {
          // A time limit cuts the episode, not its value: bootstrap from the last state.
          reward += settings.gamma() * finalValues[e];
        }
        r.rewards()[t][e] = reward;
        r.dones()[t][e] = step.done(e);
        r.rewardSum()[m] += step.rewards[e];
        if (step.done(e) && !Double.isNaN(step.episodeReturns[e])) {
          r.returnSum()[m] += step.episodeReturns[e];
          r.episodes()[m]++;
        }
      }
      System.arraycopy(step.observations, 0, observations, 0, observations.length);
    }
    float[] last = evaluate(observations)[1];
    for (int e = 0; e < n; e++) {
      r.bootstrap()[e] = last[e];
    }
    return r;
  }

  /** Logits (copy x actions) and values (copy) of every model on its copies' observations. */
  private float[][] evaluate(float[] obs) {
    try (NDManager tmp = manager.newSubManager()) {
      NDArray x = NativeArrays.of(tmp, obs, new Shape(models, perModel, observationSize));
      StackedPolicy.Output out = policy.forward(x);
      return new float[][] {out.logits().toFloatArray(), out.values().toFloatArray()};
    }
  }

  private int sample(float[] logits, int e, SplittableRandom rng) {
    int base = e * actions;
    double max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < actions; a++) {
      max = Math.max(max, logits[base + a]);
    }
    double total = 0;
    double[] p = new double[actions];
    for (int a = 0; a < actions; a++) {
      p[a] = Math.exp(logits[base + a] - max);
      total += p[a];
    }
    double u = rng.nextDouble() * total;
    for (int a = 0; a < actions; a++) {
      u -= p[a];
      if (u < 0) {
        return a;
      }
    }
    return actions - 1;
  }

  private double logProbability(float[] logits, int e, int action) {
    int base = e * actions;
    double max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < actions; a++) {
      max = Math.max(max, logits[base + a]);
    }
    double total = 0;
    for (int a = 0; a < actions; a++) {
      total += Math.exp(logits[base + a] - max);
    }
    return logits[base + action] - max - Math.log(total);
  }

  private UpdateStats optimise(Rollout r) {
    int steps = settings.steps();
    Gae.Estimates gae =
        Gae.compute(
            r.rewards(), r.values(), r.bootstrap(), r.dones(), settings.gamma(), settings.lambda());
    int samples = perModel * steps;
    int batch = samples / settings.minibatches();
    double[] kl = new double[models];
    double[] entropy = new double[models];
    double[] clipped = new double[models];
    double[] valueLoss = new double[models];
    double[] policyLoss = new double[models];
    int updates = settings.epochs() * settings.minibatches();
    for (int epoch = 0; epoch < settings.epochs(); epoch++) {
      int[][] order = new int[models][];
      for (int m = 0; m < models; m++) {
        order[m] = Seeds.permutation(random[m].nextLong(), samples);
      }
      for (int b = 0; b < settings.minibatches(); b++) {
        float[] obs = new float[models * batch * observationSize];
        long[] act = new long[models * batch];
        float[] oldLogp = new float[models * batch];
        float[] adv = new float[models * batch];
        float[] ret = new float[models * batch];
        for (int m = 0; m < models; m++) {
          for (int i = 0; i < batch; i++) {
            int k = order[m][b * batch + i];
            int t = k / perModel;
            int e = m * perModel + k % perModel;
            int row = m * batch + i;
            System.arraycopy(
                r.observations()[t],
                e * observationSize,
                obs,
                row * observationSize,
                observationSize);
            act[row] = r.actions()[t][e];
            oldLogp[row] = (float) r.logp()[t][e];
            adv[row] = (float) gae.advantages()[t][e];
            ret[row] = (float) gae.returns()[t][e];
          }
          if (settings.normaliseAdvantages()) {
            standardise(adv, m * batch, batch);
          }
        }
        try (NDManager tmp = manager.newSubManager()) {
          NDArray x = NativeArrays.of(tmp, obs, new Shape(models, batch, observationSize));
          NDArray a = NativeArrays.of(tmp, act, new Shape(models, batch, 1));
          NDArray old = NativeArrays.of(tmp, oldLogp, new Shape(models, batch));
          NDArray advantages = NativeArrays.of(tmp, adv, new Shape(models, batch));
          NDArray returns = NativeArrays.of(tmp, ret, new Shape(models, batch));
          PpoLoss.Terms terms;
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            StackedPolicy.Output out = policy.forward(x);
            NDArray logProbabilities = out.logits().logSoftmax(2);
            NDArray logp = logProbabilities.gather(a, 2).squeeze(2);
            NDArray h = logProbabilities.exp().mul(logProbabilities).sum(new int[] {2}).neg();
            terms = PpoLoss.of(logp, old, advantages, h, out.values(), returns, settings);
            gc.backward(terms.total().sum());
          }
          adam.step();
          add(kl, terms.approxKl());
          add(entropy, terms.entropy());
          add(clipped, terms.clipFraction());
          add(valueLoss, terms.value());
          add(policyLoss, terms.policy());
        }
      }
    }
    double[] rewardPerStep = new double[models];
    double[] episodeReturn = new double[models];
    double[] explained = new double[models];
    for (int m = 0; m < models; m++) {
      rewardPerStep[m] = r.rewardSum()[m] / samples;
      episodeReturn[m] = r.episodes()[m] == 0 ? Double.NaN : r.returnSum()[m] / r.episodes()[m];
      explained[m] = explainedVariance(r.values(), gae.returns(), m);
    }
    for (double[] a : new double[][] {kl, entropy, clipped, valueLoss, policyLoss}) {
      for (int m = 0; m < models; m++) {
        a[m] /= updates;
      }
    }
    return new UpdateStats(
        interactions,
        rewardPerStep,
        episodeReturn,
        kl,
        entropy,
        clipped,
        valueLoss,
        policyLoss,
        explained);
  }

  private static void add(double[] into, NDArray perModel) {
    float[] v = perModel.toType(DataType.FLOAT32, false).toFloatArray();
    for (int m = 0; m < into.length; m++) {
      into[m] += v[m];
    }
  }

  private static void standardise(float[] values, int from, int count) {
    double mean = 0;
    for (int i = from; i < from + count; i++) {
      mean += values[i];
    }
    mean /= count;
    double var = 0;
    for (int i = from; i < from + count; i++) {
      var += (values[i] - mean) * (values[i] - mean);
    }
    double sd = Math.sqrt(var / Math.max(1, count - 1));
    for (int i = from; i < from + count; i++) {
      values[i] = (float) ((values[i] - mean) / (sd + 1e-8));
    }
  }

  private double explainedVariance(double[][] values, double[][] returns, int m) {
    int n = 0;
    double meanR = 0;
    double meanD = 0;
    for (int t = 0; t < values.length; t++) {
      for (int e = m * perModel; e < (m + 1) * perModel; e++) {
        meanR += returns[t][e];
        meanD += returns[t][e] - values[t][e];
        n++;
      }
    }
    meanR /= n;
    meanD /= n;
    double varR = 0;
    double varD = 0;
    for (int t = 0; t < values.length; t++) {
      for (int e = m * perModel; e < (m + 1) * perModel; e++) {
        double d = returns[t][e] - values[t][e];
        varR += (returns[t][e] - meanR) * (returns[t][e] - meanR);
        varD += (d - meanD) * (d - meanD);
      }
    }
    return varR == 0 ? Double.NaN : 1 - varD / varR;
  }

  /** Unused arrays of this trainer's manager are released; the policy is the caller's. */
  @Override
  public void close() {
    manager.close();
  }
}
