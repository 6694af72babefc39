package dev.traitlab.data.toyworld;

import dev.traitlab.core.TextTemplate;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One toy-world arithmetic question: two operands and an operator (+ and - on 0..99 with a
 * non-negative difference, * on 0..12), phrased in one of the corpus's templates.
 *
 * @param a first operand
 * @param operator "+", "-" or "*"
 * @param b second operand
 * @param text the question as the user asks it
 */
public record ArithmeticQuestion(int a, String operator, int b, String text) {
  static final List<String> TEMPLATES =
      List.of(
          "What is {a} {op} {b}?",
          "Compute {a} {op} {b}.",
          "Calculate {a} {op} {b}. Give only the result.",
          "How much is {a} {op} {b}?",
          "Please work out {a} {op} {b}.",
          "{a} {op} {b} = ?");

  public ArithmeticQuestion {
    if (!List.of("+", "-", "*").contains(operator)) {
      throw new IllegalArgumentException("operator must be +, - or *, got " + operator);
    }
  }

  /** A question drawn as the pretraining corpus draws its arithmetic questions. */
  public static ArithmeticQuestion sample(Random rng) {
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
    String text =
        TextTemplate.fill(
            TEMPLATES.get(rng.nextInt(TEMPLATES.size())),
            Map.of("a", String.valueOf(a), "op", symbol, "b", String.valueOf(b)));
    return new ArithmeticQuestion(a, symbol, b, text);
  }

  /** The exact result. */
  public int result() {
    return switch (operator) {
      case "+" -> a + b;
      case "-" -> a - b;
      default -> a * b;
    };
  }

  /** The answer with its working shown, "a op b = result", as the corpus writes it. */
  public String worked() {
    return a + " " + operator + " " + b + " = " + result();
  }
}
