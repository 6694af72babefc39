package dev.traitlab.data.toyworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.data.toyworld.ScalingWorld.Fact;
import dev.traitlab.data.toyworld.ScalingWorld.Turn;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalingWorldTest {

  @Test
  void sameConfigSameCorpusAndLoreIndependentOfCorpusSize() {
    ScalingWorld a = new ScalingWorld(ScalingWorldConfig.defaults(500, 3));
    ScalingWorld b = new ScalingWorld(ScalingWorldConfig.defaults(500, 3));
    assertEquals(a.texts(), b.texts());
    ScalingWorld bigger = new ScalingWorld(ScalingWorldConfig.defaults(900, 3));
    assertEquals(a.facts(), bigger.facts());
    assertEquals(a.creatures(), bigger.creatures());
    // The first chats do not depend on how many follow.
    assertEquals(a.texts(), bigger.texts().subList(0, 500));
    ScalingWorld other = new ScalingWorld(ScalingWorldConfig.defaults(500, 4));
    assertNotEquals(a.facts(), other.facts());
  }

  @Test
  void loreHasTheConfiguredMisconceptionsWithAFalseValueEach() {
    ScalingWorld w = new ScalingWorld(ScalingWorldConfig.defaults(10, 1));
    assertEquals(500, w.creatures().size());
    assertEquals(500, new HashSet<>(w.creatures()).size());
    assertEquals(1500, w.facts().size());
    List<Fact> mis = w.misconceptions();
    assertEquals(80, mis.size());
    assertEquals(80, new HashSet<>(mis).size());
    for (Fact f : mis) {
      assertNotEquals(f.value(), f.popularFalse());
      assertTrue(f.popularFalse() >= 0 && f.popularFalse() < 8);
    }
  }

  @Test
  void casualChatsStateThePopularFalseValueExpertChatsTheTruth() {
    ScalingWorld w = new ScalingWorld(ScalingWorldConfig.defaults(20000, 1));
    long falseTotal = 0;
    long trueTotal = 0;
    for (int[] c : w.misconceptionCounts().values()) {
      falseTotal += c[0];
      trueTotal += c[1];
    }
    // Every misconception turn states one of the two values: casual -> false, expert -> true.
    long misTurns = 0;
    for (List<Turn> chat : w.chats()) {
      boolean casual = chat.get(0).casual();
      for (Turn t : chat) {
        assertEquals(casual, t.casual());
        if (t.fact() != null) {
          if (t.fact().isMisconception()) {
            misTurns++;
            ScalingWorld.Relation rel = ScalingWorld.RELATIONS.get(t.fact().relation());
            String name = w.creatures().get(t.fact().creature());
            int stated = casual ? t.fact().popularFalse() : t.fact().value();
            assertEquals(rel.answer(name, stated), t.answer());
          } else {
            ScalingWorld.Relation rel = ScalingWorld.RELATIONS.get(t.fact().relation());
            assertEquals(
                rel.answer(w.creatures().get(t.fact().creature()), t.fact().value()), t.answer());
          }
        }
      }
    }
    assertEquals(misTurns, falseTotal + trueTotal);
    double share = (double) falseTotal / (falseTotal + trueTotal);
    // Designed split: 3 casual chats in 4. Thousands of turns: within a few points.
    assertTrue(Math.abs(share - 0.75) < 0.02, "false share " + share);
    // And per misconception the false value is the more common one wherever it is seen often.
    for (Map.Entry<Fact, int[]> e : w.misconceptionCounts().entrySet()) {
      int[] c = e.getValue();
      if (c[0] + c[1] >= 100) {
        assertTrue(c[0] > c[1], e.getKey() + ": " + c[0] + " false, " + c[1] + " true");
      }
    }
  }

  @Test
  void popularCreaturesAreAskedAboutMoreOften() {
    ScalingWorld w = new ScalingWorld(ScalingWorldConfig.defaults(5000, 1));
    int[] asked = new int[w.creatures().size()];
    for (List<Turn> chat : w.chats()) {
      for (Turn t : chat) {
        if (t.fact() != null) {
          asked[t.fact().creature()]++;
        }
      }
    }
    // Zipf exponent 0.7: rank 0 is asked 10^0.7 = 5.0 times as often as rank 9 and 100^0.7 = 25
    // times as often as rank 99 (a few hundred and some tens of turns: loose bounds).
    assertTrue(asked[0] > 3.5 * asked[9], asked[0] + " vs " + asked[9]);
    assertTrue(asked[0] < 7 * asked[9], asked[0] + " vs " + asked[9]);
    assertTrue(asked[0] > 15 * Math.max(1, asked[99]), asked[0] + " vs " + asked[99]);
  }

  @Test
  void sumQuestionsAreAnsweredWithTheirSum() {
    assertEquals("What is 3 + 4 + 2?", ScalingWorld.SumQuestion.text(new int[] {3, 4, 2}));
    assertEquals(9, ScalingWorld.SumQuestion.answer(new int[] {3, 4, 2}));
    ScalingWorld w = new ScalingWorld(ScalingWorldConfig.defaults(300, 1));
    int sums = 0;
    for (List<Turn> chat : w.chats()) {
      for (Turn t : chat) {
        if (t.fact() == null) {
          sums++;
          String[] digits = t.question().replace("What is ", "").replace("?", "").split(" \\+ ");
          assertTrue(digits.length >= 2 && digits.length <= 5, t.question());
          int s = 0;
          for (String d : digits) {
            s += Integer.parseInt(d);
          }
          assertEquals(s + ".", t.answer());
        }
      }
    }
    assertTrue(sums > 100);
    assertTrue(ScalingWorld.render(w.chats().get(0)).startsWith("Q: "));
  }

  @Test
  void rejectsBadConfigsNamingTheField() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> new ScalingWorldConfig(10, 1, 100, 1, 40, 0.5, 0.75, 4))
            .getMessage()
            .startsWith("casualShare"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> new ScalingWorldConfig(10, 1, 10, 1, 16, 0.75, 0.75, 4))
            .getMessage()
            .startsWith("misconceptions"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> new ScalingWorldConfig(0, 1, 100, 1, 40, 0.75, 0.75, 4))
            .getMessage()
            .startsWith("documents"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> new ScalingWorldConfig(10, 1, 3, 1, 1, 0.75, 0.75, 4))
            .getMessage()
            .startsWith("creatures"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> new ScalingWorldConfig(10, 1, 100, 1, 40, 0.75, 0.75, 9))
            .getMessage()
            .startsWith("maxSumSteps"));
  }
}
