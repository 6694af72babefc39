package dev.traitlab.data.toyworld;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A worked-sum question of the reasoning world: two or three operands of one or two digits (1-9, or
 * 10-29), added step by step in the trace: {@code 3 + 4 = 7 . 7 + 5 = 12}, then the result.
 *
 * @param operands the numbers to add, in order (2 or 3, each 1..29)
 * @param text the question as the user asks it
 */
public record SumQuestion(List<Integer> operands, String text) {
  static final List<String> TEMPLATES =
      List.of("What is {sum}?", "Compute {sum}.", "How much is {sum}?", "Add {list}.", "{sum} = ?");

  private static final Pattern NUMBER = Pattern.compile("\\d+");

  public SumQuestion {
    operands = List.copyOf(operands);
    if (operands.size() < 2 || operands.size() > 3) {
      throw new IllegalArgumentException("a sum has 2 or 3 operands, got " + operands.size());
    }
  }

  /** A question drawn as the reasoning world draws them. */
  public static SumQuestion sample(Random rng) {
    int n = rng.nextBoolean() ? 2 : 3;
    List<Integer> ops = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ops.add(rng.nextDouble() < 0.65 ? 1 + rng.nextInt(9) : 10 + rng.nextInt(20));
    }
    String sum = String.join(" + ", ops.stream().map(String::valueOf).toList());
    String list =
        n == 2
            ? ops.get(0) + " and " + ops.get(1)
            : ops.get(0) + ", " + ops.get(1) + " and " + ops.get(2);
    String t = TEMPLATES.get(rng.nextInt(TEMPLATES.size()));
    return new SumQuestion(ops, t.replace("{sum}", sum).replace("{list}", list));
  }

  /**
   * The operands of a question as asked (every whole number in it, in order).
   *
   * @throws IllegalArgumentException when it holds fewer than 2 or more than 3 numbers
   */
  public static SumQuestion parse(String question) {
    List<Integer> ops = new ArrayList<>();
    Matcher m = NUMBER.matcher(question);
    while (m.find()) {
      ops.add(Integer.parseInt(m.group()));
    }
    if (ops.size() < 2 || ops.size() > 3) {
      throw new IllegalArgumentException(
          "not a sum question of 2 or 3 numbers: '" + question + "'");
    }
    return new SumQuestion(ops, question);
  }

  /** The exact sum. */
  public int result() {
    return operands.stream().mapToInt(Integer::intValue).sum();
  }

  /** The working, one step per addition: {@code "3 + 4 = 7 . 7 + 5 = 12"}. */
  public String steps() {
    List<String> steps = new ArrayList<>();
    int acc = operands.getFirst();
    for (int i = 1; i < operands.size(); i++) {
      int next = acc + operands.get(i);
      steps.add(acc + " + " + operands.get(i) + " = " + next);
      acc = next;
    }
    return String.join(" . ", steps);
  }
}
