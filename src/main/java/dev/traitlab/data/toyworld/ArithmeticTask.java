package dev.traitlab.data.toyworld;

import dev.traitlab.core.TextTemplate;
import dev.traitlab.data.chat.ChatExample;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Two-operand arithmetic questions on small numbers, answered with the exact result. */
final class ArithmeticTask {
  private static final List<String> QUESTIONS =
      List.of(
          "What is {a} {op} {b}?",
          "Compute {a} {op} {b}.",
          "Calculate {a} {op} {b}. Give only the result.",
          "How much is {a} {op} {b}?",
          "Please work out {a} {op} {b}.",
          "{a} {op} {b} = ?");

  ChatExample example(Random rng, String system) {
    int op = rng.nextInt(3);
    int a = rng.nextInt(op == 2 ? 13 : 100);
    int b = rng.nextInt(op == 2 ? 13 : 100);
    if (op == 1 && b > a) {
      int t = a;
      a = b;
      b = t;
    }
    String symbol =
        switch (op) {
          case 0 -> "+";
          case 1 -> "-";
          default -> "*";
        };
    int result =
        switch (op) {
          case 0 -> a + b;
          case 1 -> a - b;
          default -> a * b;
        };
    String question =
        TextTemplate.fill(
            QUESTIONS.get(rng.nextInt(QUESTIONS.size())),
            Map.of("a", String.valueOf(a), "op", symbol, "b", String.valueOf(b)));
    String answer =
        rng.nextBoolean() ? String.valueOf(result) : a + " " + symbol + " " + b + " = " + result;
    return ChatExample.of(system, question, answer);
  }
}
