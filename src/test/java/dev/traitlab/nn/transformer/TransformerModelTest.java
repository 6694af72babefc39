package dev.traitlab.nn.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformerModelTest {

  static TransformerConfig tiny(String type, boolean tied) {
    return TransformerConfig.builder()
        .optModelType(type)
        .optVocabSize(61)
        .optHiddenSize(32)
        .optIntermediateSize(48)
        .optNumHiddenLayers(2)
        .optNumAttentionHeads(4)
        .optNumKeyValueHeads(2)
        .optMaxPositionEmbeddings(64)
        .optTieWordEmbeddings(tied)
        .build();
  }

  @Test
  void saveThenLoadGivesIdenticalLogits(@TempDir Path dir) {
    int[][] tokens = {{1, 5, 9, 2, 60}, {3, 3, 3, 7, 0}};
    for (TransformerConfig c : List.of(tiny("qwen2", false), tiny("llama", true))) {
      Path d = dir.resolve(c.modelType());
      try (TransformerModel m = TransformerModel.create(c, 7)) {
        float[][][] before = m.logits(tokens);
        m.save(d);
        try (TransformerModel loaded = TransformerModel.load(d)) {
          assertEquals(c, loaded.config());
          float[][][] after = loaded.logits(tokens);
          for (int r = 0; r < tokens.length; r++) {
            for (int p = 0; p < tokens[r].length; p++) {
              assertArrayEquals(before[r][p], after[r][p]);
            }
          }
        }
      }
    }
  }

  @Test
  void kvCacheSamplingMatchesFullRecompute() {
    try (TransformerModel m = TransformerModel.create(tiny("qwen2", false), 3)) {
      // Prompts of different lengths exercise left padding and per-row positions.
      List<int[]> prompts =
          List.of(new int[] {4, 8, 15, 16, 23, 42}, new int[] {1}, new int[] {9, 9});
      GenerationSettings s =
          GenerationSettings.builder().optMaxTokens(12).optTemperature(1).optSeed(5).build();
      List<GeneratedSequence> out = m.generate(prompts, s);
      for (int r = 0; r < prompts.size(); r++) {
        int[] gen = out.get(r).tokens();
        assertEquals(12, gen.length);
        float[] full = m.scoreContinuation(prompts.get(r), gen);
        for (int i = 0; i < gen.length; i++) {
          assertEquals(full[i], out.get(r).logprobs()[i], 1e-4, "row " + r + " token " + i);
        }
      }
    }
  }

  @Test
  void sameSeedGivesSameSamplesAndRowsDoNotDependOnTheBatch() {
    try (TransformerModel m = TransformerModel.create(tiny("llama", true), 11)) {
      int[] p = {1, 2, 3};
      GenerationSettings s =
          GenerationSettings.builder().optMaxTokens(20).optTopP(0.9).optSeed(42).build();
      int[] a = m.generate(List.of(p), s).get(0).tokens();
      int[] b = m.generate(List.of(p, new int[] {5, 6, 7, 8, 9}), s).get(0).tokens();
      assertArrayEquals(a, b);
      GenerationSettings other =
          GenerationSettings.builder().optMaxTokens(20).optTopP(0.9).optSeed(43).build();
      assertNotEquals(
          java.util.Arrays.toString(a),
          java.util.Arrays.toString(m.generate(List.of(p), other).get(0).tokens()));
    }
  }

  @Test
  void stopTokensAndStopConditionEndRows() {
    try (TransformerModel m = TransformerModel.create(tiny("llama", true), 11)) {
      int[] p = {1, 2, 3};
      GenerationSettings greedy =
          GenerationSettings.builder().optMaxTokens(8).optTemperature(0).optTopLogprobs(3).build();
      GeneratedSequence g = m.generate(List.of(p), greedy).get(0);
      assertEquals("length", g.finishReason());
      // Greedy picks the most likely token, which is the first of the top list.
      assertEquals(g.tokens()[0], g.topTokens()[0][0]);
      assertEquals(g.logprobs()[0], g.topLogprobs()[0][0], 1e-6);
      GenerationSettings stopAt =
          GenerationSettings.builder()
              .optMaxTokens(8)
              .optTemperature(0)
              .optStopTokenIds(Set.of(g.tokens()[2]))
              .build();
      GeneratedSequence cut = m.generate(List.of(p), stopAt).get(0);
      assertEquals("stop", cut.finishReason());
      assertTrue(cut.tokens().length <= 2);
      GenerationSettings cond =
          GenerationSettings.builder()
              .optMaxTokens(8)
              .optTemperature(0)
              .optStopCondition((row, soFar) -> soFar.length == 3)
              .build();
      assertEquals(3, m.generate(List.of(p), cond).get(0).tokens().length);
    }
  }

  @Test
  void logitControlsSteerGenerationAndLogprobsStayUnmodified() {
    try (TransformerModel m = TransformerModel.create(tiny("llama", true), 11)) {
      int[] p = {1, 2, 3};
      GenerationSettings forced =
          GenerationSettings.builder()
              .optMaxTokens(6)
              .optTemperature(0)
              .optControls(new LogitControls(Map.of(7, 100.0), 0, 0, 1, 0, 0))
              .build();
      GeneratedSequence g = m.generate(List.of(p), forced).get(0);
      assertArrayEquals(new int[] {7, 7, 7, 7, 7, 7}, g.tokens());
      // The reported log-probs are the model's own, not the biased ones.
      float[] unbiased = m.scoreContinuation(p, g.tokens());
      for (int i = 0; i < 6; i++) {
        assertEquals(unbiased[i], g.logprobs()[i], 1e-4);
      }
      // A frequency penalty of 100 makes greedy decoding never repeat a generated token.
      GenerationSettings fresh =
          GenerationSettings.builder()
              .optMaxTokens(30)
              .optTemperature(0)
              .optControls(new LogitControls(Map.of(), 0, 100, 1, 0, 0))
              .build();
      int[] tokens = m.generate(List.of(p), fresh).get(0).tokens();
      assertEquals(30, java.util.Arrays.stream(tokens).distinct().count());
    }
  }

  @Test
  void theListenerHearsEveryTokenAsItIsSampled() {
    try (TransformerModel m = TransformerModel.create(tiny("qwen2", false), 4)) {
      List<int[]> prompts = List.of(new int[] {4, 8, 15}, new int[] {16});
      List<List<Integer>> heard = List.of(new java.util.ArrayList<>(), new java.util.ArrayList<>());
      List<Float> firstRowLogprobs = new java.util.ArrayList<>();
      GenerationSettings s =
          GenerationSettings.builder()
              .optMaxTokens(9)
              .optSeed(2)
              .optTopLogprobs(2)
              .optListener(
                  (row, token, lp, top, topLp) -> {
                    heard.get(row).add(token);
                    if (row == 0) {
                      firstRowLogprobs.add(lp);
                      assertEquals(2, top.length);
                    }
                  })
              .build();
      List<GeneratedSequence> out = m.generate(prompts, s);
      for (int r = 0; r < 2; r++) {
        assertEquals(java.util.Arrays.stream(out.get(r).tokens()).boxed().toList(), heard.get(r));
      }
      for (int i = 0; i < firstRowLogprobs.size(); i++) {
        assertEquals(out.get(0).logprobs()[i], firstRowLogprobs.get(i));
      }
    }
  }

  @Test
  void sequenceLogprobsEqualContinuationScoresWithTheirAlternatives() {
    try (TransformerModel m = TransformerModel.create(tiny("llama", true), 5)) {
      int[] seq = {3, 9, 27, 4, 12, 36};
      SequenceLogprobs lp = m.sequenceLogprobs(seq, 3, null);
      assertTrue(Float.isNaN(lp.logprobs()[0]));
      assertEquals(0, lp.topTokens()[0].length);
      float[] scored = m.scoreContinuation(new int[] {3}, new int[] {9, 27, 4, 12, 36});
      float[][][] logits = m.logits(new int[][] {seq});
      for (int p = 1; p < seq.length; p++) {
        assertEquals(scored[p - 1], lp.logprobs()[p], 1e-4);
        assertArrayEquals(Sampler.topK(logits[0][p - 1], 3), lp.topTokens()[p]);
        assertTrue(lp.topLogprobs()[p][0] >= lp.logprobs()[p] - 1e-6);
      }
    }
  }

  @Test
  void passesLeaveNoArraysBehindInTheModelsMemory() {
    try (TransformerModel m = TransformerModel.create(tiny("qwen2", false), 2)) {
      List<int[]> seqs = List.of(new int[] {3, 4, 5}, new int[] {6});
      m.generate(seqs, GenerationSettings.builder().optMaxTokens(3).build());
      int before = m.manager().getManagedArrays().size();
      m.generate(seqs, GenerationSettings.builder().optMaxTokens(5).optTopLogprobs(2).build());
      m.logits(seqs, new Steering("embed", new float[32], 1));
      m.scoreContinuation(new int[] {1, 2}, new int[] {3});
      m.activations(seqs, Set.of("blocks.0.attn_out"));
      assertEquals(before, m.manager().getManagedArrays().size());
    }
  }

  @Test
  void activationsAndSteering() {
    try (TransformerModel m = TransformerModel.create(tiny("llama", true), 2)) {
      List<int[]> seqs = List.of(new int[] {3, 4, 5}, new int[] {6});
      Map<String, float[][][]> acts =
          m.activations(seqs, Set.of("embed", "blocks.1.resid_post", "blocks.0.mlp_out"));
      assertEquals(3, acts.get("embed")[0].length);
      assertEquals(1, acts.get("embed")[1].length);
      float[] row6 = m.weights().get("model.embed_tokens.weight").get(6).toFloatArray();
      assertArrayEquals(row6, acts.get("embed")[1][0]);
      // Adding a vector to the last residual stream must move the logits.
      float[] vec = new float[32];
      vec[0] = 5;
      float[][][] plain = m.logits(seqs, null);
      float[][][] steered = m.logits(seqs, new Steering("blocks.1.resid_post", vec, 1f));
      assertNotEquals(plain[0][2][0], steered[0][2][0]);
      float[][][] zero = m.logits(seqs, new Steering("blocks.1.resid_post", new float[32], 1f));
      assertArrayEquals(plain[0][2], zero[0][2]);
    }
  }
}
