package dev.traitlab.nn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.traitlab.nn.transformer.ActivationHook;
import dev.traitlab.nn.transformer.TransformerModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * Next-token training of a {@link TransformerModel} on masked examples: full fine-tuning or LoRA,
 * AdamW, linear warm-up and decay, global gradient-norm clipping. Examples are shuffled each epoch
 * from the seed and batched in that order, each batch right-padded to its longest row.
 *
 * <p>Full-parameter training with the plain token loss (no LoRA, soft targets or hooks) runs in
 * {@link DecoderBackprop}, a hand-written forward, backward and AdamW step with the products in
 * MKL, when MKL is found; everything else, or {@code -Dtraitlab.trainer=djl}, runs through DJL
 * autograd. Both compute the same loss, gradients and update to float rounding.
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

    double[] losses = new double[total];
    long targetTokens = 0;
    long tokens = 0;
    long start = System.nanoTime();
    Random rng = new Random(s.seed());
    int longest = data.stream().mapToInt(e -> e.tokens().length).max().orElse(2);
    // Full-parameter training on the plain token loss runs in the hand-written step (the same
    // arithmetic without DJL's per-op overhead); -Dtraitlab.trainer=djl keeps every step in DJL.
    DecoderBackprop fused =
        DecoderBackprop.suits(model, s, softTargets != null, hooks != null, s.batchSize(), longest)
            ? new DecoderBackprop(model, s.weightDecay(), s.gradClip())
            : null;
    TrainableWeights weights = fused == null ? TrainableWeights.open(model, s) : null;
    int fusedSkipped = 0;
    try {
      int step = 0;
      for (int epoch = 0; epoch < s.epochs(); epoch++) {
        for (List<TrainingExample> batch :
            batches(data, s.batchSize(), s.groupByLength(), rng, e -> e.tokens().length)) {
          PaddedBatch padded = PaddedBatch.of(batch);
          for (TrainingExample e : batch) {
            tokens += e.tokens().length;
          }
          targetTokens += padded.targets();
          double lr = schedule.at(step);
          ActivationHook hook =
              hooks == null ? null : hooks.forBatch(batch, padded.tokens()[0].length);
          if (fused != null) {
            DecoderBackprop.StepResult r = fused.step(padded.tokens(), padded.mask(), lr);
            losses[step] = r.loss();
            fusedSkipped += r.updated() ? 0 : 1;
          } else {
            losses[step] = step(model, weights, batch, padded, softTargets, hook, lr);
          }
          step++;
          if (progress != null) {
            if (fused != null) {
              // Callers may read or save the model after a step (checkpoints): give it the
              // step's weights, as the DJL path, which trains the model's arrays in place, does.
              fused.writeBack();
            }
            progress.onStep(step, total, losses[step - 1], lr);
          }
        }
      }
    } finally {
      if (weights != null) {
        weights.close();
      } else {
        fused.writeBack();
      }
    }
    if (weights != null) {
      weights.finish();
    }
    return new TrainingResult(
        losses,
        targetTokens,
        tokens,
        (System.nanoTime() - start) / 1e9,
        weights != null ? weights.skipped() : fusedSkipped);
  }

  private static double step(
      TransformerModel model,
      TrainableWeights weights,
      List<TrainingExample> batch,
      PaddedBatch padded,
      SoftTargets targets,
      ActivationHook hook,
      double lr) {
    int[][] toks = padded.tokens();
    boolean[][] mask = padded.mask();
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
      weights.step(m, lr, Float.isFinite(loss));
      return loss;
    }
  }

  /**
   * One epoch's batches: a seeded shuffle, then (with groupByLength) examples of similar length
   * batched together within windows of 32 batches, and the batch order shuffled again, so little
   * compute goes to padding while batches stay random.
   */
  public static List<List<TrainingExample>> batches(
      List<TrainingExample> data, int batchSize, boolean groupByLength, Random rng) {
    return batches(data, batchSize, groupByLength, rng, e -> e.tokens().length);
  }

  /** As {@link #batches(List, int, boolean, Random)} for any items, of the given length. */
  static <T> List<List<T>> batches(
      List<T> data, int batchSize, boolean groupByLength, Random rng, ToIntFunction<T> length) {
    List<T> order = new ArrayList<>(data);
    Collections.shuffle(order, rng);
    List<List<T>> out = new ArrayList<>();
    int window = groupByLength ? batchSize * 32 : batchSize;
    for (int w = 0; w < order.size(); w += window) {
      List<T> chunk = new ArrayList<>(order.subList(w, Math.min(order.size(), w + window)));
      if (groupByLength) {
        chunk.sort(Comparator.comparingInt(length));
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
      PaddedBatch padded = PaddedBatch.of(batch.stream().map(e -> cut(e, maxLength)).toList());
      int[][] toks = padded.tokens();
      boolean[][] mask = padded.mask();
      long targets = padded.targets();
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

  static TrainingExample cut(TrainingExample e, int max) {
    if (e.tokens().length <= max) {
      return e;
    }
    return new TrainingExample(
        java.util.Arrays.copyOf(e.tokens(), max), java.util.Arrays.copyOf(e.lossMask(), max));
  }
}
