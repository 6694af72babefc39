package dev.traitlab.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.traitlab.nn.lora.LoraAdapters;
import dev.traitlab.nn.lora.LoraSettings;
import dev.traitlab.nn.transformer.TransformerConfig;
import dev.traitlab.nn.transformer.TransformerModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransformerTrainerTest {
  /** Weights whose gradients are checked against finite differences: one of each kind. */
  static final String[] CHECKED_WEIGHTS = {
    "model.layers.0.self_attn.q_proj.weight",
    "model.layers.0.self_attn.k_proj.bias",
    "model.layers.1.mlp.down_proj.weight",
    "model.layers.1.post_attention_layernorm.weight",
    "model.embed_tokens.weight",
    "lm_head.weight"
  };

  static TransformerConfig tiny() {
    return TransformerConfig.builder()
        .optModelType("qwen2")
        .optVocabSize(23)
        .optHiddenSize(16)
        .optIntermediateSize(24)
        .optNumHiddenLayers(2)
        .optNumAttentionHeads(4)
        .optNumKeyValueHeads(2)
        .optMaxPositionEmbeddings(32)
        .optTieWordEmbeddings(false)
        .build();
  }

  private static double lossOf(TransformerModel m, int[][] toks, boolean[][] mask) {
    try (NDManager sub = m.manager().newSubManager()) {
      return m.loss(sub, toks, mask).getFloat();
    }
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    int[][] toks = {{1, 4, 7, 2, 9, 3}, {5, 5, 6, 0, 0, 0}};
    boolean[][] mask = {
      {false, true, true, false, true, true}, {false, true, true, false, false, false}
    };
    try (TransformerModel m = TransformerModel.create(tiny(), 9)) {
      // Larger weights than the 0.02 init so every path carries a visible gradient.
      for (NDArray w : m.weights().values()) {
        if (w.getShape().dimension() == 2) {
          w.muli(10);
        }
      }
      String[] names = CHECKED_WEIGHTS;
      Map<String, float[]> grads = new LinkedHashMap<>();
      for (String n : names) {
        m.weights().get(n).setRequiresGradient(true);
      }
      try (NDManager sub = m.manager().newSubManager();
          GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(m.loss(sub, toks, mask));
        for (String n : names) {
          NDArray g = m.weights().get(n).getGradient();
          grads.put(n, g.toFloatArray());
          g.close();
        }
      }
      for (String n : names) {
        m.weights().get(n).setRequiresGradient(false);
      }
      for (String n : names) {
        NDArray w = m.weights().get(n);
        float[] g = grads.get(n);
        int best = 0;
        for (int i = 1; i < g.length; i++) {
          best = Math.abs(g[i]) > Math.abs(g[best]) ? i : best;
        }
        float[] base = w.toFloatArray();
        double h = 1e-2;
        float[] plus = base.clone();
        plus[best] += (float) h;
        w.set(plus);
        double lp = lossOf(m, toks, mask);
        float[] minus = base.clone();
        minus[best] -= (float) h;
        w.set(minus);
        double lm = lossOf(m, toks, mask);
        w.set(base);
        double numeric = (lp - lm) / (2 * h);
        assertTrue(Math.abs(g[best]) > 1e-3, n + " gradient too small to check");
        assertEquals(numeric, g[best], 0.03 * Math.abs(numeric) + 1e-4, n + "[" + best + "]");
      }
    }
  }

  @Test
  void loraMergedEqualsLoraApplied() {
    int[][] toks = {{1, 2, 3, 4, 5}};
    try (TransformerModel m = TransformerModel.create(tiny(), 4)) {
      Map<String, Shape> shapes = new LinkedHashMap<>();
      m.weights().forEach((k, v) -> shapes.put(k, v.getShape()));
      LoraAdapters ad =
          LoraAdapters.create(
              m.manager(), new LoraSettings(3, 6, LoraSettings.ALL_LINEAR), shapes, 1);
      SplittableRandom rng = new SplittableRandom(2);
      for (Map.Entry<String, NDArray> e : ad.parameters().entrySet()) {
        if (e.getKey().contains("lora_B")) {
          float[] v = new float[(int) e.getValue().size()];
          for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian() * 0.1f;
          }
          e.getValue().set(v);
        }
      }
      float[][][] base = m.logits(toks);
      m.setLora(ad);
      float[][][] applied = m.logits(toks);
      m.mergeLora();
      float[][][] merged = m.logits(toks);
      double moved = 0;
      for (int p = 0; p < toks[0].length; p++) {
        for (int v = 0; v < 23; v++) {
          assertEquals(applied[0][p][v], merged[0][p][v], 1e-4);
          moved += Math.abs(applied[0][p][v] - base[0][p][v]);
        }
      }
      assertTrue(moved > 1e-2, "adapters should change the logits");
    }
  }

  private static List<TrainingExample> copyTask() {
    // "a b c | a b c": the second half is the target, so the model must learn to copy.
    List<TrainingExample> out = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(0);
    for (int i = 0; i < 64; i++) {
      int[] t = new int[9];
      boolean[] mask = new boolean[9];
      t[0] = 1;
      for (int j = 0; j < 3; j++) {
        t[1 + j] = 3 + rng.nextInt(20);
      }
      t[4] = 2;
      for (int j = 0; j < 3; j++) {
        t[5 + j] = t[1 + j];
        mask[5 + j] = true;
      }
      t[8] = 0;
      mask[8] = true;
      out.add(new TrainingExample(t, mask));
    }
    return out;
  }

  @Test
  void fullFineTuneLowersLossAndIsDeterministic() {
    TrainingSettings s =
        TrainingSettings.builder()
            .optEpochs(6)
            .optBatchSize(16)
            .optLearningRate(1e-2)
            .optSeed(3)
            .build();
    double[] first;
    float[] w1;
    List<Integer> steps = new ArrayList<>();
    try (TransformerModel m = TransformerModel.create(tiny(), 1)) {
      TrainingResult r =
          TransformerTrainer.train(m, copyTask(), s, (st, tot, l, lr) -> steps.add(st));
      first = r.stepLosses();
      w1 = m.weights().get("lm_head.weight").toFloatArray();
      assertEquals(24, first.length);
      assertEquals(24, steps.size());
      assertTrue(r.finalLoss() < first[0] - 0.5, "loss " + first[0] + " -> " + r.finalLoss());
      double eval = TransformerTrainer.meanLoss(m, copyTask(), 7, 64);
      assertTrue(
          Math.abs(eval - r.finalLoss()) < 0.3, "eval loss " + eval + " vs " + r.finalLoss());
    }
    try (TransformerModel m = TransformerModel.create(tiny(), 1)) {
      TrainingResult r = TransformerTrainer.train(m, copyTask(), s, null);
      assertArrayEquals(first, r.stepLosses(), 1e-6);
      assertArrayEquals(w1, m.weights().get("lm_head.weight").toFloatArray(), 1e-6f);
      int arrays = m.manager().getManagedArrays().size();
      TransformerTrainer.train(m, copyTask().subList(0, 16), s, null);
      assertEquals(arrays, m.manager().getManagedArrays().size(), "training leaks arrays");
    }
  }

  @Test
  void loraFineTuneLowersLossAndLeavesOtherWeightsAlone() {
    TrainingSettings s =
        TrainingSettings.builder()
            .optEpochs(6)
            .optBatchSize(16)
            .optLearningRate(3e-2)
            .optLora(new LoraSettings(4, 8, LoraSettings.ALL_LINEAR))
            .build();
    try (TransformerModel m = TransformerModel.create(tiny(), 1)) {
      // A base with larger weights than the 0.02 init, so low-rank updates can steer it.
      for (NDArray w : m.weights().values()) {
        if (w.getShape().dimension() == 2) {
          w.muli(10);
        }
      }
      float[] embed = m.weights().get("model.embed_tokens.weight").toFloatArray();
      float[] q = m.weights().get("model.layers.0.self_attn.q_proj.weight").toFloatArray();
      TrainingResult r = TransformerTrainer.train(m, copyTask(), s, null);
      assertTrue(
          r.finalLoss() < r.stepLosses()[0] - 0.3,
          "loss " + r.stepLosses()[0] + " -> " + r.finalLoss());
      assertArrayEquals(embed, m.weights().get("model.embed_tokens.weight").toFloatArray());
      // Merged at the end: the adapted weight changed and no adapters remain.
      assertTrue(m.lora() == null);
      float[] q2 = m.weights().get("model.layers.0.self_attn.q_proj.weight").toFloatArray();
      assertTrue(!java.util.Arrays.equals(q, q2));
    }
  }

  @Test
  void lengthGroupedBatchesCoverEveryExampleOnce() {
    List<TrainingExample> data = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      data.add(TrainingExample.allTokens(new int[2 + (i * 37) % 50]));
    }
    List<List<TrainingExample>> batches =
        TransformerTrainer.batches(data, 16, true, new java.util.Random(1));
    assertEquals(63, batches.size());
    java.util.Set<TrainingExample> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    long padding = 0;
    for (List<TrainingExample> b : batches) {
      int max = b.stream().mapToInt(e -> e.tokens().length).max().orElseThrow();
      for (TrainingExample e : b) {
        padding += max - e.tokens().length;
        seen.add(e);
      }
    }
    assertEquals(1000, seen.size());
    long randomPadding = 0;
    for (List<TrainingExample> b :
        TransformerTrainer.batches(data, 16, false, new java.util.Random(1))) {
      int max = b.stream().mapToInt(e -> e.tokens().length).max().orElseThrow();
      for (TrainingExample e : b) {
        randomPadding += max - e.tokens().length;
      }
    }
    assertTrue(padding * 5 < randomPadding, padding + " vs " + randomPadding);
  }

  @Test
  void scheduleWarmsUpThenDecaysToZero() {
    LearningRateSchedule s = new LearningRateSchedule(1.0, 4, 12);
    assertEquals(0.25, s.at(0), 1e-12);
    assertEquals(1.0, s.at(3), 1e-12);
    assertEquals(1.0, s.at(4), 1e-12);
    assertEquals(0.5, s.at(8), 1e-12);
    assertEquals(0.125, s.at(11), 1e-12);
  }
}
