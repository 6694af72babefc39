package dev.traitlab.rl.lm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.traitlab.core.Seeds;
import dev.traitlab.nn.NativeArrays;
import dev.traitlab.nn.lora.LoraAdapters;
import dev.traitlab.nn.train.AdamW;
import dev.traitlab.nn.train.TrainingExample;
import dev.traitlab.nn.transformer.ActivationHook;
import dev.traitlab.nn.transformer.GeneratedSequence;
import dev.traitlab.nn.transformer.GenerationSettings;
import dev.traitlab.nn.transformer.TransformerModel;
import dev.traitlab.rl.Gae;
import dev.traitlab.rl.ppo.PpoLoss;
import dev.traitlab.rl.ppo.PpoSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Token-level PPO of a language-model policy against a sequence reward with a per-token KL penalty
 * to a frozen reference, as in Ziegler et al. 2019 (arXiv:1909.08593), Stiennon et al. 2020 and
 * InstructGPT (Ouyang et al. 2022, appendix C.4), following TRL's PPO trainer step by step:
 *
 * <ol>
 *   <li>sample one response per prompt at temperature 1 with the batched KV-cache sampler, ending
 *       at the end-of-turn token (kept as the response's last action) or at {@code maxTokens};
 *   <li>one pass of the policy (no gradient) gives each response token's log-prob, the entropy and
 *       the value; one pass of the reference gives its log-probs;
 *   <li>per-token rewards {@link TokenRewards#shape} (KL penalty on every token, the score at the
 *       last), GAE per sequence ({@link Gae}, gamma and lambda over tokens), advantages whitened
 *       over the batch's tokens;
 *   <li>{@code epochs} passes over the batch in {@code minibatches} random groups of sequences:
 *       {@link PpoLoss} (clipped ratio, value loss, entropy) averaged over response tokens, AdamW,
 *       global gradient-norm clipping;
 *   <li>the KL controller sees the batch's mean sequence KL.
 * </ol>
 *
 * With a {@link PretrainingMix} of gamma > 0 (InstructGPT's PPO-ptx), every minibatch's loss also
 * has gamma times the mean per-token negative log-likelihood of a batch of pretraining sequences,
 * drawn from (seed, step, epoch, minibatch); at gamma 0 nothing is drawn or computed, and the
 * update is the plain PPO one.
 *
 * <p>The value head is linear on the RMS-normalised residual stream after the policy's last block
 * (the shared-trunk value head of TRL's older {@code AutoModelForCausalLMWithValueHead}), starting
 * at 0. With LoRA only the adapters (and the value head) train; the reference may then be the
 * policy itself, read with its adapters switched off. A full update needs a separate reference. Not
 * thread-safe.
 */
public final class LmPpoTrainer implements AutoCloseable {
  private static final String VALUE_WEIGHT = "v_head.weight";
  private static final String VALUE_BIAS = "v_head.bias";

  private final TransformerModel policy;
  private final TransformerModel reference;
  private final int eos;
  private final LmPpoSettings settings;
  private final KlController kl;
  private final long seed;
  private final LoraAdapters adapters;
  private final NDManager headManager;
  private final Map<String, NDArray> trainable = new LinkedHashMap<>();
  private final AdamW optimiser;
  private final String lastResidual;
  private final PretrainingMix ptx;
  private int steps;
  private double ptxLossSum;
  private int ptxLossCount;

  /**
   * @param policy the model trained in place (its weights, or LoRA adapters it gets)
   * @param reference the frozen reference (the SFT model); the policy itself only with LoRA
   * @param eosToken the end-of-turn token id that ends a response
   * @param kl the KL coefficient's controller
   * @param seed seeds sampling, minibatch order and adapters
   * @throws IllegalArgumentException when a full update would share the policy as reference, or the
   *     models' vocabularies differ
   */
  public LmPpoTrainer(
      TransformerModel policy,
      TransformerModel reference,
      int eosToken,
      LmPpoSettings settings,
      KlController kl,
      long seed) {
    this(policy, reference, eosToken, settings, kl, seed, null);
  }

  /**
   * As {@link #LmPpoTrainer(TransformerModel, TransformerModel, int, LmPpoSettings, KlController,
   * long)}, with InstructGPT's pretraining-mix term ({@code ptx}; null or gamma 0: plain PPO).
   */
  public LmPpoTrainer(
      TransformerModel policy,
      TransformerModel reference,
      int eosToken,
      LmPpoSettings settings,
      KlController kl,
      long seed,
      PretrainingMix ptx) {
    if (reference == policy && settings.lora() == null) {
      throw new IllegalArgumentException(
          "a full PPO update changes the policy's weights: give a separate reference model");
    }
    if (reference.config().vocabSize() != policy.config().vocabSize()) {
      throw new IllegalArgumentException(
          "policy and reference vocabularies differ: "
              + policy.config().vocabSize()
              + " and "
              + reference.config().vocabSize());
    }
    if (eosToken < 0 || eosToken >= policy.config().vocabSize()) {
      throw new IllegalArgumentException("end-of-turn token " + eosToken + " outside the vocab");
    }
    this.policy = policy;
    this.reference = reference;
    this.eos = eosToken;
    this.settings = settings;
    this.kl = kl;
    this.seed = seed;
    this.ptx = ptx != null && ptx.active() ? ptx : null;
    this.lastResidual = ActivationHook.residPost(policy.config().numHiddenLayers() - 1);
    if (settings.lora() != null) {
      policy.mergeLora();
      Map<String, Shape> shapes = new LinkedHashMap<>();
      policy.weights().forEach((k, v) -> shapes.put(k, v.getShape()));
      adapters =
          LoraAdapters.create(
              policy.manager(), settings.lora(), shapes, Seeds.derive(seed, "ppo-lora"));
      policy.setLora(adapters);
      trainable.putAll(adapters.parameters());
    } else {
      adapters = null;
      trainable.putAll(policy.weights());
    }
    headManager = policy.manager().newSubManager();
    int h = policy.config().hiddenSize();
    trainable.put(VALUE_WEIGHT, headManager.zeros(new Shape(h, 1)));
    trainable.put(VALUE_BIAS, headManager.zeros(new Shape(1)));
    optimiser = new AdamW(headManager, 0.9, 0.999, 1e-8, 0);
  }

  /** The step's sampled responses (end-of-turn token excluded), scores and diagnostics. */
  public record Rollout(List<int[]> responses, double[] scores, double[] kl, PpoStepStats stats) {}

  /**
   * The mean per-token negative log-likelihood of the pretraining batches of the last step's
   * minibatches (nats per token, before each update); NaN without a pretraining mix.
   */
  public double pretrainingLoss() {
    return ptxLossCount == 0 ? Double.NaN : ptxLossSum / ptxLossCount;
  }

  /** The controller's current beta. */
  public double beta() {
    return kl.beta();
  }

  /**
   * One PPO step on these prompts (as many as the settings' rollouts per step).
   *
   * @throws IllegalArgumentException when the number of prompts is not {@code ppo.steps()}
   */
  public Rollout step(List<int[]> prompts, SequenceReward reward) {
    PpoSettings ppo = settings.ppo();
    if (prompts.size() != ppo.steps()) {
      throw new IllegalArgumentException(
          "a PPO step takes " + ppo.steps() + " prompts, got " + prompts.size());
    }
    long start = System.nanoTime();
    steps++;
    int n = prompts.size();
    GenerationSettings sampling =
        GenerationSettings.builder()
            .optMaxTokens(settings.maxTokens())
            .optTemperature(1.0)
            .optSeed(Seeds.derive(seed, "ppo-sample", steps))
            .optStopTokenIds(Set.of(eos))
            .build();
    List<GeneratedSequence> generated = policy.generate(prompts, sampling);
    List<int[]> responses = new ArrayList<>(n);
    List<int[]> actions = new ArrayList<>(n);
    List<int[]> sequences = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      GeneratedSequence g = generated.get(i);
      int[] action = g.tokens();
      if ("stop".equals(g.finishReason())) {
        action = java.util.Arrays.copyOf(action, action.length + 1);
        action[action.length - 1] = eos;
      }
      responses.add(g.tokens());
      actions.add(action);
      sequences.add(concat(prompts.get(i), action));
    }
    double[] scores = reward.score(prompts, responses);
    if (scores.length != n) {
      throw new IllegalStateException("the reward gave " + scores.length + " scores for " + n);
    }
    // Rollout pass: log-probs, entropies and values of the policy as it sampled.
    Pass old = pass(prompts, actions, sequences, null);
    float[][] refLogp = referenceLogprobs(prompts, actions, sequences);
    double beta = kl.beta();
    double[][] advantages = new double[n][];
    double[][] returns = new double[n][];
    double[] seqKl = new double[n];
    double meanScore = 0;
    double meanNonScore = 0;
    double meanLength = 0;
    int tokens = 0;
    for (int i = 0; i < n; i++) {
      double score = scores[i] * ppo.rewardScale();
      double[] r = TokenRewards.shape(old.logp[i], refLogp[i], score, beta);
      seqKl[i] = TokenRewards.sequenceKl(old.logp[i], refLogp[i]);
      int t = r.length;
      double[][] rr = new double[t][1];
      double[][] vv = new double[t][1];
      boolean[][] done = new boolean[t][1];
      for (int k = 0; k < t; k++) {
        rr[k][0] = r[k];
        vv[k][0] = old.value[i][k];
      }
      done[t - 1][0] = true;
      Gae.Estimates e = Gae.compute(rr, vv, new double[1], done, ppo.gamma(), ppo.lambda());
      advantages[i] = new double[t];
      returns[i] = new double[t];
      for (int k = 0; k < t; k++) {
        advantages[i][k] = e.advantages()[k][0];
        returns[i][k] = e.returns()[k][0];
      }
      meanScore += score / n;
      meanNonScore += -beta * seqKl[i] / n;
      meanLength += (double) t / n;
      tokens += t;
    }
    double[] flatReturns = new double[tokens];
    double[] flatValues = new double[tokens];
    double entropy = 0;
    for (int i = 0, j = 0; i < n; i++) {
      for (int k = 0; k < returns[i].length; k++, j++) {
        flatReturns[j] = returns[i][k];
        flatValues[j] = old.value[i][k];
        entropy += old.entropy[i][k] / tokens;
      }
    }
    double explained =
        tokens >= 2 ? PpoStepStats.explainedVariance(flatReturns, flatValues) : Double.NaN;
    if (ppo.normaliseAdvantages()) {
      whiten(advantages, tokens);
    }
    double[] update = update(prompts, actions, sequences, old, advantages, returns);
    double meanKl = java.util.Arrays.stream(seqKl).average().orElse(0);
    kl.update(meanKl, n);
    PpoStepStats stats =
        new PpoStepStats(
            steps,
            beta,
            meanScore,
            meanKl,
            meanNonScore,
            entropy,
            meanLength,
            update[0],
            update[1],
            update[2],
            update[3],
            explained,
            (System.nanoTime() - start) / 1e9);
    return new Rollout(responses, scores, seqKl, stats);
  }

  /** Per-sequence response log-probs, entropies and values of one policy pass. */
  private record Pass(float[][] logp, float[][] entropy, float[][] value) {}

  private Pass pass(List<int[]> prompts, List<int[]> actions, List<int[]> sequences, int[] rows) {
    int[] all = rows == null ? range(sequences.size()) : rows;
    try (NDManager m = policy.manager().newSubManager()) {
      Forward f = forward(m, prompts, actions, sequences, all);
      float[] lp = f.logp.toFloatArray();
      float[] en = f.entropy.toFloatArray();
      float[] va = f.values.toFloatArray();
      float[][] logp = new float[all.length][];
      float[][] entropy = new float[all.length][];
      float[][] value = new float[all.length][];
      int j = 0;
      for (int r = 0; r < all.length; r++) {
        int t = actions.get(all[r]).length;
        logp[r] = java.util.Arrays.copyOfRange(lp, j, j + t);
        entropy[r] = java.util.Arrays.copyOfRange(en, j, j + t);
        value[r] = java.util.Arrays.copyOfRange(va, j, j + t);
        j += t;
      }
      return new Pass(logp, entropy, value);
    }
  }

  /** Flat [tokens] arrays over the response tokens of the given rows, in row order. */
  private record Forward(NDArray logp, NDArray entropy, NDArray values) {}

  private Forward forward(
      NDManager m, List<int[]> prompts, List<int[]> actions, List<int[]> sequences, int[] rows) {
    int len = 2;
    for (int r : rows) {
      len = Math.max(len, sequences.get(r).length);
    }
    int[][] toks = new int[rows.length][len];
    List<Long> index = new ArrayList<>();
    long[] targets = new long[rows.length * (len - 1)];
    for (int b = 0; b < rows.length; b++) {
      int[] s = sequences.get(rows[b]);
      System.arraycopy(s, 0, toks[b], 0, s.length);
      for (int p = 0; p + 1 < len; p++) {
        targets[b * (len - 1) + p] = toks[b][p + 1];
      }
      int from = prompts.get(rows[b]).length - 1;
      for (int k = 0; k < actions.get(rows[b]).length; k++) {
        index.add((long) b * (len - 1) + from + k);
      }
    }
    NDArray[] residual = new NDArray[1];
    ActivationHook capture =
        new ActivationHook() {
          @Override
          public boolean wants(String point) {
            return point.equals(lastResidual);
          }

          @Override
          public NDArray apply(String point, NDArray x) {
            residual[0] = x;
            return x;
          }
        };
    NDArray lsm = policy.nextTokenLogprobs(m, toks, capture);
    NDArray idx = m.create(index.stream().mapToLong(Long::longValue).toArray());
    NDArray taken =
        lsm.gather(m.create(targets, new Shape(rows.length, len - 1, 1)), 2).reshape(-1);
    NDArray entropy = lsm.exp().mul(lsm).sum(new int[] {2}).neg().reshape(-1);
    NDArray x = residual[0].get(":, :-1, :");
    NDArray rms = x.square().mean(new int[] {2}, true).add(1e-6f).sqrt();
    NDArray values =
        x.div(rms).matMul(trainable.get(VALUE_WEIGHT)).add(trainable.get(VALUE_BIAS)).reshape(-1);
    return new Forward(taken.gather(idx, 0), entropy.gather(idx, 0), values.gather(idx, 0));
  }

  private float[][] referenceLogprobs(
      List<int[]> prompts, List<int[]> actions, List<int[]> sequences) {
    float[][] full;
    if (reference == policy) {
      policy.setLora(null);
      try {
        full = policy.tokenLogprobs(sequences, null);
      } finally {
        policy.setLora(adapters);
      }
    } else {
      full = reference.tokenLogprobs(sequences, null);
    }
    float[][] out = new float[sequences.size()][];
    for (int i = 0; i < out.length; i++) {
      int from = prompts.get(i).length - 1;
      out[i] = java.util.Arrays.copyOfRange(full[i], from, from + actions.get(i).length);
    }
    return out;
  }

  /** Minibatch epochs; returns mean policy loss, value loss, clip fraction and approx. KL. */
  private double[] update(
      List<int[]> prompts,
      List<int[]> actions,
      List<int[]> sequences,
      Pass old,
      double[][] advantages,
      double[][] returns) {
    PpoSettings ppo = settings.ppo();
    int n = sequences.size();
    double[] sums = new double[4];
    int count = 0;
    ptxLossSum = 0;
    ptxLossCount = 0;
    trainable.values().forEach(a -> a.setRequiresGradient(true));
    try {
      for (int epoch = 0; epoch < ppo.epochs(); epoch++) {
        int[] order = Seeds.permutation(Seeds.derive(seed, "ppo-minibatches", steps, epoch), n);
        for (int mb = 0; mb < ppo.minibatches(); mb++) {
          int from = mb * n / ppo.minibatches();
          int to = (mb + 1) * n / ppo.minibatches();
          int[] rows = java.util.Arrays.copyOfRange(order, from, to);
          int[][] ptxBatch = ptx == null ? null : pretrainingBatch(epoch, mb);
          double[] terms =
              minibatch(prompts, actions, sequences, old, advantages, returns, rows, ptxBatch);
          for (int k = 0; k < 4; k++) {
            sums[k] += terms[k];
          }
          count++;
        }
      }
    } finally {
      trainable.values().forEach(a -> a.setRequiresGradient(false));
    }
    for (int k = 0; k < 4; k++) {
      sums[k] /= count;
    }
    return sums;
  }

  private double[] minibatch(
      List<int[]> prompts,
      List<int[]> actions,
      List<int[]> sequences,
      Pass old,
      double[][] advantages,
      double[][] returns,
      int[] rows,
      int[][] ptxBatch) {
    int tokens = 0;
    for (int r : rows) {
      tokens += actions.get(r).length;
    }
    float[] oldLogp = new float[tokens];
    float[] adv = new float[tokens];
    float[] ret = new float[tokens];
    int j = 0;
    for (int r : rows) {
      for (int k = 0; k < actions.get(r).length; k++, j++) {
        oldLogp[j] = old.logp[r][k];
        adv[j] = (float) advantages[r][k];
        ret[j] = (float) returns[r][k];
      }
    }
    try (NDManager m = policy.manager().newSubManager()) {
      PpoLoss.Terms terms;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        Forward f = forward(m, prompts, actions, sequences, rows);
        terms =
            PpoLoss.of(
                f.logp,
                m.create(oldLogp),
                m.create(adv),
                f.entropy,
                f.values,
                m.create(ret),
                settings.ppo());
        NDArray total = terms.total();
        if (ptxBatch != null) {
          // InstructGPT's objective adds + gamma E[log pi(x)]: the loss adds gamma NLL.
          NDArray nll = pretrainingNll(m, ptxBatch);
          ptxLossSum += nll.getFloat();
          ptxLossCount++;
          total = total.add(nll.mul(NativeArrays.scalar(m, ptx.gamma())));
        }
        gc.backward(total);
      }
      Map<String, NDArray> grads = new LinkedHashMap<>();
      NDList norms = new NDList();
      for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
        NDArray g = e.getValue().getGradient();
        g.attach(m);
        grads.put(e.getKey(), g);
        norms.add(g.norm());
      }
      double norm = NDArrays.stack(norms).norm().getFloat();
      double[] out = {
        terms.policy().getFloat(),
        terms.value().getFloat(),
        terms.clipFraction().getFloat(),
        terms.approxKl().getFloat()
      };
      boolean gradMode = JniUtils.isGradMode();
      JniUtils.setGradMode(false);
      try {
        if (!Double.isFinite(norm)) {
          // A non-finite gradient would poison every weight through Adam's moments: skip it.
          for (NDArray w : trainable.values()) {
            JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) w);
          }
        } else {
          double clip = settings.gradClip();
          double scale = clip > 0 && norm > clip ? clip / (norm + 1e-6) : 1.0;
          optimiser.step(trainable, grads, settings.ppo().learningRate(), scale);
        }
      } finally {
        JniUtils.setGradMode(gradMode);
      }
      return out;
    }
  }

  /**
   * The pretraining sequences of one minibatch: rows [0] tokens, [1] 1/0 target flags, drawn with
   * replacement from (seed, step, epoch, minibatch) and cut to the policy's context.
   */
  private int[][] pretrainingBatch(int epoch, int minibatch) {
    java.util.Random rng =
        new java.util.Random(Seeds.derive(seed, "ppo-ptx", steps, epoch, minibatch));
    int context = policy.config().maxPositionEmbeddings();
    int[][] out = new int[2 * ptx.batchSize()][];
    for (int b = 0; b < ptx.batchSize(); b++) {
      TrainingExample e = ptx.examples().get(rng.nextInt(ptx.examples().size()));
      int len = Math.min(context, e.tokens().length);
      out[2 * b] = java.util.Arrays.copyOf(e.tokens(), len);
      out[2 * b + 1] = new int[len];
      for (int i = 0; i < len; i++) {
        out[2 * b + 1][i] = e.lossMask()[i] ? 1 : 0;
      }
    }
    return out;
  }

  /** Mean negative log-likelihood per target token of the batch under the policy (a scalar). */
  private NDArray pretrainingNll(NDManager m, int[][] batch) {
    int rows = batch.length / 2;
    int len = 2;
    for (int b = 0; b < rows; b++) {
      len = Math.max(len, batch[2 * b].length);
    }
    int[][] toks = new int[rows][len];
    long[] targets = new long[rows * (len - 1)];
    float[] weight = new float[rows * (len - 1)];
    int count = 0;
    for (int b = 0; b < rows; b++) {
      int[] t = batch[2 * b];
      System.arraycopy(t, 0, toks[b], 0, t.length);
      for (int p = 0; p + 1 < len; p++) {
        targets[b * (len - 1) + p] = toks[b][p + 1];
        if (p + 1 < t.length && batch[2 * b + 1][p + 1] == 1) {
          weight[b * (len - 1) + p] = 1;
          count++;
        }
      }
    }
    NDArray lsm = policy.nextTokenLogprobs(m, toks);
    NDArray taken = lsm.gather(m.create(targets, new Shape(rows, len - 1, 1)), 2).reshape(-1);
    return taken.mul(m.create(weight)).sum().neg().div(NativeArrays.scalar(m, Math.max(1, count)));
  }

  private static void whiten(double[][] a, int tokens) {
    double mean = 0;
    for (double[] row : a) {
      for (double v : row) {
        mean += v / tokens;
      }
    }
    double var = 0;
    for (double[] row : a) {
      for (double v : row) {
        var += (v - mean) * (v - mean) / tokens;
      }
    }
    double sd = Math.sqrt(var) + 1e-8;
    for (double[] row : a) {
      for (int k = 0; k < row.length; k++) {
        row[k] = (row[k] - mean) / sd;
      }
    }
  }

  private static int[] concat(int[] a, int[] b) {
    int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  /** Drops the value head and its optimiser state; LoRA adapters stay on the policy. */
  @Override
  public void close() {
    optimiser.close();
    headManager.close();
  }
}
