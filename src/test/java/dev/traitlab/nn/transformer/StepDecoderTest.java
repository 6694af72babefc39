package dev.traitlab.nn.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class StepDecoderTest {
  /**
   * A model whose weights are large enough (std 0.3, random biases) that attention, positions and
   * the MLP all shape the logits, so a wrong index would show.
   */
  private static TransformerModel spread(TransformerConfig c, long seed) {
    TransformerModel model = TransformerModel.create(c, seed);
    SplittableRandom rng = new SplittableRandom(seed);
    for (Map.Entry<String, NDArray> e : model.weights().entrySet()) {
      NDArray a = e.getValue();
      float[] v = a.toFloatArray();
      for (int i = 0; i < v.length; i++) {
        v[i] =
            e.getKey().endsWith("norm.weight")
                ? (float) (1 + 0.2 * rng.nextGaussian())
                : (float) (0.3 * rng.nextGaussian());
      }
      a.set(v);
    }
    return model;
  }

  /**
   * Sampled tokens' log-probabilities from the decoder's steps equal a full DJL pass over the same
   * tokens (teacher forcing), for rows of different prompt lengths (left padding) in one batch.
   */
  private static void decoderMatchesFullPass(TransformerConfig c) {
    Assumptions.assumeTrue(
        StepDecoder.available(), "MKL SGEMM not found in libtorch: the DJL path serves sampling");
    try (TransformerModel model = spread(c, 7)) {
      List<int[]> prompts = List.of(new int[] {1, 5, 9, 2, 7}, new int[] {3}, new int[] {4, 4, 8});
      GenerationSettings s =
          GenerationSettings.builder().optMaxTokens(12).optTemperature(1).optSeed(3).build();
      List<GeneratedSequence> out = model.generate(prompts, s);
      for (int r = 0; r < prompts.size(); r++) {
        int[] p = prompts.get(r);
        int[] gen = out.get(r).tokens();
        assertEquals(12, gen.length, "row " + r + " stops only at the budget");
        int[] all = new int[p.length + gen.length];
        System.arraycopy(p, 0, all, 0, p.length);
        System.arraycopy(gen, 0, all, p.length, gen.length);
        float[] full = model.sequenceLogprobs(all, 0, null).logprobs();
        float[] expected = new float[gen.length];
        System.arraycopy(full, p.length, expected, 0, gen.length);
        assertArrayEquals(expected, out.get(r).logprobs(), 2e-4f, c.modelType() + " row " + r);
      }
    }
  }

  @Test
  void llamaWithGroupedKeysAndTiedEmbeddings() {
    decoderMatchesFullPass(
        TransformerConfig.builder()
            .optVocabSize(40)
            .optHiddenSize(32)
            .optIntermediateSize(48)
            .optNumHiddenLayers(2)
            .optNumAttentionHeads(4)
            .optNumKeyValueHeads(2)
            .build());
  }

  @Test
  void qwen2WithBiasesAndSeparateHead() {
    decoderMatchesFullPass(
        TransformerConfig.builder()
            .optModelType(TransformerConfig.QWEN2)
            .optVocabSize(40)
            .optHiddenSize(32)
            .optIntermediateSize(48)
            .optNumHiddenLayers(2)
            .optNumAttentionHeads(2)
            .optNumKeyValueHeads(1)
            .optTieWordEmbeddings(false)
            .build());
  }

  @Test
  void llamaWithOutputBiasAndGelu() {
    decoderMatchesFullPass(
        TransformerConfig.builder()
            .optVocabSize(40)
            .optHiddenSize(24)
            .optIntermediateSize(40)
            .optNumHiddenLayers(3)
            .optNumAttentionHeads(3)
            .optNumKeyValueHeads(3)
            .optAttentionBias(true)
            .optHiddenAct(TransformerConfig.GELU)
            .build());
  }

  @Test
  void bothPathsDrawTheSameTokensUnderOneSeed() {
    Assumptions.assumeTrue(StepDecoder.available(), "MKL SGEMM not found in libtorch");
    TransformerConfig c =
        TransformerConfig.builder()
            .optVocabSize(40)
            .optHiddenSize(32)
            .optIntermediateSize(48)
            .optNumHiddenLayers(2)
            .build();
    try (TransformerModel model = spread(c, 11)) {
      List<int[]> prompts = List.of(new int[] {1, 2, 3}, new int[] {9, 8});
      GenerationSettings s =
          GenerationSettings.builder().optMaxTokens(10).optTemperature(1).optSeed(5).build();
      List<GeneratedSequence> fast = model.generate(prompts, s);
      List<GeneratedSequence> djl;
      System.setProperty("traitlab.decoder", "djl");
      try {
        assertTrue(!StepDecoder.available());
        djl = model.generate(prompts, s);
      } finally {
        System.clearProperty("traitlab.decoder");
      }
      for (int r = 0; r < prompts.size(); r++) {
        assertArrayEquals(djl.get(r).tokens(), fast.get(r).tokens(), "row " + r);
        assertArrayEquals(djl.get(r).logprobs(), fast.get(r).logprobs(), 2e-4f, "row " + r);
      }
    }
  }

  @Test
  void erfMatchesTabulatedValues() {
    // Abramowitz and Stegun, table 7.1.
    assertEquals(0.0, StepDecoder.erf(0), 1e-7);
    assertEquals(0.5204998778, StepDecoder.erf(0.5), 1e-7);
    assertEquals(0.8427007929, StepDecoder.erf(1), 1e-7);
    assertEquals(-0.9953222650, StepDecoder.erf(-2), 1e-7);
  }

  @Test
  void batchesWhosePromptPassWouldNotFitStayOnTheDjlPath() {
    Assumptions.assumeTrue(StepDecoder.available(), "MKL not found in libtorch");
    TransformerConfig wide =
        TransformerConfig.builder()
            .optVocabSize(40)
            .optHiddenSize(128)
            .optIntermediateSize(8192)
            .optNumHiddenLayers(1)
            .optNumAttentionHeads(4)
            .optNumKeyValueHeads(1)
            .optMaxPositionEmbeddings(4096)
            .build();
    assertTrue(StepDecoder.suits(wide, 8, 80));
    // 64 rows x 2,048 positions: the cache (2 x 32 floats a position) is small, but the prompt
    // pass's buffers would take about 33,600 floats a position, 4.4e9 in all, far past 2^28.
    assertFalse(StepDecoder.suits(wide, 64, 2048));
  }
}
