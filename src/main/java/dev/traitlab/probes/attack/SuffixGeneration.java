package dev.traitlab.probes.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.traitlab.nn.NativeArrays;
import dev.traitlab.nn.transformer.ActivationHook;
import dev.traitlab.nn.transformer.GeneratedSequence;
import dev.traitlab.nn.transformer.GenerationSettings;
import dev.traitlab.nn.transformer.TransformerModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Greedy answers to requests with a suffix in embedding space, batched with the KV cache: the
 * prompts are left-padded by the sampler, so the hook puts the suffix at pad + before in each row
 * during the prompt pass.
 */
public final class SuffixGeneration {
  private SuffixGeneration() {}

  /**
   * The greedy answer tokens (end of turn excluded) of each request with {@code suffix} ([k *
   * hidden] floats).
   */
  public static List<int[]> greedy(
      TransformerModel model,
      List<AttackPrompt> prompts,
      float[] suffix,
      int maxTokens,
      Set<Integer> stopIds) {
    int h = model.config().hiddenSize();
    int k = suffix.length / h;
    List<int[]> rows = new ArrayList<>(prompts.size());
    int longest = 0;
    for (AttackPrompt p : prompts) {
      int[] filler = new int[k];
      java.util.Arrays.fill(filler, p.before()[0]);
      int[] row = p.prompt(filler);
      rows.add(row);
      longest = Math.max(longest, row.length);
    }
    int[] start = new int[prompts.size()];
    for (int r = 0; r < start.length; r++) {
      start[r] = longest - rows.get(r).length + prompts.get(r).before().length;
    }
    int length = longest;
    ActivationHook hook =
        new ActivationHook() {
          @Override
          public boolean wants(String point) {
            return k > 0 && point.equals(ActivationHook.embed());
          }

          @Override
          public NDArray apply(String point, NDArray x) {
            NDArray p = NativeArrays.of(x.getManager(), suffix, new Shape(k, h));
            return new SuffixHook(p, start, length, Set.of()).apply(point, x);
          }
        };
    GenerationSettings settings =
        GenerationSettings.builder()
            .optMaxTokens(maxTokens)
            .optTemperature(0)
            .optStopTokenIds(stopIds)
            .optHook(hook)
            .build();
    List<int[]> out = new ArrayList<>(rows.size());
    for (GeneratedSequence g : model.generate(rows, settings)) {
      out.add(g.tokens());
    }
    return out;
  }
}
