package dev.traitlab.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.traitlab.nn.lora.LoraSettings;
import dev.traitlab.nn.transformer.TransformerModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DpoTrainerTest {

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** Two pairs, z = +1 and z = -1 at beta 0.5: loss and gradients worked out by hand. */
  @Test
  void lossAndGradientByHand() {
    float[] pc = {-3, -6};
    float[] pr = {-5, -2};
    float[] rc = {-4, -5};
    float[] rr = {-4, -3};
    double beta = 0.5;
    // z1 = 0.5 ((-3 + 4) - (-5 + 4)) = 1; z2 = 0.5 ((-6 + 5) - (-2 + 3)) = -1.
    double expected = (Math.log1p(Math.exp(-1)) + Math.log1p(Math.exp(1))) / 2;
    assertEquals(0.8132616875182228, expected, 1e-15);
    assertEquals(Math.log1p(Math.exp(-1)), DpoLoss.loss(-3, -5, -4, -4, beta), 1e-15);
    assertEquals(Math.log1p(Math.exp(1)), DpoLoss.loss(-6, -2, -5, -3, beta), 1e-15);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray c = m.create(pc);
      NDArray r = m.create(pr);
      c.setRequiresGradient(true);
      r.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss = DpoLoss.loss(c, r, m.create(rc), m.create(rr), beta);
        assertEquals(expected, loss.getFloat(), 1e-6);
        gc.backward(loss);
      }
      // dL/d log pi(y_w) = -beta sigmoid(-z) / pairs; dL/d log pi(y_l) the opposite.
      float[] gc = c.getGradient().toFloatArray();
      float[] gr = r.getGradient().toFloatArray();
      assertArrayEquals(
          new float[] {(float) (-0.25 * sigmoid(-1)), (float) (-0.25 * sigmoid(1))}, gc, 1e-6f);
      assertArrayEquals(
          new float[] {(float) (0.25 * sigmoid(-1)), (float) (0.25 * sigmoid(1))}, gr, 1e-6f);
    }
  }

  /** beta -> 0: log 2 and a vanishing gradient; beta large: a hinge, finite, slope -beta. */
  @Test
  void lossAtTheLimitsOfBeta() {
    double tiny = 1e-9;
    assertEquals(Math.log(2), DpoLoss.loss(-1, -9, -5, -5, tiny), 1e-8);
    double big = 1e6;
    assertEquals(0.0, DpoLoss.loss(-3, -5, -4, -4, big), 1e-300); // margin +2: e^-2e6 underflows
    assertEquals(2e6, DpoLoss.loss(-5, -3, -4, -4, big), 1e-6 * 2e6); // margin -2: beta * 2
    assertEquals(Math.log(2), DpoLoss.loss(-4, -4, -4, -4, big), 1e-15); // z = 0 for any beta
    try (NDManager m = NDManager.newBaseManager()) {
      for (double beta : new double[] {tiny, big}) {
        NDArray c = m.create(new float[] {-5, -3});
        c.setRequiresGradient(true);
        float loss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray l =
              DpoLoss.loss(
                  c,
                  m.create(new float[] {-3, -5}),
                  m.create(new float[] {-4, -4}),
                  m.create(new float[] {-4, -4}),
                  beta);
          loss = l.getFloat();
          gc.backward(l);
        }
        float[] g = c.getGradient().toFloatArray();
        assertTrue(Float.isFinite(loss) && Float.isFinite(g[0]) && Float.isFinite(g[1]));
        if (beta == tiny) {
          assertEquals(Math.log(2), loss, 1e-6);
          assertEquals(-beta / 4, g[0], 1e-12); // -beta sigmoid(~0) / 2 pairs
        } else {
          assertEquals(big, loss, 1e-6 * big); // (2e6 + 0) / 2
          assertEquals(-big / 2, g[0], 1e-6 * big); // the wrong-way pair: slope -beta / 2 pairs
          assertEquals(0, g[1], 1e-6); // the right-way pair: saturated
        }
      }
    }
    for (double bad : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> DpoLoss.loss(0, 0, 0, 0, bad));
      assertTrue(e.getMessage().contains("beta"), e.getMessage());
    }
  }

  static List<PreferencePair> pairs() {
    // Prompt tokens, then a response; the chosen answers end in 4 5, the rejected in 6 7.
    int[][] prompts = {{1, 2, 3}, {3, 9, 1}, {8, 2}, {10, 11, 12, 2}, {5, 1}, {9, 9, 3}};
    List<PreferencePair> out = new ArrayList<>();
    for (int[] prompt : prompts) {
      out.add(
          new PreferencePair(
              example(prompt, new int[] {4, 5, 13}), example(prompt, new int[] {6, 7, 13})));
    }
    return out;
  }

  static TrainingExample example(int[] prompt, int[] response) {
    int[] toks = new int[prompt.length + response.length];
    boolean[] mask = new boolean[toks.length];
    System.arraycopy(prompt, 0, toks, 0, prompt.length);
    System.arraycopy(response, 0, toks, prompt.length, response.length);
    for (int i = prompt.length; i < toks.length; i++) {
      mask[i] = true;
    }
    return new TrainingExample(toks, mask);
  }

  /** The whole pipeline (model log-probs, DPO loss) differentiated against finite differences. */
  @Test
  void gradientThroughTheModelMatchesFiniteDifferences() {
    List<PreferencePair> pairs = pairs().subList(0, 3);
    double beta = 1.0;
    float[] refC = {-20, -25, -22};
    float[] refR = {-23, -21, -24};
    try (TransformerModel m = TransformerModel.create(TransformerTrainerTest.tiny(), 9)) {
      for (NDArray w : m.weights().values()) {
        if (w.getShape().dimension() == 2) {
          w.muli(10);
        }
      }
      Map<String, float[]> grads = new LinkedHashMap<>();
      for (String n : TransformerTrainerTest.CHECKED_WEIGHTS) {
        m.weights().get(n).setRequiresGradient(true);
      }
      try (NDManager sub = m.manager().newSubManager();
          GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(dpoLoss(m, sub, pairs, refC, refR, beta));
        for (String n : TransformerTrainerTest.CHECKED_WEIGHTS) {
          NDArray g = m.weights().get(n).getGradient();
          grads.put(n, g.toFloatArray());
          g.close();
        }
      }
      for (String n : TransformerTrainerTest.CHECKED_WEIGHTS) {
        m.weights().get(n).setRequiresGradient(false);
      }
      for (String n : TransformerTrainerTest.CHECKED_WEIGHTS) {
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
        double lp = lossValue(m, pairs, refC, refR, beta);
        float[] minus = base.clone();
        minus[best] -= (float) h;
        w.set(minus);
        double lm = lossValue(m, pairs, refC, refR, beta);
        w.set(base);
        double numeric = (lp - lm) / (2 * h);
        assertTrue(Math.abs(g[best]) > 1e-3, n + " gradient too small to check");
        assertEquals(numeric, g[best], 0.03 * Math.abs(numeric) + 1e-4, n + "[" + best + "]");
      }
    }
  }

  private static NDArray dpoLoss(
      TransformerModel m,
      NDManager sub,
      List<PreferencePair> pairs,
      float[] refC,
      float[] refR,
      double beta) {
    List<TrainingExample> rows = new ArrayList<>();
    pairs.forEach(p -> rows.add(p.chosen()));
    pairs.forEach(p -> rows.add(p.rejected()));
    PaddedBatch b = PaddedBatch.of(rows);
    NDArray sums = m.targetLogprobSums(sub, b.tokens(), b.mask());
    int n = pairs.size();
    return DpoLoss.loss(
        sums.get("0:" + n), sums.get(n + ":"), sub.create(refC), sub.create(refR), beta);
  }

  private static double lossValue(
      TransformerModel m, List<PreferencePair> pairs, float[] refC, float[] refR, double beta) {
    try (NDManager sub = m.manager().newSubManager()) {
      return dpoLoss(m, sub, pairs, refC, refR, beta).getFloat();
    }
  }

  /** The batched log-prob sums equal per-token log-probabilities summed by hand from logits. */
  @Test
  void logprobSumsAreTheResponseTokensLogprobs() {
    List<PreferencePair> pairs = pairs();
    try (TransformerModel m = TransformerModel.create(TransformerTrainerTest.tiny(), 3)) {
      double[][] lp = DpoTrainer.logprobs(m, pairs, 4);
      for (int i = 0; i < pairs.size(); i++) {
        TrainingExample e = pairs.get(i).rejected();
        float[][] logits = m.logits(new int[][] {e.tokens()})[0];
        double sum = 0;
        for (int t = 1; t < e.tokens().length; t++) {
          if (e.lossMask()[t]) {
            double lse = 0;
            for (float v : logits[t - 1]) {
              lse += Math.exp(v);
            }
            sum += logits[t - 1][e.tokens()[t]] - Math.log(lse);
          }
        }
        assertEquals(sum, lp[1][i], 1e-4);
      }
    }
  }

  private static TrainingSettings settings(long seed, LoraSettings lora) {
    return TrainingSettings.builder()
        .optEpochs(8)
        .optBatchSize(2)
        .optLearningRate(1e-2)
        .optWarmupSteps(0)
        .optWeightDecay(0)
        .optSeed(seed)
        .optLora(lora)
        .build();
  }

  @Test
  void dpoRaisesTheChosenResponsesLogprobMargin() {
    for (LoraSettings lora :
        new LoraSettings[] {null, new LoraSettings(4, 8, LoraSettings.ALL_LINEAR)}) {
      List<PreferencePair> pairs = pairs();
      try (TransformerModel m = TransformerModel.create(TransformerTrainerTest.tiny(), 5)) {
        double[][] before = DpoTrainer.logprobs(m, pairs, 8);
        List<DpoStepStats> seen = new ArrayList<>();
        DpoResult r =
            DpoTrainer.train(m, pairs, DpoSettings.of(settings(1, lora)), null, seen::add);
        double[][] after = DpoTrainer.logprobs(m, pairs, 8);
        assertEquals(24, r.steps().size());
        assertEquals(r.steps(), seen);
        assertEquals(48, r.pairsSeen());
        assertEquals(0, r.skippedSteps());
        // Step 1: policy = reference, so z = 0 and the loss is log 2 (up to batching's rounding).
        assertEquals(Math.log(2), r.steps().get(0).loss(), 1e-5);
        assertEquals(0, r.steps().get(0).rewardMargin(), 1e-5);
        DpoStepStats last = r.steps().getLast();
        assertEquals(1.0, last.rewardAccuracy(), String.valueOf(lora));
        assertTrue(last.loss() < Math.log(2) - 0.05, "final loss " + last.loss());
        assertEquals(last.chosenReward() - last.rejectedReward(), last.rewardMargin(), 1e-9);
        for (int i = 0; i < pairs.size(); i++) {
          double gain = (after[0][i] - after[1][i]) - (before[0][i] - before[1][i]);
          assertTrue(gain > 1, "pair " + i + " margin gain " + gain + " with " + lora);
        }
      }
    }
  }

  @Test
  void deterministicUnderASeed() {
    List<PreferencePair> pairs = pairs();
    List<DpoStepStats> first;
    float[] firstWeights;
    try (TransformerModel m = TransformerModel.create(TransformerTrainerTest.tiny(), 5)) {
      first = DpoTrainer.train(m, pairs, DpoSettings.of(settings(7, null)), null, null).steps();
      firstWeights = m.weights().get("lm_head.weight").toFloatArray();
    }
    try (TransformerModel m = TransformerModel.create(TransformerTrainerTest.tiny(), 5)) {
      List<DpoStepStats> again =
          DpoTrainer.train(m, pairs, DpoSettings.of(settings(7, null)), null, null).steps();
      assertEquals(first, again);
      assertArrayEquals(firstWeights, m.weights().get("lm_head.weight").toFloatArray());
    }
    try (TransformerModel m = TransformerModel.create(TransformerTrainerTest.tiny(), 5)) {
      List<DpoStepStats> other =
          DpoTrainer.train(m, pairs, DpoSettings.of(settings(8, null)), null, null).steps();
      assertNotEquals(first, other, "another seed shuffles the pairs differently");
    }
  }

  @Test
  void statisticsAreTrlsDefinitions() {
    DpoStepStats s =
        DpoStepStats.of(
            3,
            0.7,
            new float[] {-2, -8},
            new float[] {-6, -4},
            new float[] {-3, -7},
            new float[] {-5, -5},
            0.1,
            1e-3);
    // chosen rewards 0.1 * (1, -1), rejected 0.1 * (-1, 1): accuracy 1/2, margins (0.2, -0.2).
    assertEquals(0.5, s.rewardAccuracy());
    assertEquals(0.0, s.rewardMargin(), 1e-12);
    assertEquals(0.0, s.chosenReward(), 1e-12);
    assertEquals(-5.0, s.chosenLogprob(), 1e-12);
    assertEquals(-5.0, s.rejectedLogprob(), 1e-12);
  }

  @Test
  void badPairsAreRefusedNamingThePair() {
    List<PreferencePair> pairs = new ArrayList<>(pairs());
    pairs.add(new PreferencePair(example(new int[] {1}, new int[] {99}), pairs.get(0).rejected()));
    try (TransformerModel m = TransformerModel.create(TransformerTrainerTest.tiny(), 5)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> DpoTrainer.train(m, pairs, DpoSettings.of(settings(1, null)), null, null));
      assertEquals("preference pair 6: chosen token id 99 outside the vocabulary", e.getMessage());
      assertThrows(
          IllegalArgumentException.class,
          () -> DpoTrainer.train(m, List.of(), DpoSettings.of(settings(1, null)), null, null));
    }
  }
}
