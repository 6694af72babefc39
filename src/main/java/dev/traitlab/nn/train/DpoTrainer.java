package dev.traitlab.nn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.traitlab.nn.transformer.TransformerModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Direct preference optimisation (Rafailov et al. 2023) of a {@link TransformerModel}, as TRL's
 * DPOTrainer does it by default: the sigmoid loss of {@link DpoLoss} on summed response
 * log-probabilities; the reference is the frozen starting model, its log-probabilities computed
 * once before training (TRL's {@code precompute_ref_log_probs}: the same numbers, since the
 * reference never changes); each step runs the chosen and rejected sequences of its pairs as one
 * right-padded batch (TRL's concatenated forward). Full fine-tuning or LoRA, AdamW, the learning
 * rate schedule, clipping and seeded shuffling are those of {@link TransformerTrainer} ({@link
 * TrainingSettings}; batch size counts pairs). Per step it logs TRL's reward accuracy, margin and
 * chosen/rejected rewards ({@link DpoStepStats}).
 */
public final class DpoTrainer {
  private DpoTrainer() {}

  /**
   * Trains {@code model} in place on the pairs. {@code stats} (null: none) hears every step's
   * {@link DpoStepStats}, then {@code progress} (null: none) its loss.
   *
   * @throws IllegalArgumentException when there are no pairs, a token is outside the vocabulary, or
   *     a response has no target token within the settings' maximum length (the message names the
   *     pair)
   */
  public static DpoResult train(
      TransformerModel model,
      List<PreferencePair> pairs,
      DpoSettings settings,
      TrainingProgress progress,
      Consumer<DpoStepStats> stats) {
    TrainingSettings s = settings.training();
    List<PreferencePair> data = checked(model, pairs, s.maxSequenceLength());
    long start = System.nanoTime();
    Map<PreferencePair, double[]> reference = new IdentityHashMap<>();
    double[][] ref = logprobs(model, data, s.batchSize());
    for (int i = 0; i < data.size(); i++) {
      reference.put(data.get(i), new double[] {ref[0][i], ref[1][i]});
    }
    double referenceSeconds = (System.nanoTime() - start) / 1e9;
    int total = (data.size() + s.batchSize() - 1) / s.batchSize() * s.epochs();
    LearningRateSchedule schedule =
        new LearningRateSchedule(s.learningRate(), s.warmupFor(total), total);
    Random rng = new Random(s.seed());
    List<DpoStepStats> log = new ArrayList<>(total);
    long tokens = 0;
    long seen = 0;
    TrainableWeights weights = TrainableWeights.open(model, s);
    try {
      int step = 0;
      for (int epoch = 0; epoch < s.epochs(); epoch++) {
        for (List<PreferencePair> batch :
            TransformerTrainer.batches(
                data,
                s.batchSize(),
                s.groupByLength(),
                rng,
                p -> Math.max(p.chosen().tokens().length, p.rejected().tokens().length))) {
          double lr = schedule.at(step);
          step++;
          DpoStepStats st = step(model, weights, batch, reference, settings.beta(), lr, step);
          log.add(st);
          seen += batch.size();
          for (PreferencePair p : batch) {
            tokens += p.chosen().tokens().length + p.rejected().tokens().length;
          }
          if (stats != null) {
            stats.accept(st);
          }
          if (progress != null) {
            progress.onStep(step, total, st.loss(), lr);
          }
        }
      }
    } finally {
      weights.close();
    }
    weights.finish();
    return new DpoResult(
        log, seen, tokens, (System.nanoTime() - start) / 1e9, referenceSeconds, weights.skipped());
  }

  private static DpoStepStats step(
      TransformerModel model,
      TrainableWeights weights,
      List<PreferencePair> batch,
      Map<PreferencePair, double[]> reference,
      double beta,
      double lr,
      int step) {
    int n = batch.size();
    List<TrainingExample> rows = new ArrayList<>(2 * n);
    float[] refChosen = new float[n];
    float[] refRejected = new float[n];
    for (int i = 0; i < n; i++) {
      rows.add(batch.get(i).chosen());
      double[] r = reference.get(batch.get(i));
      refChosen[i] = (float) r[0];
      refRejected[i] = (float) r[1];
    }
    for (PreferencePair p : batch) {
      rows.add(p.rejected());
    }
    PaddedBatch padded = PaddedBatch.of(rows);
    try (NDManager m = model.manager().newSubManager()) {
      float loss;
      float[] policy;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray sums = model.targetLogprobSums(m, padded.tokens(), padded.mask());
        NDArray l =
            DpoLoss.loss(
                sums.get("0:" + n),
                sums.get(n + ":"),
                m.create(refChosen),
                m.create(refRejected),
                beta);
        gc.backward(l);
        loss = l.getFloat();
        policy = sums.toFloatArray();
      }
      weights.step(m, lr, Float.isFinite(loss));
      return DpoStepStats.of(
          step,
          loss,
          Arrays.copyOfRange(policy, 0, n),
          Arrays.copyOfRange(policy, n, 2 * n),
          refChosen,
          refRejected,
          beta,
          lr);
    }
  }

  /**
   * Summed response log-probabilities of every pair under {@code model} as it is now, without
   * gradients: {@code [0][i]} log pi(chosen_i | x_i), {@code [1][i]} log pi(rejected_i | x_i), in
   * nats, computed {@code batchSize} pairs at a time (both responses in one batch).
   */
  public static double[][] logprobs(
      TransformerModel model, List<PreferencePair> pairs, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    double[][] out = new double[2][pairs.size()];
    for (int b = 0; b < pairs.size(); b += batchSize) {
      List<PreferencePair> batch = pairs.subList(b, Math.min(pairs.size(), b + batchSize));
      List<TrainingExample> rows = new ArrayList<>(2 * batch.size());
      batch.forEach(p -> rows.add(p.chosen()));
      batch.forEach(p -> rows.add(p.rejected()));
      PaddedBatch padded = PaddedBatch.of(rows);
      try (NDManager m = model.manager().newSubManager()) {
        float[] sums = model.targetLogprobSums(m, padded.tokens(), padded.mask()).toFloatArray();
        for (int i = 0; i < batch.size(); i++) {
          out[0][b + i] = sums[i];
          out[1][b + i] = sums[batch.size() + i];
        }
      }
    }
    return out;
  }

  /** The pairs cut to the maximum length, after checking tokens and targets. */
  private static List<PreferencePair> checked(
      TransformerModel model, List<PreferencePair> pairs, int maxLength) {
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("DPO needs at least one preference pair");
    }
    List<PreferencePair> out = new ArrayList<>(pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      PreferencePair p = pairs.get(i);
      TrainingExample chosen = checked(model, p.chosen(), maxLength, i, "chosen");
      TrainingExample rejected = checked(model, p.rejected(), maxLength, i, "rejected");
      out.add(new PreferencePair(chosen, rejected));
    }
    return out;
  }

  private static TrainingExample checked(
      TransformerModel model, TrainingExample e, int maxLength, int pair, String side) {
    for (int tok : e.tokens()) {
      if (tok < 0 || tok >= model.config().vocabSize()) {
        throw new IllegalArgumentException(
            "preference pair "
                + pair
                + ": "
                + side
                + " token id "
                + tok
                + " outside the vocabulary");
      }
    }
    TrainingExample cut = TransformerTrainer.cut(e, maxLength);
    for (int t = 1; t < cut.lossMask().length; t++) {
      if (cut.lossMask()[t]) {
        return cut;
      }
    }
    throw new IllegalArgumentException(
        "preference pair "
            + pair
            + ": the "
            + side
            + " response has no token within the first "
            + maxLength
            + " positions");
  }
}
