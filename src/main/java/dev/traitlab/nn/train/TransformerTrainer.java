package dev.traitlab.nn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.traitlab.nn.lora.LoraAdapters;
import dev.traitlab.nn.transformer.ActivationHook;
import dev.traitlab.nn.transformer.TransformerModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Next-token training of a {@link TransformerModel} on masked examples: full fine-tuning or LoRA,
 * AdamW, linear warm-up and decay, global gradient-norm clipping. Examples are shuffled each epoch
 * from the seed and batched in that order, each batch right-padded to its longest row.
 */
public final class TransformerTrainer {
  private TransformerTrainer() {}

  public static TrainingResult train(
      TransformerModel model,
      List<TrainingExample> examples,
      TrainingSettings s,
      TrainingProgress progress) {
    return train(model, examples, s, progress, null);
  }

  /**
   * As {@link #train(TransformerModel, List, TrainingSettings, TrainingProgress)}, but with soft
   * targets (null: the examples' own next tokens): the loss is then KL(targets || model) on the
   * target positions, the distillation of section 6 of the subliminal-learning paper.
   */
  public static TrainingResult train(
      TransformerModel model,
      List<TrainingExample> examples,
      TrainingSettings s,
      TrainingProgress progress,
      SoftTargets softTargets) {
    return train(model, examples, s, progress, softTargets, null);
  }

  /**
   * As {@link #train(TransformerModel, List, TrainingSettings, TrainingProgress, SoftTargets)},
   * with a hook per batch ({@code hooks} null: none) acting in every training pass: an activation
   * oracle learns with the target's activations injected into its own. Examples reach {@code hooks}
   * as given (the same objects), unless longer than {@code maxSequenceLength}; hooks and soft
   * targets cannot be combined.
   */
  public static TrainingResult train(
      TransformerModel model,
      List<TrainingExample> examples,
      TrainingSettings s,
      TrainingProgress progress,
      SoftTargets softTargets,
      BatchHooks hooks) {
    if (hooks != null && softTargets != null) {
      throw new IllegalArgumentException("batch hooks and soft targets cannot be combined");
    }
    List<TrainingExample> data = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      TrainingExample e = cut(examples.get(i), s.maxSequenceLength());
      int targets = 0;
      for (int t = 1; t < e.lossMask().length; t++) {
        targets += e.lossMask()[t] ? 1 : 0;
      }
      for (int tok : e.tokens()) {
        if (tok < 0 || tok >= model.config().vocabSize()) {
          throw new IllegalArgumentException(
              "training example " + i + " has token id " + tok + " outside the vocabulary");
        }
      }
      if (targets > 0) {
        data.add(e);
      }
    }
    if (data.isEmpty()) {
      throw new IllegalArgumentException("no training example has a target token");
    }
    int batchesPerEpoch = (data.size() + s.batchSize() - 1) / s.batchSize();
    int total = batchesPerEpoch * s.epochs();
    LearningRateSchedule schedule =
        new LearningRateSchedule(s.learningRate(), s.warmupFor(total), total);

