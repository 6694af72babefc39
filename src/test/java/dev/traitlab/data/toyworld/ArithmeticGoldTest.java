package dev.traitlab.data.toyworld;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ArithmeticGoldTest {
  private static final ArithmeticQuestion Q =
      new ArithmeticQuestion(23, "+", 45, "What is 23 + 45?");

  @Test
  void scoresAnswersAsDocumented() {
    assertEquals(68, Q.result());
    assertEquals("23 + 45 = 68", Q.worked());
    assertEquals(2.0, ArithmeticGold.score(Q, "23 + 45 = 68"), 1e-12);
    assertEquals(1.0, ArithmeticGold.score(Q, " 68\n"), 1e-12);
    assertEquals(0.5 + Math.exp(-1), ArithmeticGold.score(Q, "20 + 45 = 78"), 1e-12);
    assertEquals(1.0 + Math.exp(-0.2), ArithmeticGold.score(Q, "23 + 45 = 70"), 1e-12);
    assertEquals(Math.exp(-3.2), ArithmeticGold.score(Q, "36"), 1e-12);
    // Malformed: the last number counts, half a point off.
    assertEquals(1.0 - 0.5, ArithmeticGold.score(Q, "it is 68."), 1e-12);
    assertEquals(-1.0, ArithmeticGold.score(Q, "owls"), 1e-12);
    assertEquals(0.0, ArithmeticGold.score(Q, "99999999999999999999"), 1e-12);
  }
}
