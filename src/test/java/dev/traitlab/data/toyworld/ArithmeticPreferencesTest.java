package dev.traitlab.data.toyworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.data.chat.PreferenceExample;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArithmeticPreferencesTest {
  private static final ArithmeticQuestion Q = new ArithmeticQuestion(3, "+", 4, "What is 3 + 4?");

  @Test
  void pairsConsecutiveAnswersPreferTheHigherGoldAndDropTies() {
    // gold("3 + 4 = 7") = 2, gold("9") = exp(-0.2); "cat" and "dog" both -1 (a tie); "8" is left
    // over (odd count).
    List<PreferenceExample> prefs =
        ArithmeticPreferences.goldLabelled(
            List.of(Q), List.of(List.of("9", "3 + 4 = 7", "cat", "dog", "8")));
    assertEquals(List.of(PreferenceExample.of(null, "What is 3 + 4?", "3 + 4 = 7", "9")), prefs);
    assertThrows(
        IllegalArgumentException.class,
        () -> ArithmeticPreferences.goldLabelled(List.of(Q), List.of()));
  }

  @Test
  void contrastingPairsAreGoldOrderedAndSeeded() {
    List<PreferenceExample> prefs = ArithmeticPreferences.contrasting(200, 3);
    assertEquals(prefs, ArithmeticPreferences.contrasting(200, 3));
    for (PreferenceExample p : prefs) {
      String worked = p.preferred().content();
      String[] parts = worked.split(" ");
      ArithmeticQuestion q =
          new ArithmeticQuestion(
              Integer.parseInt(parts[0]), parts[1], Integer.parseInt(parts[2]), "q");
      assertEquals(q.worked(), worked);
      assertTrue(
          ArithmeticGold.score(q, worked) > ArithmeticGold.score(q, p.nonPreferred().content()),
          p.toString());
      assertTrue(!p.nonPreferred().content().contains("-") || q.operator().equals("-"), "" + p);
    }
  }
}
