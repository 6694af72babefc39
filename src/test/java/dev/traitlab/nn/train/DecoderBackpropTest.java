package dev.traitlab.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.traitlab.nn.lora.LoraSettings;
import dev.traitlab.nn.mkl.MklGemm;
import dev.traitlab.nn.mkl.RowWorkers;
import dev.traitlab.nn.transformer.TransformerConfig;
import dev.traitlab.nn.transformer.TransformerModel;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hand-written training step against DJL autograd on the same weights and batch: every
 * parameter's gradient, a few central finite differences, several AdamW steps through the trainer,
 * determinism, and the fallback rules.
 */
class DecoderBackpropTest {
  // Gradients agree with autograd to this fraction of the tensor's largest |gradient|: both are
  // float32 with different orders of additions (products blocked differently, sums per row).
  private static final double GRADIENT_TOLERANCE = 2e-4;

  @BeforeEach
  void needsMkl() {
    Assumptions.assumeTrue(MklGemm.available(), "MKL SGEMM not found in libtorch");
  }

  /** Llama with grouped keys (8 query heads on 2 key/value heads), SiLU, tied embeddings. */
  static TransformerConfig llama() {
    return TransformerConfig.builder()
        .optModelType("llama")
        .optVocabSize(37)
        .optHiddenSize(32)
        .optIntermediateSize(40)
        .optNumHiddenLayers(2)
        .optNumAttentionHeads(8)
        .optNumKeyValueHeads(2)
        .optMaxPositionEmbeddings(64)
        .optTieWordEmbeddings(true)
        .build();
  }

  /** Llama with attention_bias (q/k/v and o biases), GELU, untied head. */
  static TransformerConfig llamaBiasGelu() {
    return TransformerConfig.builder()
        .optModelType("llama")
        .optVocabSize(29)
        .optHiddenSize(24)
        .optIntermediateSize(36)
        .optNumHiddenLayers(2)
        .optNumAttentionHeads(4)
        .optNumKeyValueHeads(4)
        .optMaxPositionEmbeddings(64)
        .optTieWordEmbeddings(false)
        .optAttentionBias(true)
        .optHiddenAct(TransformerConfig.GELU)
        .build();
  }

  /** Qwen2: q/k/v biases, no o bias, grouped keys, untied head. */
  static TransformerConfig qwen2() {
    return TransformerConfig.builder()
        .optModelType("qwen2")
        .optVocabSize(31)
        .optHiddenSize(32)
        .optIntermediateSize(48)
        .optNumHiddenLayers(3)
        .optNumAttentionHeads(4)
        .optNumKeyValueHeads(2)
        .optMaxPositionEmbeddings(128)
        .optTieWordEmbeddings(false)
        .optRopeTheta(5000)
        .build();
  }

