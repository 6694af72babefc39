package dev.traitlab.experiments.activationoracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.testing.TinyEmbeddedModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The oracle's training mix and the shuffled-activation control of its in-distribution check. */
class TrainingMixTest {
  @TempDir static Path models;
  static EmbeddedModel model;
  static final List<Integer> BLOCKS = List.of(0, 1);

  @BeforeAll
  static void load() {
    model = EmbeddedModel.load(TinyEmbeddedModels.create(models, "tiny", 5, 512), "local:tiny");
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static List<Injected> mix(long seed) {
    return TrainingMix.build(model, 80, BLOCKS, 4, Reading.of("residual", model, BLOCKS), seed);
  }

  @Test
  void fourFamiliesInQuartersWithTheirOwnAnswers() {
    List<Injected> mix = mix(3);
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Injected e : mix) {
      counts.merge(e.source(), 1, Integer::sum);
      assertTrue(BLOCKS.contains(e.layer()), "layer " + e.layer());
      assertTrue(e.vectors().length >= 1 && e.vectors().length <= 4, "placeholders");
      assertEquals(model.transformer().config().hiddenSize(), e.vectors()[0].length);
    }
    assertEquals(
        List.of("system prompt, 4 animals", "system prompt", "classification"),
        new ArrayList<>(counts.keySet()).subList(0, 3));
    assertEquals(20, counts.get("system prompt, 4 animals"));
    assertEquals(20, counts.get("system prompt"));
    assertEquals(20, counts.get("classification"));
    // Context prediction drops the chats too short for a segment, never more than it was given.
    assertTrue(counts.getOrDefault("context prediction", 0) <= 20);
    Set<String> four = Set.of("Owls.", "Dogs.", "Cats.", "Foxes.");
    for (Injected e : mix) {
      if (e.source().equals("system prompt, 4 animals")) {
        assertEquals(TrainingMix.LOVES, e.question());
        assertTrue(four.contains(e.answer()), e.answer());
      }
      if (e.source().equals("context prediction")) {
        assertTrue(e.question().startsWith("Can you predict the"), e.question());
        assertTrue(e.question().contains(" 1 ") || e.question().contains(" 2 "), e.question());
      }
    }
  }

  @Test
  void theMixIsDeterministicUnderItsSeed() {
    List<Injected> a = mix(5);
    List<Injected> b = mix(5);
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).question(), b.get(i).question());
      assertEquals(a.get(i).answer(), b.get(i).answer());
      assertEquals(a.get(i).layer(), b.get(i).layer());
      for (int j = 0; j < a.get(i).vectors().length; j++) {
        assertArrayEquals(a.get(i).vectors()[j], b.get(i).vectors()[j]);
      }
    }
    List<String> other = mix(6).stream().map(Injected::answer).toList();
    assertNotEquals(a.stream().map(Injected::answer).toList(), other);
  }

  @Test
  void theShuffledControlKeepsQuestionsAndPermutesActivationsWithinEachFamily() {
    List<Injected> mix = mix(7);
    List<Injected> shuffled = Pipeline.shuffledWithinFamilies(mix, 11);
    assertEquals(mix.size(), shuffled.size());
    Map<float[][], Injected> owner = new IdentityHashMap<>();
    for (Injected e : mix) {
      owner.put(e.vectors(), e);
    }
    Set<float[][]> used = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    int moved = 0;
    for (int i = 0; i < mix.size(); i++) {
      Injected q = mix.get(i);
      Injected s = shuffled.get(i);
      assertEquals(q.question(), s.question());
      assertEquals(q.answer(), s.answer());
      assertEquals(q.source(), s.source());
      Injected from = owner.get(s.vectors());
      assertEquals(q.source(), from.source(), "activations from another family");
      assertEquals(from.layer(), s.layer(), "the layer travels with its activations");
      assertTrue(used.add(s.vectors()), "each example's activations are used once");
      moved += from == q ? 0 : 1;
    }
    assertTrue(moved > mix.size() / 2, "most examples get another example's activations");
    List<Injected> again = Pipeline.shuffledWithinFamilies(mix, 11);
    for (int i = 0; i < mix.size(); i++) {
      assertSame(shuffled.get(i).vectors(), again.get(i).vectors());
    }
  }
}
