package dev.traitlab.eval.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.traitlab.model.ScoreRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogprobChoicesTest {
  @Test
  void trailingWhitespaceOfThePromptMovesIntoEveryContinuation() {
    // lm-evaluation-harness's _encode_pair: n = len(context) - len(context.rstrip()).
    assertEquals(
        new ScoreRequest("\nA:", List.of(" blue", " red"), true),
        LogprobChoices.lmEvalPair(new ScoreRequest("\nA: ", List.of("blue", "red"))));
    assertEquals(
        new ScoreRequest("Answer:", List.of(" \n\t x", " \n\t  "), true),
        LogprobChoices.lmEvalPair(new ScoreRequest("Answer: \n\t ", List.of("x", " "))));
    // Python's str.isspace counts the no-break space; nothing moves without trailing space.
    assertEquals(
        new ScoreRequest("a", List.of("\u00a0b"), true),
        LogprobChoices.lmEvalPair(new ScoreRequest("a\u00a0", List.of("b"))));
    assertEquals(
        new ScoreRequest("Q: x\nA:", List.of(" yes"), true),
        LogprobChoices.lmEvalPair(new ScoreRequest("Q: x\nA:", List.of(" yes"))));
    assertEquals(
        new ScoreRequest("", List.of("  x"), true),
        LogprobChoices.lmEvalPair(new ScoreRequest("  ", List.of("x"))));
  }
}