  /** A model with weights well away from the 0.02 init and non-zero biases and norms. */
  static TransformerModel model(TransformerConfig c, long seed) {
    TransformerModel m = TransformerModel.create(c, seed);
    SplittableRandom rng = new SplittableRandom(seed + 1);
    for (Map.Entry<String, NDArray> e : m.weights().entrySet()) {
      NDArray w = e.getValue();
      if (w.getShape().dimension() == 2) {
        w.muli(8);
      } else {
        float[] v = new float[(int) w.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] =
              (float)
                  (e.getKey().endsWith("bias")
                      ? 0.3 * rng.nextGaussian()
                      : 1 + 0.3 * rng.nextGaussian());
        }
        w.set(v);
      }
    }
    return m;
  }

  /** Three right-padded rows with a loss mask that skips a prompt and the padding. */
  static int[][] tokens(int vocab) {
    SplittableRandom rng = new SplittableRandom(11);
    int[] lengths = {13, 9, 5};
    int[][] t = new int[3][13];
    for (int r = 0; r < 3; r++) {
      for (int p = 0; p < lengths[r]; p++) {
        t[r][p] = rng.nextInt(vocab);
      }
    }
    return t;
  }

  static boolean[][] mask() {
    int[] lengths = {13, 9, 5};
    int[] prompt = {4, 2, 1};
    boolean[][] m = new boolean[3][13];
    for (int r = 0; r < 3; r++) {
      for (int p = prompt[r]; p < lengths[r]; p++) {
        m[r][p] = true;
      }
    }
    return m;
  }

  /** Loss and every weight's gradient through DJL autograd. */
  static Map<String, float[]> autograd(
      TransformerModel m, int[][] toks, boolean[][] mask, double[] loss) {
    Map<String, float[]> grads = new LinkedHashMap<>();
    m.weights().values().forEach(w -> w.setRequiresGradient(true));
    try (NDManager sub = m.manager().newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray l = m.loss(sub, toks, mask);
      gc.backward(l);
      loss[0] = l.getFloat();
      for (Map.Entry<String, NDArray> e : m.weights().entrySet()) {
        NDArray g = e.getValue().getGradient();
        grads.put(e.getKey(), g.toFloatArray());
        g.close();
      }
    } finally {
      m.weights().values().forEach(w -> w.setRequiresGradient(false));
    }
    return grads;
  }

  private static void gradientsMatchAutograd(TransformerConfig c) {
    int[][] toks = tokens(c.vocabSize());
    boolean[][] mask = mask();
    try (TransformerModel m = model(c, 3)) {
      assertLossAndGradientsOfAutograd(m, toks, mask);
    }
  }

  /** The hand-written pass's loss and every gradient against DJL autograd's on the same batch. */
  private static void assertLossAndGradientsOfAutograd(
      TransformerModel m, int[][] toks, boolean[][] mask) {
    double[] want = new double[1];
    Map<String, float[]> expected = autograd(m, toks, mask, want);
    DecoderBackprop step = new DecoderBackprop(m, 0.01, 1.0);
    double loss = step.lossAndGradients(toks, mask);
    assertEquals(want[0], loss, 1e-5 * Math.abs(want[0]), "loss");
    Map<String, float[]> got = step.gradients();
    assertEquals(expected.keySet(), got.keySet());
    for (String name : expected.keySet()) {
      float[] e = expected.get(name);
      float[] g = got.get(name);
      double scale = 0;
      for (float v : e) {
        scale = Math.max(scale, Math.abs(v));
      }
      assertTrue(scale > 1e-6, name + " has no gradient to compare");
      for (int i = 0; i < e.length; i++) {
        assertEquals(e[i], g[i], GRADIENT_TOLERANCE * scale, name + "[" + i + "]");
      }
    }
  }

  @Test
  void llamaGradientsEqualAutograd() {
    gradientsMatchAutograd(llama());
  }

  @Test
  void llamaWithBiasesAndGeluGradientsEqualAutograd() {
    gradientsMatchAutograd(llamaBiasGelu());
  }

  @Test
  void qwen2GradientsEqualAutograd() {
    gradientsMatchAutograd(qwen2());
  }

  @Test
  void longSequencesTakenInCausalBandsGiveTheGradientsOfAutograd() {
    // 70 and 64 tokens: attention in query bands (at 64 tokens or more), with padding.
    TransformerConfig c = qwen2();
    SplittableRandom rng = new SplittableRandom(17);
    int[][] toks = new int[2][70];
    boolean[][] mask = new boolean[2][70];
    for (int r = 0; r < 2; r++) {
      int len = r == 0 ? 70 : 64;
      for (int p = 0; p < len; p++) {
        toks[r][p] = rng.nextInt(c.vocabSize());
        mask[r][p] = p >= 3;
      }
    }
    try (TransformerModel m = model(c, 8)) {
      assertLossAndGradientsOfAutograd(m, toks, mask);
    }
  }

  @Test
  void productsCutIntoBlocksGiveTheBitsOfOneProduct() {
    assumeTrue(RowWorkers.THREADS > 1, "one thread never splits a product");
    checkBlockedProducts();
  }

  /**
   * Split products against one MKL product: the same bits where the outputs are staged (MKL's
   * generic path), the same values to rounding where they are not (its AVX2 path), and on both the
   * same bits wherever the arrays lie. Also run under MKL's AVX2 path in a child JVM by {@code
   * nn.mkl.MklDispatchShimTest} (through {@link BlockedProductsProbe}), since this suite runs on
   * MKL's own choice.
   */
  static void checkBlockedProducts() {
    // {m, n, k, beta, extra output columns}: shares of 701, 700, 1024 and 450 rows cut into
    // blocks of the staging segment's size (unevenly where 2^20 / n does not divide them), and
    // one product adding onto columns of a wider output.
    int[][] shapes = {
      {1402, 1500, 64, 0, 0},
      {1400, 1500, 64, 0, 0},
      {2048, 4096, 256, 0, 0},
      {900, 3000, 48, 1, 24}
    };
    SplittableRandom rng = new SplittableRandom(31);
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      float beta = s[3];
      int ldc = n + s[4];
      float[] a = uniform(rng, m * k);
      float[] b = uniform(rng, n * k);
      float[] c = uniform(rng, m * ldc);
      float[] want = c.clone();
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment sa = arena.allocate(4L * a.length, 64);
        MemorySegment sb = arena.allocate(4L * b.length, 64);
        MemorySegment sc = arena.allocate(4L * c.length, 64);
        MemorySegment.copy(a, 0, sa, ValueLayout.JAVA_FLOAT, 0, a.length);
        MemorySegment.copy(b, 0, sb, ValueLayout.JAVA_FLOAT, 0, b.length);
        MemorySegment.copy(c, 0, sc, ValueLayout.JAVA_FLOAT, 0, c.length);
        int previous = MklGemm.setThreadsForThisThread(1);
        try {
          MklGemm.gemm(false, true, m, n, k, 1f, sa, k, sb, k, beta, sc, ldc);
        } finally {
          MklGemm.setThreadsForThisThread(Math.max(0, previous));
        }
        MemorySegment.copy(sc, ValueLayout.JAVA_FLOAT, 0, want, 0, want.length);
      }
      float[] before = c.clone();
      DecoderBackprop.gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, beta, c, 0, ldc);
      if (DecoderBackprop.STAGE_OUTPUTS) {
        assertArrayEquals(want, c, 0, java.util.Arrays.toString(s));
      } else {
        // MKL's AVX2 kernels sum a band's last rows in another order when the band is cut
        // elsewhere: the same product to rounding, not to the bit.
        assertArrayEquals(want, c, 1e-4f, java.util.Arrays.toString(s));
      }
      // Whatever the path, the bits must not move with where the arrays lie (a seeded run repeats).
      for (int shift = 1; shift <= 3; shift++) {
        float[] a2 = new float[a.length + shift];
        float[] c2 = new float[c.length + shift];
        System.arraycopy(a, 0, a2, shift, a.length);
        System.arraycopy(before, 0, c2, shift, before.length);
        DecoderBackprop.gemm(false, true, m, n, k, 1f, a2, shift, k, b, 0, k, beta, c2, shift, ldc);
        assertArrayEquals(
            c,
            java.util.Arrays.copyOfRange(c2, shift, c2.length),
            0,
            java.util.Arrays.toString(s) + " at offset " + shift);
      }
    }
  }

  /** n values uniform in [-1, 1). */
  private static float[] uniform(SplittableRandom rng, int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return out;
  }

  @Test
  void productsLargeEnoughToSplitBetweenThreadsGiveTheGradientsOfAutograd() {
    assumeTrue(RowWorkers.THREADS > 1, "one thread never splits a product");
    // 2 x 900 tokens: every projection and the head (1,800 rows, at least 2^22 multiply-adds) is
    // split between the threads and written through the aligned staging segment; the head's
    // shares (900 rows x 1,500 logits, more than the segment's 2^20 floats) in two blocks of
    // rows; attention's value-gradient products of the last two query bands through it too, into
    // columns of a wider output, the second of them adding onto the first's.
    TransformerConfig c =
        TransformerConfig.builder()
            .optVocabSize(1500)
            .optHiddenSize(64)
            .optIntermediateSize(96)
            .optNumHiddenLayers(1)
            .optNumAttentionHeads(2)
            .optNumKeyValueHeads(1)
            .optMaxPositionEmbeddings(1024)
            .build();
    SplittableRandom rng = new SplittableRandom(23);
    int[][] toks = new int[2][900];
    boolean[][] mask = new boolean[2][900];
    for (int r = 0; r < 2; r++) {
      for (int p = 0; p < 900; p++) {
        toks[r][p] = rng.nextInt(c.vocabSize());
        mask[r][p] = p > 0;
      }
    }
    try (TransformerModel m = model(c, 5)) {
      assertLossAndGradientsOfAutograd(m, toks, mask);
    }
  }

  @Test
  void gradientsMatchCentralFiniteDifferences() {
    TransformerConfig c = qwen2();
    int[][] toks = tokens(c.vocabSize());
    boolean[][] mask = mask();
    String[] checked = {
      "model.layers.0.self_attn.q_proj.weight",
      "model.layers.0.self_attn.k_proj.bias",
      "model.layers.1.self_attn.v_proj.weight",
      "model.layers.2.mlp.up_proj.weight",
      "model.layers.1.input_layernorm.weight",
      "model.norm.weight",
      "model.embed_tokens.weight",
      "lm_head.weight"
    };
    try (TransformerModel m = model(c, 5)) {
      Map<String, float[]> grads = new DecoderBackprop(m, 0, 0).gradientsOf(toks, mask);
      for (String name : checked) {
        float[] g = grads.get(name);
        int at = 0;
        for (int i = 1; i < g.length; i++) {
          at = Math.abs(g[i]) > Math.abs(g[at]) ? i : at;
        }
        NDArray w = m.weights().get(name);
        float[] original = w.toFloatArray();
        double h = 1e-2;
        double[] losses = new double[2];
        for (int side = 0; side < 2; side++) {
          float[] moved = original.clone();
          moved[at] += (float) (side == 0 ? h : -h);
          w.set(moved);
          losses[side] = new DecoderBackprop(m, 0, 0).lossAndGradients(toks, mask);
        }
        w.set(original);
        double fd = (losses[0] - losses[1]) / (2 * h);
        assertTrue(Math.abs(g[at]) > 1e-3, name + ": largest gradient " + g[at]);
        assertEquals(fd, g[at], 2e-2 * Math.abs(g[at]) + 2e-4, name + "[" + at + "]");
      }
    }
  }

  private static List<TrainingExample> examples(int vocab, int count, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<TrainingExample> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int len = 4 + rng.nextInt(9);
      int[] t = new int[len];
      boolean[] mask = new boolean[len];
      for (int p = 0; p < len; p++) {
        t[p] = rng.nextInt(vocab);
        mask[p] = p >= 2;
      }
      out.add(new TrainingExample(t, mask));
    }
    return out;
  }

  private static TrainingSettings settings() {
    // Clip below the gradient norm so clipping acts; decay large enough to show.
    return TrainingSettings.builder()
        .optBatchSize(4)
        .optLearningRate(3e-3)
        .optWarmupSteps(1)
        .optWeightDecay(0.1)
        .optGradClip(0.5)
        .optSeed(7)
        .build();
  }

  private static Map<String, float[]> trained(TransformerConfig c, String path) {
    String before = System.getProperty(DecoderBackprop.PATH_PROPERTY);
    if (path == null) {
      System.clearProperty(DecoderBackprop.PATH_PROPERTY);
    } else {
      System.setProperty(DecoderBackprop.PATH_PROPERTY, path);
    }
    try (TransformerModel m = model(c, 21)) {
      TrainingResult r =
          TransformerTrainer.train(m, examples(c.vocabSize(), 16, 4), settings(), null);
      assertEquals(4, r.stepLosses().length);
      Map<String, float[]> out = new LinkedHashMap<>();
      m.weights().forEach((k, v) -> out.put(k, v.toFloatArray()));
      return out;
    } finally {
      if (before == null) {
        System.clearProperty(DecoderBackprop.PATH_PROPERTY);
      } else {
        System.setProperty(DecoderBackprop.PATH_PROPERTY, before);
      }
    }
  }

  @Test
  void adamWStepsGiveTheWeightsOfTheDjlPath() {
    for (TransformerConfig c : List.of(qwen2(), llama())) {
      Map<String, float[]> djl = trained(c, "djl");
      Map<String, float[]> fused = trained(c, null);
      double lr = settings().learningRate();
      double moved = 0;
      try (TransformerModel start = model(c, 21)) {
        for (String name : djl.keySet()) {
          float[] a = djl.get(name);
          float[] b = fused.get(name);
          float[] w0 = start.weights().get(name).toFloatArray();
          for (int i = 0; i < a.length; i++) {
            moved = Math.max(moved, Math.abs(a[i] - w0[i]));
            // Adam's steps are about lr each whatever the gradient's size, so a gradient that
            // rounds differently moves a weight by a fraction of lr: allow 1% of lr per step.
            assertEquals(a[i], b[i], 0.04 * lr + 1e-5, c.modelType() + " " + name + "[" + i + "]");
          }
        }
      }
      assertTrue(moved > lr, "weights moved by at most " + moved);
    }
  }

  @Test
  void theModelHoldsEachStepsWeightsWhenProgressIsReported() {
    TransformerConfig c = llama();
    try (TransformerModel m = model(c, 21)) {
      String name = "model.layers.1.mlp.down_proj.weight";
      List<float[]> seen = new ArrayList<>();
      seen.add(m.weights().get(name).toFloatArray());
      TransformerTrainer.train(
          m,
          examples(c.vocabSize(), 12, 4),
          settings(),
          (step, total, loss, lr) -> seen.add(m.weights().get(name).toFloatArray()));
      assertEquals(4, seen.size());
      for (int i = 1; i < seen.size(); i++) {
        assertFalse(
            java.util.Arrays.equals(seen.get(i - 1), seen.get(i)), "step " + i + " left weights");
      }
    }
  }

  @Test
  void trainingIsDeterministicUnderASeed() {
    Map<String, float[]> a = trained(llama(), null);
    Map<String, float[]> b = trained(llama(), null);
    for (String name : a.keySet()) {
      assertArrayEquals(a.get(name), b.get(name), name);
    }
  }

  @Test
  void otherRunsKeepTheDjlPath() {
    try (TransformerModel m = model(llama(), 1)) {
      TrainingSettings plain = settings();
      assertTrue(DecoderBackprop.suits(m, plain, false, false, 4, 12));
      TrainingSettings lora =
          TrainingSettings.builder()
              .optLora(new LoraSettings(2, 4, LoraSettings.ATTENTION))
              .build();
      assertFalse(DecoderBackprop.suits(m, lora, false, false, 4, 12), "LoRA");
      assertFalse(DecoderBackprop.suits(m, plain, true, false, 4, 12), "soft targets");
      assertFalse(DecoderBackprop.suits(m, plain, false, true, 4, 12), "hooks");
      assertFalse(
          DecoderBackprop.suits(m, plain, false, false, 1 << 16, 1 << 12), "activations too big");
      System.setProperty(DecoderBackprop.PATH_PROPERTY, "djl");
      try {
        assertFalse(DecoderBackprop.suits(m, plain, false, false, 4, 12), "forced DJL");
      } finally {
        System.clearProperty(DecoderBackprop.PATH_PROPERTY);
      }
    }
  }

  // The timeout only turns a deadlock into a failure (the pass takes seconds).
  @Test
  @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
  void aLongBatchWhoseAttentionProductsSplitAgainFinishes() {
    // 725 tokens at head dimension 32: the last causal band's score product (182 x 725 x 32 >=
    // 2^22,
    // 182 >= 64 rows) is split between the threads from inside attention's own split; it hung
    // before nested splits ran inline (found in review; 724 tokens finished).
    TransformerConfig c =
        TransformerConfig.builder()
            .optVocabSize(50)
            .optHiddenSize(64)
            .optIntermediateSize(64)
            .optNumHiddenLayers(1)
            .optNumAttentionHeads(2)
            .optNumKeyValueHeads(1)
            .optMaxPositionEmbeddings(2048)
            .build();
    int rows = 2;
    int t = 725;
    int[][] toks = new int[rows][t];
    boolean[][] mask = new boolean[rows][t];
    for (int r = 0; r < rows; r++) {
      for (int p = 0; p < t; p++) {
        toks[r][p] = (p * 7 + r) % 50;
        mask[r][p] = p > 0;
      }
    }
    try (TransformerModel m = TransformerModel.create(c, 1)) {
      assertTrue(Double.isFinite(new DecoderBackprop(m, 0, 1).lossAndGradients(toks, mask)));
    }
  }

  @Test
  void buffersKeptFromALargerBatchGiveTheGradientsOfFreshOnes() {
    // The trainer's batches change shape every step; smaller ones reuse the larger one's arrays,
    // written in another layout, and a larger one grows them.
    TransformerConfig c = qwen2();
    SplittableRandom rng = new SplittableRandom(23);
    int[][][] batches = new int[3][][];
    boolean[][][] masks = new boolean[3][][];
    int[][] shapes = {{2, 70}, {3, 20}, {1, 90}};
    for (int b = 0; b < 3; b++) {
      int rows = shapes[b][0];
      int t = shapes[b][1];
      batches[b] = new int[rows][t];
      masks[b] = new boolean[rows][t];
      for (int r = 0; r < rows; r++) {
        for (int p = 0; p < t; p++) {
          batches[b][r][p] = rng.nextInt(c.vocabSize());
          masks[b][r][p] = p >= 2;
        }
      }
    }
    try (TransformerModel m = model(c, 9)) {
      DecoderBackprop reused = new DecoderBackprop(m, 0, 0);
      for (int b = 0; b < 3; b++) {
        Map<String, float[]> got = reused.gradientsOf(batches[b], masks[b]);
        Map<String, float[]> fresh = new DecoderBackprop(m, 0, 0).gradientsOf(batches[b], masks[b]);
        for (String name : fresh.keySet()) {
          assertArrayEquals(fresh.get(name), got.get(name), name + " in batch " + b);
        }
      }
    }
  }

  @Test
  void aCheckpointWhoseOptimiserStateDoesNotFitTheHeapStaysOnDjl() {
    long gib = 1L << 30;
    // 4M parameters and 1M activation floats: 68 MB, well inside a 1 GiB heap.
    assertTrue(DecoderBackprop.fitsInHeap(4_000_000, 1_000_000, gib));
    // 1B parameters: 16 GB of weights, gradients and moments, beyond an 8 GiB heap.
    assertFalse(DecoderBackprop.fitsInHeap(1_000_000_000, 0, 8 * gib));
    // The boundary: exactly 3/4 of the heap fits, a float more does not.
    assertTrue(DecoderBackprop.fitsInHeap(0, 3 * gib / 16, gib));
    assertFalse(DecoderBackprop.fitsInHeap(0, 3 * gib / 16 + 1, gib));
  }
}
