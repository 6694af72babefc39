package dev.traitlab.rl.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.nn.lora.LoraSettings;
import dev.traitlab.nn.train.TrainingExample;
import dev.traitlab.nn.transformer.TransformerConfig;
import dev.traitlab.nn.transformer.TransformerModel;
import dev.traitlab.rl.ppo.PpoSettings;
import dev.traitlab.testing.GcStorm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LmPpoTrainerTest {
  private static final int EOS = 22;
  private static final int TARGET = 5;

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

  private static LmPpoSettings settings(double lr, LoraSettings lora) {
    return new LmPpoSettings(
        new PpoSettings(1.0, 0.95, 0.2, 2, 2, 8, lr, 0.1, 0.0, true, 1.0), 6, 1.0, lora);
  }

  private static List<int[]> prompts(int step) {
    List<int[]> p = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      p.add(new int[] {1 + (i + step) % 4, 7, 8 + i % 3});
    }
    return p;
  }

  /** The share of a response's tokens that are TARGET. */
  private static double[] targetShare(List<int[]> prompts, List<int[]> responses) {
    double[] s = new double[responses.size()];
    for (int i = 0; i < s.length; i++) {
      int[] r = responses.get(i);
      for (int t : r) {
        s[i] += t == TARGET ? 1.0 / Math.max(1, r.length) : 0;
      }
    }
    return s;
  }

  private static List<PpoStepStats> run(long seed, int steps, double beta, double lr) {
    try (TransformerModel policy = TransformerModel.create(tiny(), 3);
        TransformerModel ref = TransformerModel.create(tiny(), 3);
        LmPpoTrainer ppo =
            new LmPpoTrainer(
                policy, ref, EOS, settings(lr, null), KlController.fixed(beta), seed)) {
      List<PpoStepStats> out = new ArrayList<>();
      for (int s = 0; s < steps; s++) {
        out.add(ppo.step(prompts(s), LmPpoTrainerTest::targetShare).stats());
      }
      return out;
    }
  }

  private static double[] figures(List<PpoStepStats> stats) {
    return stats.stream()
        .flatMapToDouble(
            s ->
                java.util.stream.DoubleStream.of(
                    s.score(), s.kl(), s.policyLoss(), s.valueLoss(), s.entropy()))
        .toArray();
  }

  @Test
  void deterministicUnderASeed() {
    double[] a = figures(run(11, 3, 0.05, 1e-2));
    double[] b = figures(run(11, 3, 0.05, 1e-2));
    assertArrayEquals(a, b, 0);
    assertFalse(java.util.Arrays.equals(a, figures(run(12, 3, 0.05, 1e-2))));
  }

  @Test
  void startsAtTheReferenceAndRaisesTheReward() {
    List<PpoStepStats> stats = run(5, 40, 0.0, 1e-2);
    // The policy starts as a copy of the reference: the first step's KL is 0 up to rounding.
    assertEquals(0, stats.get(0).kl(), 1e-4);
    assertEquals(0, stats.get(0).nonScoreReward(), 0);
    double first =
        stats.subList(0, 5).stream().mapToDouble(PpoStepStats::score).average().orElse(0);
    double last =
        stats.subList(35, 40).stream().mapToDouble(PpoStepStats::score).average().orElse(0);
    assertTrue(last > first + 0.2, "reward " + first + " -> " + last);
    // Moving toward the reward moves away from the reference.
    assertTrue(stats.get(39).kl() > 0.1, "KL " + stats.get(39).kl());
    for (PpoStepStats s : stats) {
      assertTrue(s.clipFraction() >= 0 && s.clipFraction() <= 1);
      assertTrue(s.entropy() > 0);
    }
  }

  @Test
  void loraTrainsAdaptersAgainstThePolicyItselfAsReference() {
    try (TransformerModel policy = TransformerModel.create(tiny(), 3)) {
      float[] before = policy.weights().get("model.layers.0.mlp.up_proj.weight").toFloatArray();
      try (LmPpoTrainer ppo =
          new LmPpoTrainer(
              policy,
              policy,
              EOS,
              settings(3e-2, new LoraSettings(4, 8, LoraSettings.ALL_LINEAR)),
              KlController.fixed(0.1),
              1)) {
        PpoStepStats first = ppo.step(prompts(0), LmPpoTrainerTest::targetShare).stats();
        assertEquals(0, first.kl(), 1e-5);
        PpoStepStats later = null;
        for (int s = 1; s < 6; s++) {
          later = ppo.step(prompts(s), LmPpoTrainerTest::targetShare).stats();
        }
        // The adapters moved the policy away from its own base weights, which did not change.
        assertTrue(Math.abs(later.kl()) > 1e-4, "KL " + later.kl());
        assertArrayEquals(
            before, policy.weights().get("model.layers.0.mlp.up_proj.weight").toFloatArray(), 0);
      }
    }
  }

  @Test
  void anAdaptiveControllerSetsEachStepsBeta() {
    try (TransformerModel policy = TransformerModel.create(tiny(), 3);
        TransformerModel ref = TransformerModel.create(tiny(), 3);
        LmPpoTrainer ppo =
            new LmPpoTrainer(
                policy, ref, EOS, settings(1e-2, null), KlController.adaptive(0.1, 1e-3, 100), 2)) {
      PpoStepStats first = ppo.step(prompts(0), LmPpoTrainerTest::targetShare).stats();
      assertEquals(0.1, first.beta(), 0);
      // Step 1's KL is ~0, far under the target: error clipped to -0.2, 8 rollouts over 100.
      PpoStepStats second = ppo.step(prompts(1), LmPpoTrainerTest::targetShare).stats();
      assertEquals(0.1 * (1 - 0.2 * 8 / 100.0), second.beta(), 1e-12);
      assertEquals(ppo.beta(), second.beta() * (1 + 0.2 * 8 / 100.0), 1e-12);
    }
  }

  /** What a run of 3 steps from the same start leaves: policy weights, ptx losses, corpus NLL. */
  private record AfterSteps(float[] weights, double ptxLoss, double corpusNll) {}

  /** Pretraining text unlike the policy's responses: 3 4 3 4 ... */
  private static List<TrainingExample> corpus() {
    List<TrainingExample> out = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      int[] t = new int[10 + i];
      for (int k = 0; k < t.length; k++) {
        t[k] = k % 2 == 0 ? 3 : 4;
      }
      out.add(TrainingExample.allTokens(t));
    }
    return out;
  }

  private static AfterSteps afterSteps(PretrainingMix ptx) {
    try (TransformerModel policy = TransformerModel.create(tiny(), 3);
        TransformerModel ref = TransformerModel.create(tiny(), 3);
        LmPpoTrainer ppo =
            ptx == null
                ? new LmPpoTrainer(
                    policy, ref, EOS, settings(1e-2, null), KlController.fixed(0.05), 4)
                : new LmPpoTrainer(
                    policy, ref, EOS, settings(1e-2, null), KlController.fixed(0.05), 4, ptx)) {
      for (int s = 0; s < 3; s++) {
        ppo.step(prompts(s), LmPpoTrainerTest::targetShare);
      }
      double nll = 0;
      for (float[] row :
          policy.tokenLogprobs(corpus().stream().map(e -> e.tokens()).toList(), null)) {
        for (float v : row) {
          nll -= v;
        }
      }
      return new AfterSteps(
          policy.weights().get("model.layers.0.mlp.up_proj.weight").toFloatArray(),
          ppo.pretrainingLoss(),
          nll);
    }
  }

  @Test
  void thePretrainingMixChangesTheUpdateAndAtGammaZeroIsPlainPpo() {
    AfterSteps plain = afterSteps(null);
    AfterSteps zero = afterSteps(new PretrainingMix(0, corpus(), 4));
    AfterSteps mixed = afterSteps(new PretrainingMix(5, corpus(), 4));
    // gamma 0 is today's PPO exactly: same weights to the bit, no pretraining loss computed.
    assertArrayEquals(plain.weights(), zero.weights(), 0);
    assertTrue(Double.isNaN(plain.ptxLoss()) && Double.isNaN(zero.ptxLoss()));
    // gamma > 0 changes the update, toward the pretraining text: its likelihood rises.
    assertFalse(java.util.Arrays.equals(plain.weights(), mixed.weights()));
    assertTrue(mixed.ptxLoss() > 0 && Double.isFinite(mixed.ptxLoss()), "" + mixed.ptxLoss());
    assertTrue(
        mixed.corpusNll() < plain.corpusNll() - 1,
        "corpus NLL " + plain.corpusNll() + " -> " + mixed.corpusNll());
    assertThrows(IllegalArgumentException.class, () -> new PretrainingMix(-1, corpus(), 4));
    assertThrows(IllegalArgumentException.class, () -> new PretrainingMix(1, List.of(), 4));
  }

  @Test
  void collectionsDuringTheUpdatesLeavePpoPtxWeightsUnchanged() {
    // DJL's mul(Number) and the like free their scalar's buffer when the collector runs while
    // autograd still holds it (see NativeArrays): a loss built with them, as the pretraining term
    // once was, gave garbage gradients whenever a collection fell between forward and backward.
    PretrainingMix mix = new PretrainingMix(5, corpus(), 4);
    AfterSteps calm = afterSteps(mix);
    AfterSteps stormy = GcStorm.during(2, () -> afterSteps(mix));
    assertArrayEquals(calm.weights(), stormy.weights(), 0);
    assertEquals(calm.ptxLoss(), stormy.ptxLoss(), 0);
  }

  @Test
  void badSetupsAreRefused() {
    try (TransformerModel policy = TransformerModel.create(tiny(), 3)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new LmPpoTrainer(policy, policy, EOS, settings(1e-3, null), null, 1));
      assertTrue(e.getMessage().contains("separate reference"), e.getMessage());
      try (TransformerModel ref = TransformerModel.create(tiny(), 3);
          LmPpoTrainer ppo =
              new LmPpoTrainer(policy, ref, EOS, settings(1e-3, null), KlController.fixed(0), 1)) {
        assertThrows(
            IllegalArgumentException.class,
            () -> ppo.step(prompts(0).subList(0, 3), LmPpoTrainerTest::targetShare));
      }
    }
  }
}
