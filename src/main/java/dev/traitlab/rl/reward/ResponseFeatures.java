package dev.traitlab.rl.reward;

import dev.traitlab.nn.transformer.ActivationHook;
import dev.traitlab.nn.transformer.TransformerModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a reward head over a frozen language model reads about a (prompt, response): the residual
 * stream after the model's last block at the sequence's final token and averaged over the
 * response's tokens (2 x hidden floats), as the overoptimisation proxies read them. The sequence is
 * prompt + response + the end-of-turn token, so a response is read as a finished turn.
 */
public final class ResponseFeatures {
  /** Sequences read per pass. */
  private static final int CHUNK = 64;

  private ResponseFeatures() {}

  /**
   * Rows [responses][2 * hidden].
   *
   * @param model the frozen reader
   * @param prompts prompt token ids (chat template up to the assistant's turn)
   * @param responses response token ids, without the end-of-turn token
   * @param eos the end-of-turn token appended to every response
   */
  public static float[][] of(
      TransformerModel model, List<int[]> prompts, List<int[]> responses, int eos) {
    if (prompts.size() != responses.size()) {
      throw new IllegalArgumentException(
          prompts.size() + " prompts for " + responses.size() + " responses");
    }
    String point = ActivationHook.residPost(model.config().numHiddenLayers() - 1);
    int h = model.config().hiddenSize();
    float[][] rows = new float[prompts.size()][];
    for (int from = 0; from < rows.length; from += CHUNK) {
      int to = Math.min(rows.length, from + CHUNK);
      List<int[]> seqs = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        int[] p = prompts.get(i);
        int[] r = responses.get(i);
        int[] s = java.util.Arrays.copyOf(p, p.length + r.length + 1);
        System.arraycopy(r, 0, s, p.length, r.length);
        s[s.length - 1] = eos;
        seqs.add(s);
      }
      Map<String, float[][][]> acts = model.activations(seqs, Set.of(point));
      float[][][] a = acts.get(point);
      for (int i = from; i < to; i++) {
        float[][] x = a[i - from];
        int start = prompts.get(i).length;
        float[] f = new float[2 * h];
        System.arraycopy(x[x.length - 1], 0, f, 0, h);
        int n = x.length - start;
        for (int t = start; t < x.length; t++) {
          for (int j = 0; j < h; j++) {
            f[h + j] += x[t][j] / n;
          }
        }
        rows[i] = f;
      }
    }
    return rows;
  }
}
