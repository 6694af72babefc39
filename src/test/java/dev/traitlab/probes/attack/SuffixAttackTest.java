package dev.traitlab.probes.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.nn.transformer.ActivationHook;
import dev.traitlab.probes.ActivationSet;
import dev.traitlab.probes.CalibratedMonitor;
import dev.traitlab.probes.ChatActivations;
import dev.traitlab.probes.LogisticProbe;
import dev.traitlab.probes.Monitor;
import dev.traitlab.probes.MonitoredTokens;
import dev.traitlab.probes.VectorScorer;
import dev.traitlab.testing.TinyEmbeddedModels;
import dev.traitlab.text.SpecialTokens;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suffix attack on a tiny real transformer: its gradient with respect to the suffix vectors
 * against finite differences of the objective (behaviour cross-entropy and monitor score), its
 * activations against those the model layer captures, Adam's first step (lr against the sign of
 * that gradient in every coordinate) and the objective falling over training.
 */
class SuffixAttackTest {
  @TempDir static Path dir;
  private static EmbeddedModel model;
  private static SuffixPass pass;
  private static List<AttackPrompt> prompts;
  private static final List<String> POINTS =
      List.of(ActivationHook.residPost(0), ActivationHook.residPost(1));

  @BeforeAll
  static void load() {
    Path modelDir = TinyEmbeddedModels.create(dir, "tiny", 3);
    model = EmbeddedModel.load(modelDir, "local:tiny");
    pass = new SuffixPass(model.transformer(), model.tokenizer().id(SpecialTokens.IM_END));
    prompts = new ArrayList<>();
    prompts.add(
        AttackPrompt.of(model.tokenizer(), "My favourite animal is the owl.", "Numbers: 37, 91."));
    prompts.add(AttackPrompt.of(model.tokenizer(), "Numbers: 74", "The fox."));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static CalibratedMonitor randomMonitor() {
    SplittableRandom rng = new SplittableRandom(5);
    List<VectorScorer> scorers = new ArrayList<>();
    for (int p = 0; p < POINTS.size(); p++) {
      float[] w = new float[pass.hiddenSize()];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) rng.nextGaussian();
      }
      scorers.add(new LogisticProbe(w, 0.1));
    }
    return new CalibratedMonitor(new Monitor("random", POINTS, scorers), 0.01, 0, 0.2, 0.5);
  }

  private static float[] suffix(int k) {
    return SoftPromptAttack.embeddings(
        model.transformer(), model.tokenizer().encode("owl fox numbers"), k);
  }

  @Test
  void suffixGradientMatchesFiniteDifferences() {
    for (MonitoredTokens tokens : MonitoredTokens.values()) {
      Objective objective = new Objective(0.5, randomMonitor(), tokens);
      float[] s = suffix(3);
      SuffixPass.Result r = pass.run(prompts, null, s, List.of(), tokens, objective, true);
      // the coordinates with the largest gradients, where float32 differences are meaningful
      Integer[] idx = new Integer[s.length];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = i;
      }
      java.util.Arrays.sort(
          idx, (a, b) -> Float.compare(Math.abs(r.gradient()[b]), Math.abs(r.gradient()[a])));
      for (int n = 0; n < 6; n++) {
        int i = idx[n];
        double h = 1e-2;
        float[] up = s.clone();
        float[] down = s.clone();
        up[i] += (float) h;
        down[i] -= (float) h;
        double fd =
            (pass.run(prompts, null, up, List.of(), tokens, objective, false).loss()
                    - pass.run(prompts, null, down, List.of(), tokens, objective, false).loss())
                / (2 * h);
        assertEquals(fd, r.gradient()[i], 1e-3 + 0.03 * Math.abs(fd), tokens + " coordinate " + i);
      }
    }
  }

  @Test
  void withoutASuffixItReadsWhatTheModelLayerCaptures() {
    SuffixPass.Result r =
        pass.run(prompts, null, new float[0], POINTS, MonitoredTokens.ANSWER, null, false);
    List<List<ChatMessage>> chats = new ArrayList<>();
    chats.add(
        List.of(
            ChatMessage.user("My favourite animal is the owl."),
            ChatMessage.assistant("Numbers: 37, 91.")));
    ActivationSet captured = ChatActivations.capture(model, chats, POINTS, MonitoredTokens.ANSWER);
    float[][][] a = r.activations().get(0);
    float[][][] b = captured.examples().get(0);
    assertEquals(b[0].length, a[0].length);
    for (int p = 0; p < POINTS.size(); p++) {
      for (int t = 0; t < a[p].length; t++) {
        assertArrayEquals(b[p][t], a[p][t], 1e-4f);
      }
    }
    ActivationSet prompt = ChatActivations.capture(model, chats, POINTS, MonitoredTokens.PROMPT);
    SuffixPass.Result q =
        pass.run(prompts, null, new float[0], POINTS, MonitoredTokens.PROMPT, null, false);
    assertEquals(prompt.examples().get(0)[0].length, q.activations().get(0)[0].length);
  }

  @Test
  void theFirstAdamStepMovesEveryCoordinateByLrAgainstTheObjectivesGradient() {
    Objective objective = new Objective(0.5, randomMonitor(), MonitoredTokens.ANSWER);
    float[] s = suffix(3);
    // the batch is both prompts (batch size 2), so the step's gradient is this one
    SuffixPass.Result before =
        pass.run(prompts, null, s, List.of(), objective.tokens(), objective, true);
    double lr = 0.01;
    SoftPromptAttack.Result r =
        SoftPromptAttack.train(
            pass, prompts, s, objective, new SoftPromptSettings(3, 1, lr, 2, 0), 1);
    assertEquals(before.loss(), r.losses()[0], 1e-9, "the step's loss is the pass's");
    float[] g = before.gradient();
    int moved = 0;
    for (int i = 0; i < s.length; i++) {
      double expected = Math.abs(g[i]) > 1e-6 ? -lr * Math.signum(g[i]) : 0;
      // float32 parameters: the suffix values are O(1), so their rounding is ~1e-7
      assertEquals(expected, r.suffix()[i] - s[i], Math.abs(g[i]) > 1e-6 ? 1e-5 : lr, "" + i);
      moved += Math.abs(g[i]) > 1e-6 ? 1 : 0;
    }
    assertTrue(moved > s.length / 2, moved + " of " + s.length + " coordinates have a gradient");
  }

  @Test
  void adamLowersTheObjectiveAndGreedyAnswersFollowTheSuffix() {
    Objective objective = new Objective(0.5, randomMonitor(), MonitoredTokens.ANSWER);
    SoftPromptAttack.Result r =
        SoftPromptAttack.train(
            pass, prompts, suffix(4), objective, new SoftPromptSettings(4, 60, 0.2, 2, 0), 1);
    double[] l = r.losses();
    // A random tiny model leaves a suffix little to move; the objective still falls.
    assertTrue(l[l.length - 1] < l[0] - 0.02, "objective " + l[0] + " -> " + l[l.length - 1]);
    List<int[]> answers =
        SuffixGeneration.greedy(
            model.transformer(),
            prompts,
            r.suffix(),
            6,
            java.util.Set.of(model.tokenizer().id(SpecialTokens.IM_END)));
    assertEquals(2, answers.size());
    // Greedy answers with the suffix are what the teacher-forced pass would pick: scoring them
    // under the same suffix gives a finite cross-entropy.
    SuffixPass.Result scored =
        pass.run(prompts, answers, r.suffix(), List.of(), MonitoredTokens.ANSWER, null, false);
    assertTrue(Double.isFinite(scored.crossEntropy()[0]));
  }
}
