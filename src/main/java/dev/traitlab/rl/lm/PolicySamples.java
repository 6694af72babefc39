package dev.traitlab.rl.lm;

import dev.traitlab.core.Seeds;
import dev.traitlab.nn.transformer.GeneratedSequence;
import dev.traitlab.nn.transformer.GenerationSettings;
import dev.traitlab.nn.transformer.TransformerModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Responses sampled from a policy token by token, and the sampled estimate of KL(policy ||
 * reference) on them: what RLHF runs measure a policy with on held-out prompts.
 */
public final class PolicySamples {
  /** Rows per batched sampling or scoring call. */
  private static final int BATCH = 256;

  private PolicySamples() {}

  /**
   * Sampled responses: token ids without the end-of-turn token, and whether it ended the response.
   */
  public record Sampled(int[][] tokens, boolean[] stopped) {}

  /**
   * {@code perPrompt} responses at temperature 1 to each prompt; row q * perPrompt + j is response
   * j of prompt q. Batch b of rows draws from the seed (seed, "answers", first row of b).
   *
   * @param prompts prompt token ids (chat template up to the assistant's turn)
   * @param eos the end-of-turn token that stops a response
   */
  public static Sampled sample(
      TransformerModel model,
      List<int[]> prompts,
      int perPrompt,
      int maxTokens,
      int eos,
      long seed) {
    int rows = prompts.size() * perPrompt;
    int[][] tokens = new int[rows][];
    boolean[] stopped = new boolean[rows];
    for (int from = 0; from < rows; from += BATCH) {
      int to = Math.min(rows, from + BATCH);
      List<int[]> batch = new ArrayList<>(to - from);
      for (int r = from; r < to; r++) {
        batch.add(prompts.get(r / perPrompt));
      }
      GenerationSettings s =
          GenerationSettings.builder()
              .optMaxTokens(maxTokens)
              .optTemperature(1.0)
              .optSeed(Seeds.derive(seed, "answers", from))
              .optStopTokenIds(Set.of(eos))
              .build();
      List<GeneratedSequence> out = model.generate(batch, s);
      for (int r = from; r < to; r++) {
        tokens[r] = out.get(r - from).tokens();
        stopped[r] = "stop".equals(out.get(r - from).finishReason());
      }
    }
    return new Sampled(tokens, stopped);
  }

  /**
   * Per response, the sum over its tokens (the end-of-turn token included when it ended the
   * response) of ln policy - ln reference: the sampled estimate of KL(policy || reference) on its
   * prompt, in nats; its mean over responses is unbiased, single values can be negative.
   */
  public static double[] kl(
      TransformerModel policy,
      TransformerModel reference,
      List<int[]> prompts,
      int perPrompt,
      Sampled answers,
      int eos) {
    List<int[]> seqs = new ArrayList<>();
    for (int r = 0; r < answers.tokens().length; r++) {
      int[] p = prompts.get(r / perPrompt);
      int[] a = answers.tokens()[r];
      int[] s = java.util.Arrays.copyOf(p, p.length + a.length + (answers.stopped()[r] ? 1 : 0));
      System.arraycopy(a, 0, s, p.length, a.length);
      if (answers.stopped()[r]) {
        s[s.length - 1] = eos;
      }
      seqs.add(s);
    }
    double[] out = new double[seqs.size()];
    for (int from = 0; from < seqs.size(); from += BATCH) {
      List<int[]> chunk = seqs.subList(from, Math.min(seqs.size(), from + BATCH));
      float[][] lp = policy.tokenLogprobs(chunk, null);
      float[][] lr = reference.tokenLogprobs(chunk, null);
      for (int i = 0; i < chunk.size(); i++) {
        int start = prompts.get((from + i) / perPrompt).length - 1;
        for (int t = start; t < lp[i].length; t++) {
          out[from + i] += (double) lp[i][t] - lr[i][t];
        }
      }
    }
    return out;
  }
}
