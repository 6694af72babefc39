package dev.traitlab.nn.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Shared-prefix scoring against the full-sequence computation it replaces. */
class ContinuationScorerTest {
  private static final int[] PRIMER = {4, 8, 15, 16, 23, 42, 7, 7, 1, 2, 33, 34};

  private static int[] concat(int[] a, int... b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * A seeded model with weights scaled up from the N(0, 0.02) initialisation, so that its
   * distributions are far from uniform and a wrong position or key shows in the scores.
   */
  private static TransformerModel model(TransformerConfig config, long seed) {
    TransformerModel m = TransformerModel.create(config, seed);
    m.weights()
        .forEach(
            (name, w) -> {
              if (!name.endsWith("norm.weight")) {
                w.muli(8);
              }
            });
    return m;
  }

  /** Continuation r after prompt r, each scored as one whole sequence (the previous path). */
  private static List<float[]> wholeSequences(
      TransformerModel m, List<int[]> prompts, List<int[]> conts, ActivationHook hook) {
    List<int[]> seqs = new ArrayList<>();
    for (int r = 0; r < prompts.size(); r++) {
      seqs.add(concat(prompts.get(r), conts.get(r)));
    }
    float[][] lp = m.tokenLogprobs(seqs, hook);
    List<float[]> out = new ArrayList<>();
    for (int r = 0; r < prompts.size(); r++) {
      int from = prompts.get(r).length - 1;
      out.add(Arrays.copyOfRange(lp[r], from, from + conts.get(r).length));
    }
    return out;
  }

  private static void assertSame(List<float[]> expected, List<float[]> actual, String what) {
    assertEquals(expected.size(), actual.size());
    for (int r = 0; r < expected.size(); r++) {
      assertEquals(expected.get(r).length, actual.get(r).length, what + " row " + r);
      for (int i = 0; i < expected.get(r).length; i++) {
        assertEquals(
            expected.get(r)[i], actual.get(r)[i], 1e-4, what + " row " + r + " token " + i);
      }
    }
  }

  /** Rows: (prompt, continuation) pairs; the same prompt may continue several times. */
  private record Rows(List<int[]> prompts, List<int[]> conts) {
    Rows add(int[] prompt, int... cont) {
      prompts.add(prompt);
      conts.add(cont);
      return this;
    }
  }

  private static Rows rows() {
    return new Rows(new ArrayList<>(), new ArrayList<>());
  }

  /** Prompts sharing the primer (one of them the primer itself), continuations of 0-5 tokens. */
  private static Rows sharingAPrefix() {
    int[] a = concat(PRIMER, 3);
    int[] b = concat(PRIMER, 5, 6, 9);
    int[] c = concat(PRIMER, 11, 12, 13, 14, 19, 20);
    return rows()
        .add(a, 17)
        .add(a, 17, 18, 19, 20, 21)
        .add(b, 2, 3)
        .add(b)
        .add(concat(PRIMER, 5, 6, 9), 40, 41, 42) // equal to b, another array
        .add(c, 60, 1, 59)
        .add(PRIMER, 3, 17)
        .add(a, 9, 9);
  }

  /** Prompts of different lengths sharing nothing (or one token). */
  private static Rows sharingNothing() {
    return rows()
        .add(new int[] {9}, 10, 11)
        .add(new int[] {30, 31, 32}, 5)
        .add(new int[] {4, 8}, 1, 2, 3, 4, 5)
        .add(new int[] {4, 9, 9, 9, 9, 9, 9}, 8, 8)
        .add(PRIMER, 44, 45, 46);
  }

  @Test
  void equalsScoringEachSequenceWhole() {
    for (TransformerConfig c :
        List.of(
            TransformerModelTest.tiny("qwen2", false), TransformerModelTest.tiny("llama", true))) {
      try (TransformerModel m = model(c, 5)) {
        for (Rows rows : List.of(sharingAPrefix(), sharingNothing())) {
          assertSame(
              wholeSequences(m, rows.prompts(), rows.conts(), null),
              m.scoreContinuations(rows.prompts(), rows.conts(), null),
              c.modelType());
        }
        // One prompt alone, and one continuation alone.
        Rows one = rows().add(PRIMER, 1, 2, 3).add(PRIMER, 4);
        assertSame(
            wholeSequences(m, one.prompts(), one.conts(), null),
            m.scoreContinuations(one.prompts(), one.conts(), null),
            "one prompt");
        assertSame(
            wholeSequences(m, List.of(new int[] {7}), List.of(new int[] {8}), null),
            m.scoreContinuations(List.of(new int[] {7}), List.of(new int[] {8}), null),
            "one token each");
      }
    }
  }

  @Test
  void smallBudgetsSplitPassesWithoutChangingScores() {
    try (TransformerModel m = model(TransformerModelTest.tiny("qwen2", false), 9)) {
      Rows rows = sharingAPrefix();
      SplittableRandom rng = new SplittableRandom(1);
      for (int i = 0; i < 30; i++) {
        int[] suffix = rng.ints(1 + rng.nextInt(8), 0, 61).toArray();
        rows.add(concat(PRIMER, suffix), rng.ints(1 + rng.nextInt(6), 0, 61).toArray());
      }
      List<float[]> expected = wholeSequences(m, rows.prompts(), rows.conts(), null);
      for (ContinuationScorer.Budget b :
          List.of(
              new ContinuationScorer.Budget(1, 1, 1, 1),
              new ContinuationScorer.Budget(24, 2000, 500, 5000),
              ContinuationScorer.Budget.DEFAULT)) {
        assertSame(expected, m.scoreContinuations(rows.prompts(), rows.conts(), null, b), "" + b);
      }
    }
  }

  @Test
  void steeringActsAsOnWholeSequences() {
    try (TransformerModel m = model(TransformerModelTest.tiny("llama", true), 4)) {
      float[] vector = new float[32];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (i % 3 - 1) * 0.5f;
      }
      ActivationHook steer = new Steering("blocks.0.resid_post", vector, 2);
      Rows rows = sharingAPrefix();
      assertSame(
          wholeSequences(m, rows.prompts(), rows.conts(), steer),
          m.scoreContinuations(rows.prompts(), rows.conts(), steer),
          "steered");
    }
  }

  @Test
  void leavesNoArraysBehind() {
    try (TransformerModel m = model(TransformerModelTest.tiny("qwen2", false), 2)) {
      Rows rows = sharingAPrefix();
      m.scoreContinuations(rows.prompts(), rows.conts(), null);
      int before = m.manager().getManagedArrays().size();
      m.scoreContinuations(rows.prompts(), rows.conts(), null);
      rows = sharingNothing();
      m.scoreContinuations(rows.prompts(), rows.conts(), null);
      assertEquals(before, m.manager().getManagedArrays().size());
    }
  }

  @Test
  void sharedPrefixLeavesEachPromptItsLastToken() {
    assertEquals(2, ContinuationScorer.sharedPrefix(List.of(new int[] {1, 2, 3})));
    assertEquals(
        2, ContinuationScorer.sharedPrefix(List.of(new int[] {1, 2, 3}, new int[] {1, 2, 3, 4})));
    assertEquals(
        1, ContinuationScorer.sharedPrefix(List.of(new int[] {1, 2, 3}, new int[] {1, 5})));
    assertEquals(0, ContinuationScorer.sharedPrefix(List.of(new int[] {1, 2}, new int[] {2, 2})));
    assertEquals(0, ContinuationScorer.sharedPrefix(List.of(new int[] {1}, new int[] {1, 2})));
  }
}
