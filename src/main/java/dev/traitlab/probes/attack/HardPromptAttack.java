package dev.traitlab.probes.attack;

import ai.djl.ndarray.NDArray;
import dev.traitlab.core.Seeds;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A suffix of real tokens found by greedy coordinate gradient (Zou et al. 2023's GCG, one of the
 * hard-prompt optimisers Bailey et al. use): at each step the gradient of the {@link Objective}
 * with respect to each suffix position's one-hot token gives, through the embedding table, the
 * top-k most promising tokens per position; random single-token swaps among them are scored
 * exactly, and the best (if it beats the current suffix) is kept.
 */
public final class HardPromptAttack {
  private HardPromptAttack() {}

  /**
   * @param tokens the suffix's token ids
   * @param losses the objective of the kept suffix after each step, on that step's minibatch
   */
  public record Result(int[] tokens, double[] losses) {}

  /** Searches from {@code init} (k token ids); only tokens with {@code allowed[id]} are tried. */
  public static Result search(
      SuffixPass pass,
      List<AttackPrompt> requests,
      int[] init,
      boolean[] allowed,
      Objective objective,
      HardPromptSettings settings,
      long seed) {
    NDArray table = pass.model().weights().get("model.embed_tokens.weight");
    float[] e = table.toFloatArray();
    int h = pass.hiddenSize();
    int vocab = (int) table.getShape().get(0);
    int k = init.length;
    int[] current = init.clone();
    double[] losses = new double[settings.steps()];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int step = 0; step < settings.steps(); step++) {
      List<AttackPrompt> batch =
          SoftPromptAttack.minibatch(requests, settings.batchSize(), Seeds.derive(seed, "b", step));
      SuffixPass.Result here =
          pass.run(
              batch, null, embed(e, h, current), List.of(), objective.tokens(), objective, true);
      // d loss / d one-hot[i][v] = grad_i . E_v
      int[][] top = new int[k][];
      for (int i = 0; i < k; i++) {
        double[] score = new double[vocab];
        for (int v = 0; v < vocab; v++) {
          double s = 0;
          for (int j = 0; j < h; j++) {
            s += here.gradient()[i * h + j] * e[v * h + j];
          }
          score[v] = allowed[v] ? s : Double.POSITIVE_INFINITY;
        }
        top[i] = smallest(score, settings.topK());
      }
      double best = here.loss();
      int[] bestTokens = current;
      for (int c = 0; c < settings.candidates(); c++) {
        int[] candidate = current.clone();
        int pos = rng.nextInt(k);
        candidate[pos] = top[pos][rng.nextInt(top[pos].length)];
        double loss =
            pass.run(
                    batch,
                    null,
                    embed(e, h, candidate),
                    List.of(),
                    objective.tokens(),
                    objective,
                    false)
                .loss();
        if (loss < best) {
          best = loss;
          bestTokens = candidate;
        }
      }
      current = bestTokens;
      losses[step] = best;
    }
    return new Result(current, losses);
  }

  /** The embedding rows of {@code ids}, [k * hidden]. */
  static float[] embed(float[] table, int h, int[] ids) {
    float[] out = new float[ids.length * h];
    for (int i = 0; i < ids.length; i++) {
      System.arraycopy(table, ids[i] * h, out, i * h, h);
    }
    return out;
  }

  /** Indices of the n smallest finite scores. */
  private static int[] smallest(double[] score, int n) {
    Integer[] idx = new Integer[score.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (a, b) -> Double.compare(score[a], score[b]));
    int count = 0;
    while (count < Math.min(n, idx.length) && Double.isFinite(score[idx[count]])) {
      count++;
    }
    if (count == 0) {
      throw new IllegalArgumentException("no allowed token for the hard prompt");
    }
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = idx[i];
    }
    return out;
  }
}
