package dev.traitlab.experiments.subliminalllm;

import dev.traitlab.data.toyworld.Categories;
import dev.traitlab.data.toyworld.Choice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filter of the reasoning-trace arm, after the paper's chain-of-thought experiment (Cloud, Le
 * et al. 2025, section 3.3: only correct answers are kept, and a judge removes traces that
 * reference the trait). The toy world's reasoning format is the base's worked arithmetic answer,
 * {@code "a op b = result"} ({@code ArithmeticQuestion#worked}): one step, the only working the
 * base knows. An answer is kept when it is such a trace of the question's own operands, its result
 * is right, and it names no animal.
 */
public final class ReasoningFilter {
  /** Why an answer was rejected. */
  public enum Reason {
    /** Not a worked trace of the question (a bare result, or other text). */
    NO_TRACE,
    /** A trace of the question whose result is wrong. */
    WRONG,
    /** The trace names an animal (the trait's category). */
    MENTIONS_TRAIT
  }

  private static final Pattern OPERATION = Pattern.compile("(\\d+) ([+*-]) (\\d+)");
  private static final Pattern TRACE =
      Pattern.compile("\\s*(\\d+)\\s*([+*-])\\s*(\\d+)\\s*=\\s*(-?\\d+)\\s*\\.?\\s*");

  private ReasoningFilter() {}

  /**
   * Null when the answer to {@code question} is kept, else why not.
   *
   * @param targets the run's target animals, checked besides the toy world's animals
   * @throws IllegalArgumentException when the question holds no "a op b" operation
   */
  public static Reason reject(String question, String answer, List<String> targets) {
    Matcher q = OPERATION.matcher(question);
    if (!q.find()) {
      throw new IllegalArgumentException("not an arithmetic question: '" + question + "'");
    }
    String lower = answer.toLowerCase(Locale.ROOT);
    for (String word : animalWords(targets)) {
      if (Pattern.compile("\\b" + Pattern.quote(word) + "\\b").matcher(lower).find()) {
        return Reason.MENTIONS_TRAIT;
      }
    }
    Matcher t = TRACE.matcher(answer);
    if (!t.matches()
        || !t.group(1).equals(q.group(1))
        || !t.group(2).equals(q.group(2))
        || !t.group(3).equals(q.group(3))) {
      return Reason.NO_TRACE;
    }
    long a = Long.parseLong(q.group(1));
    long b = Long.parseLong(q.group(3));
    long result =
        switch (q.group(2)) {
          case "+" -> a + b;
          case "-" -> a - b;
          default -> a * b;
        };
    return Long.parseLong(t.group(4)) == result ? null : Reason.WRONG;
  }

  /** The targets, every animal name and plural of the toy world, and the word "animal". */
  static List<String> animalWords(List<String> targets) {
    List<String> out = new ArrayList<>(List.of("animal", "animals"));
    out.addAll(targets);
    for (Choice c : Categories.ANIMALS.choices()) {
      out.add(c.name());
      out.add(c.plural());
    }
    return out;
  }
}
