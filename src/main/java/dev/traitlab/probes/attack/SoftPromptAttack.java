package dev.traitlab.probes.attack;

import ai.djl.ndarray.NDArray;
import dev.traitlab.core.Seeds;
import dev.traitlab.nn.train.ArrayAdam;
import dev.traitlab.nn.transformer.TransformerModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedding-suffix attack of Bailey et al. (2024): one universal soft prompt of k vectors,
 * appended to every request, trained by Adam on the {@link Objective} (behaviour cross-entropy of
 * the target answers plus the monitor's score) over minibatches of training requests. It starts
 * from the embeddings of a text, as theirs starts from "You are a bad model...".
 */
public final class SoftPromptAttack {
  private SoftPromptAttack() {}

  /**
   * The trained suffix and the objective at each step.
   *
   * @param suffix [k * hidden] floats
   * @param losses the objective on each step's minibatch, before its update
   */
  public record Result(float[] suffix, double[] losses) {}

  /** The embeddings of {@code ids} (repeated cyclically to {@code length} vectors). */
  public static float[] embeddings(TransformerModel model, int[] ids, int length) {
    if (ids.length == 0) {
      throw new IllegalArgumentException("the suffix's initial text has no tokens");
    }
    NDArray table = model.weights().get("model.embed_tokens.weight");
    int h = model.config().hiddenSize();
    float[] out = new float[length * h];
    for (int i = 0; i < length; i++) {
      float[] row = table.get(ids[i % ids.length]).toFloatArray();
      System.arraycopy(row, 0, out, i * h, h);
    }
    return out;
  }

  /** Trains a suffix from {@code init} ([k * hidden]) on the training requests. */
  public static Result train(
      SuffixPass pass,
      List<AttackPrompt> requests,
      float[] init,
      Objective objective,
      SoftPromptSettings settings,
      long seed) {
    if (init.length != settings.length() * pass.hiddenSize()) {
      throw new IllegalArgumentException(
          "initial suffix has "
              + init.length
              + " floats, expected "
              + settings.length()
              + " x "
              + pass.hiddenSize());
    }
    float[] suffix = init.clone();
    ArrayAdam adam = new ArrayAdam(suffix, settings.learningRate(), 0);
    double[] losses = new double[settings.steps()];
    for (int step = 0; step < settings.steps(); step++) {
      List<AttackPrompt> batch =
          minibatch(requests, settings.batchSize(), Seeds.derive(seed, "batch", step));
      SuffixPass.Result r =
          pass.run(batch, null, suffix, List.of(), objective.tokens(), objective, true);
      losses[step] = r.loss();
      adam.step(r.gradient());
      if (settings.maxNorm() > 0) {
        project(suffix, pass.hiddenSize(), settings.maxNorm());
      }
    }
    return new Result(suffix, losses);
  }

  /** Scales every vector of {@code suffix} whose norm exceeds {@code maxNorm} back onto it. */
  static void project(float[] suffix, int h, double maxNorm) {
    for (int start = 0; start < suffix.length; start += h) {
      double n = 0;
      for (int i = start; i < start + h; i++) {
        n += suffix[i] * suffix[i];
      }
      n = Math.sqrt(n);
      if (n > maxNorm) {
        for (int i = start; i < start + h; i++) {
          suffix[i] *= (float) (maxNorm / n);
        }
      }
    }
  }

  /** The largest norm of a row of the model's token embeddings. */
  public static double maxEmbeddingNorm(TransformerModel model) {
    float[] e = model.weights().get("model.embed_tokens.weight").toFloatArray();
    int h = model.config().hiddenSize();
    double max = 0;
    for (int start = 0; start < e.length; start += h) {
      double n = 0;
      for (int i = start; i < start + h; i++) {
        n += e[i] * e[i];
      }
      max = Math.max(max, Math.sqrt(n));
    }
    return max;
  }

  /** A seeded sample of {@code size} requests (all of them when there are no more). */
  static List<AttackPrompt> minibatch(List<AttackPrompt> all, int size, long seed) {
    if (all.size() <= size) {
      return all;
    }
    int[] order = Seeds.permutation(seed, all.size());
    List<AttackPrompt> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(all.get(order[i]));
    }
    return out;
  }
}
