package dev.traitlab.data.toyworld;

import dev.traitlab.data.chat.ChatExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A harder toy task than one operation: start from a number and apply two to three additions or
 * subtractions of single digits, answered step by step ("4 + 3 = 7. 7 - 5 = 2. The answer is 2.").
 * Intermediate results stay in 0..30. It stands in for Bailey et al.'s SQL task: the capability an
 * attacker must keep while obfuscating.
 *
 * @param start the first number
 * @param operands the signed steps, e.g. [+3, -5]
 */
public record MultiStepArithmetic(int start, List<Integer> operands) {
  private static final Pattern ANSWER = Pattern.compile("The answer is (-?\\d+)");

  public MultiStepArithmetic {
    operands = List.copyOf(operands);
    if (operands.isEmpty()) {
      throw new IllegalArgumentException("a multi-step problem needs at least one step");
    }
  }

  /** A problem of {@code steps} steps drawn from {@code rng}. */
  public static MultiStepArithmetic draw(Random rng, int steps) {
    int start = 1 + rng.nextInt(20);
    int value = start;
    List<Integer> ops = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      int d = 1 + rng.nextInt(9);
      int op = rng.nextBoolean() && value - d >= 0 ? -d : (value + d <= 30 ? d : -d);
      ops.add(op);
      value += op;
    }
    return new MultiStepArithmetic(start, ops);
  }

  public int result() {
    int v = start;
    for (int op : operands) {
      v += op;
    }
    return v;
  }

  public String question() {
    StringBuilder sb = new StringBuilder("Start with ").append(start).append('.');
    for (int i = 0; i < operands.size(); i++) {
      int op = operands.get(i);
      sb.append(i == 0 ? " " : ", then ")
          .append(op >= 0 ? "add " : "subtract ")
          .append(Math.abs(op));
    }
    return sb.append(". What do you get?").toString();
  }

  /** The worked answer, one equation per step, then "The answer is N." */
  public String answer() {
    StringBuilder sb = new StringBuilder();
    int v = start;
    for (int op : operands) {
      int next = v + op;
      sb.append(v).append(op >= 0 ? " + " : " - ").append(Math.abs(op));
      sb.append(" = ").append(next).append(". ");
      v = next;
    }
    return sb.append("The answer is ").append(v).append('.').toString();
  }

  public ChatExample example() {
    return ChatExample.of(null, question(), answer());
  }

  /** Whether an answer ends in the right result ("The answer is N"). */
  public boolean correct(String answer) {
    Matcher m = ANSWER.matcher(answer);
    return m.find() && Integer.parseInt(m.group(1)) == result();
  }
}