    Map<String, NDArray> trainable;
    LoraAdapters adapters = null;
    if (s.lora() != null) {
      model.mergeLora();
      Map<String, Shape> shapes = new LinkedHashMap<>();
      model.weights().forEach((k, v) -> shapes.put(k, v.getShape()));
      adapters = LoraAdapters.create(model.manager(), s.lora(), shapes, s.seed());
      model.setLora(adapters);
      trainable = adapters.parameters();
    } else {
      trainable = model.weights();
    }
    trainable.values().forEach(a -> a.setRequiresGradient(true));
    double[] losses = new double[total];
    long targetTokens = 0;
    long tokens = 0;
    long start = System.nanoTime();
    int[] skipped = {0};
    Random rng = new Random(s.seed());
    try (AdamW opt = new AdamW(model.manager(), 0.9, 0.999, 1e-8, s.weightDecay())) {
      int step = 0;
      for (int epoch = 0; epoch < s.epochs(); epoch++) {
        for (List<TrainingExample> batch : batches(data, s.batchSize(), s.groupByLength(), rng)) {
          int len = batch.stream().mapToInt(e -> e.tokens().length).max().orElseThrow();
          len = Math.max(2, len);
          int[][] toks = new int[batch.size()][len];
          boolean[][] mask = new boolean[batch.size()][len];
          for (int r = 0; r < batch.size(); r++) {
            TrainingExample e = batch.get(r);
            System.arraycopy(e.tokens(), 0, toks[r], 0, e.tokens().length);
            System.arraycopy(e.lossMask(), 0, mask[r], 0, e.lossMask().length);
            mask[r][0] = false;
            tokens += e.tokens().length;
            for (boolean m : mask[r]) {
              targetTokens += m ? 1 : 0;
            }
          }
          double lr = schedule.at(step);
          ActivationHook hook = hooks == null ? null : hooks.forBatch(batch, len);
          losses[step] =
              step(
                  model,
                  trainable,
                  opt,
                  batch,
                  toks,
                  mask,
                  softTargets,
                  hook,
                  lr,
                  s.gradClip(),
                  skipped);
          step++;
          if (progress != null) {
            progress.onStep(step, total, losses[step - 1], lr);
          }
        }
      }
    } finally {
      trainable.values().forEach(a -> a.setRequiresGradient(false));
    }
    if (adapters != null && s.mergeLora()) {
      model.mergeLora();
    }
    return new TrainingResult(
        losses, targetTokens, tokens, (System.nanoTime() - start) / 1e9, skipped[0]);
  }

  private static double step(
      TransformerModel model,
      Map<String, NDArray> trainable,
      AdamW opt,
      List<TrainingExample> batch,
      int[][] toks,
      boolean[][] mask,
      SoftTargets targets,
      ActivationHook hook,
      double lr,
      double clip,
      int[] skipped) {
    try (NDManager m = model.manager().newSubManager()) {
      float loss;
      NDArray soft = targets == null ? null : targets.logprobs(m, batch, toks[0].length);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray l =
            soft == null
                ? model.loss(m, toks, mask, hook)
                : model.distillationLoss(m, toks, mask, soft);
        gc.backward(l);
        loss = l.getFloat();
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
      if (!Double.isFinite(norm) || !Float.isFinite(loss)) {
        // A non-finite gradient would poison every weight through the moments: skip the update.
        for (NDArray w : trainable.values()) {
          JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) w);
        }
        skipped[0]++;
        return loss;
      }
      double scale = clip > 0 && norm > clip ? clip / (norm + 1e-6) : 1.0;
      // In-place updates of leaves that require grad are legal only with grad mode off, and grad
      // mode is per thread (on by default in threads PyTorch has not seen).
      boolean gradMode = JniUtils.isGradMode();
      JniUtils.setGradMode(false);
      try {
        opt.step(trainable, grads, lr, scale);
      } finally {
        JniUtils.setGradMode(gradMode);
      }
      return loss;
    }
  }

  /**
   * One epoch's batches: a seeded shuffle, then (with groupByLength) examples of similar length
   * batched together within windows of 32 batches, and the batch order shuffled again, so little
   * compute goes to padding while batches stay random.
   */
  static List<List<TrainingExample>> batches(
      List<TrainingExample> data, int batchSize, boolean groupByLength, Random rng) {
    List<TrainingExample> order = new ArrayList<>(data);
    Collections.shuffle(order, rng);
    List<List<TrainingExample>> out = new ArrayList<>();
    int window = groupByLength ? batchSize * 32 : batchSize;
    for (int w = 0; w < order.size(); w += window) {
      List<TrainingExample> chunk =
          new ArrayList<>(order.subList(w, Math.min(order.size(), w + window)));
      if (groupByLength) {
        chunk.sort(Comparator.comparingInt(e -> e.tokens().length));
      }
      for (int b = 0; b < chunk.size(); b += batchSize) {
        out.add(chunk.subList(b, Math.min(chunk.size(), b + batchSize)));
      }
    }
    if (groupByLength) {
      Collections.shuffle(out, rng);
    }
    return out;
  }

  /**
   * Mean next-token loss over the target tokens of the examples (token-weighted, no training),
   * evaluated in batches; for validation curves.
   */
  public static double meanLoss(
      TransformerModel model, List<TrainingExample> examples, int batchSize, int maxLength) {
    double total = 0;
    long count = 0;
    for (int b = 0; b < examples.size(); b += batchSize) {
      List<TrainingExample> batch = examples.subList(b, Math.min(examples.size(), b + batchSize));
      int len =
          Math.max(
              2,
              batch.stream().mapToInt(e -> Math.min(maxLength, e.tokens().length)).max().orElse(2));
      int[][] toks = new int[batch.size()][len];
      boolean[][] mask = new boolean[batch.size()][len];
      int targets = 0;
      for (int r = 0; r < batch.size(); r++) {
        TrainingExample e = cut(batch.get(r), maxLength);
        System.arraycopy(e.tokens(), 0, toks[r], 0, e.tokens().length);
        System.arraycopy(e.lossMask(), 0, mask[r], 0, e.lossMask().length);
        mask[r][0] = false;
        for (boolean x : mask[r]) {
          targets += x ? 1 : 0;
        }
      }
      if (targets == 0) {
        continue;
      }
      try (NDManager m = model.manager().newSubManager()) {
        total += model.loss(m, toks, mask).getFloat() * targets;
      }
      count += targets;
    }
    if (count == 0) {
      throw new IllegalArgumentException("no example has a target token");
    }
    return total / count;
  }

  private static TrainingExample cut(TrainingExample e, int max) {
    if (e.tokens().length <= max) {
      return e;
    }
    return new TrainingExample(
        java.util.Arrays.copyOf(e.tokens(), max), java.util.Arrays.copyOf(e.lossMask(), max));
  }
}
