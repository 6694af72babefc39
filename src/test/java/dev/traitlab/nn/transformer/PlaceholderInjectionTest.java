package dev.traitlab.nn.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.nn.lora.LoraSettings;
import dev.traitlab.nn.train.TrainingExample;
import dev.traitlab.nn.train.TrainingResult;
import dev.traitlab.nn.train.TrainingSettings;
import dev.traitlab.nn.train.TransformerTrainer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlaceholderInjectionTest {
  static final String POINT = "blocks.0.resid_post";

  static float[] random(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rng.nextGaussian();
    }
    return v;
  }

  private static float[][][] at(TransformerModel m, List<int[]> seqs, String p, ActivationHook h) {
    return m.activations(seqs, Set.of(p), h).get(p);
  }

  @Test
  void onlyThePlaceholderPositionsChangeAndByTheNormMatchedVector() {
    try (TransformerModel m =
        TransformerModel.create(TransformerModelTest.tiny("llama", true), 3)) {
      List<int[]> seqs = List.of(new int[] {3, 4, 5, 6, 7}, new int[] {8, 9, 10, 11, 12});
      float[] v0 = random(32, 1);
      float[] v1 = random(32, 2);
      float[] v2 = random(32, 3);
      double c = 2.0;
      PlaceholderInjection inject =
          new PlaceholderInjection(
              POINT,
              5,
              List.of(new int[] {1, 2}, new int[] {4}),
              List.<float[][]>of(new float[][] {v0, v1}, new float[][] {v2}),
              c);
      float[][][] plain = at(m, seqs, POINT, null);
      float[][][] injected = at(m, seqs, POINT, inject);
      boolean[][] placeholder = new boolean[2][5];
      placeholder[0][1] = placeholder[0][2] = placeholder[1][4] = true;
      float[][][] vectors = new float[2][5][];
      vectors[0][1] = v0;
      vectors[0][2] = v1;
      vectors[1][4] = v2;
      for (int r = 0; r < 2; r++) {
        for (int p = 0; p < 5; p++) {
          if (!placeholder[r][p]) {
            assertArrayEquals(plain[r][p], injected[r][p], "row " + r + " position " + p);
            continue;
          }
          // By hand: h + c ||h|| v / ||v||.
          float[] h = plain[r][p];
          float[] v = vectors[r][p];
          double nh = 0;
          double nv = 0;
          for (int i = 0; i < 32; i++) {
            nh += h[i] * h[i];
            nv += v[i] * v[i];
          }
          double scale = c * Math.sqrt(nh) / Math.sqrt(nv);
          for (int i = 0; i < 32; i++) {
            assertEquals(h[i] + scale * v[i], injected[r][p][i], 1e-4);
          }
        }
      }
      // Later blocks see it only from the first placeholder on (causal attention).
      float[][][] later = at(m, seqs, "blocks.1.resid_post", null);
      float[][][] laterInjected = at(m, seqs, "blocks.1.resid_post", inject);
      assertArrayEquals(later[0][0], laterInjected[0][0]);
      assertArrayEquals(later[1][3], laterInjected[1][3]);
      assertNotEquals(later[0][3][0], laterInjected[0][3][0]);
    }
  }

  @Test
  void injectionAtALaterBlockChangesOnlyThePlaceholdersThereAndNothingBefore() {
    try (TransformerModel m =
        TransformerModel.create(TransformerModelTest.tiny("llama", true), 7)) {
      assertTrue(m.config().numHiddenLayers() >= 2, "the tiny model needs two blocks");
      List<int[]> seqs = List.of(new int[] {3, 4, 5, 6, 7, 8});
      String later = "blocks.1.resid_post";
      PlaceholderInjection inject =
          new PlaceholderInjection(
              later,
              6,
              List.of(new int[] {2, 3}),
              List.<float[][]>of(new float[][] {random(32, 21), random(32, 22)}),
              1.0);
      // Before the injection point nothing moves, at any position.
      for (String p : List.of("embed", "blocks.0.resid_post", "blocks.1.attn_out")) {
        float[][][] plain = at(m, seqs, p, null);
        float[][][] injected = at(m, seqs, p, inject);
        for (int q = 0; q < 6; q++) {
          assertArrayEquals(plain[0][q], injected[0][q], p + " position " + q);
        }
      }
      // At the injection point only the placeholders move.
      float[][][] plain = at(m, seqs, later, null);
      float[][][] injected = at(m, seqs, later, inject);
      for (int q = 0; q < 6; q++) {
        if (q == 2 || q == 3) {
          assertNotEquals(plain[0][q][0], injected[0][q][0], "placeholder " + q);
        } else {
          assertArrayEquals(plain[0][q], injected[0][q], "position " + q);
        }
      }
      // Block 1 is the tiny model's last: no attention is left to carry the injection to other
      // positions, so only the placeholders' own outputs change (after block 0, the first test,
      // later positions read them).
      float[][][] logits = m.logits(seqs, null);
      float[][][] logitsInjected = m.logits(seqs, inject);
      assertEquals(2, m.config().numHiddenLayers());
      for (int q : new int[] {0, 1, 4, 5}) {
        assertArrayEquals(logits[0][q], logitsInjected[0][q], "position " + q);
      }
      assertNotEquals(logits[0][2][0], logitsInjected[0][2][0]);
      assertNotEquals(logits[0][3][0], logitsInjected[0][3][0]);
    }
  }

  @Test
  void aZeroVectorChangesNothing() {
    try (TransformerModel m =
        TransformerModel.create(TransformerModelTest.tiny("qwen2", false), 4)) {
      List<int[]> seqs = List.of(new int[] {1, 2, 3, 4});
      PlaceholderInjection zero =
          new PlaceholderInjection(
              POINT, 4, List.of(new int[] {1, 2}), List.<float[][]>of(new float[2][32]), 1.0);
      float[][][] plain = m.logits(seqs, null);
      float[][][] injected = m.logits(seqs, zero);
      for (int p = 0; p < 4; p++) {
        assertArrayEquals(plain[0][p], injected[0][p]);
      }
    }
  }

  @Test
  void passesOfAnotherLengthGoThroughAndMisfitsAreRefused() {
    try (TransformerModel m =
        TransformerModel.create(TransformerModelTest.tiny("llama", true), 5)) {
      PlaceholderInjection inject =
          new PlaceholderInjection(
              POINT,
              6,
              List.of(new int[] {2}),
              List.<float[][]>of(new float[][] {random(32, 9)}),
              1.0);
      List<int[]> shorter = List.of(new int[] {1, 2, 3});
      assertArrayEquals(m.logits(shorter, null)[0][2], m.logits(shorter, inject)[0][2]);
      List<int[]> twoRows = List.of(new int[] {1, 2, 3, 4, 5, 6}, new int[] {1, 2, 3, 4, 5, 6});
      assertThrows(IllegalArgumentException.class, () -> m.logits(twoRows, inject));
    }
    float[][] one = {new float[4]};
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new PlaceholderInjection(POINT, 3, List.of(new int[] {3}), List.<float[][]>of(one), 1));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new PlaceholderInjection(
                POINT, 3, List.of(new int[] {1, 1}), List.<float[][]>of(new float[2][4]), 1));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new PlaceholderInjection(
                POINT, 3, List.of(new int[] {1, 2}), List.<float[][]>of(one), 1));
  }

  /** Trains a LoRA on examples whose answer depends on the injected vector alone. */
  private static TrainingResult train(TransformerModel m, boolean inject, long seed) {
    List<TrainingExample> data = new ArrayList<>();
    Map<TrainingExample, float[]> vectors = new IdentityHashMap<>();
    for (int i = 0; i < 32; i++) {
      int label = i % 2;
      // Token 7 is the placeholder; the answer token (20 or 21) is the vector's class.
      TrainingExample e =
          new TrainingExample(
              new int[] {1, 7, 2, 20 + label}, new boolean[] {false, false, false, true});
      float[] v = random(32, 100 + i);
      v[0] += label == 0 ? 6 : -6;
      data.add(e);
      vectors.put(e, v);
    }
    TrainingSettings s =
        TrainingSettings.builder()
            .optEpochs(10)
            .optBatchSize(8)
            .optLearningRate(1e-2)
            .optSeed(seed)
            .optLora(new LoraSettings(4, 8, LoraSettings.ALL_LINEAR))
            .build();
    return TransformerTrainer.train(
        m,
        data,
        s,
        null,
        null,
        inject
            ? (batch, len) -> {
              List<int[]> pos = new ArrayList<>();
              List<float[][]> vec = new ArrayList<>();
              for (TrainingExample e : batch) {
                pos.add(new int[] {1});
                vec.add(new float[][] {vectors.get(e)});
              }
              return new PlaceholderInjection(POINT, len, pos, vec, 1.0);
            }
            : null);
  }

  @Test
  void trainingWithInjectionsIsDeterministicUnderASeedAndSeesThem() {
    double[] first;
    double[] again;
    double[] without;
    try (TransformerModel m =
        TransformerModel.create(TransformerModelTest.tiny("llama", true), 6)) {
      first = train(m, true, 11).stepLosses();
    }
    try (TransformerModel m =
        TransformerModel.create(TransformerModelTest.tiny("llama", true), 6)) {
      again = train(m, true, 11).stepLosses();
    }
    try (TransformerModel m =
        TransformerModel.create(TransformerModelTest.tiny("llama", true), 6)) {
      without = train(m, false, 11).stepLosses();
    }
    assertArrayEquals(first, again);
    // The same batches without the injection give other losses from the first step on.
    assertNotEquals(first[0], without[0]);
    // With the class in the injected vector the answer can be learnt; without it, it cannot be
    // better than a coin (ln 2 = 0.69 at best on average).
    double lastWith = (first[first.length - 1] + first[first.length - 2]) / 2;
    double lastWithout = (without[without.length - 1] + without[without.length - 2]) / 2;
    assertTrue(lastWith < lastWithout, lastWith + " vs " + lastWithout);
  }
}
