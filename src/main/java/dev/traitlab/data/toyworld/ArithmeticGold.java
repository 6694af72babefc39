package dev.traitlab.data.toyworld;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The toy world's gold reward for an answer to an {@link ArithmeticQuestion}: a hand-written scorer
 * standing in for the human preference (or the gold reward model) of RLHF and reward-model
 * overoptimisation experiments. It rewards a helpful answer: the right number, with the working
 * shown on the question's own operands, and nothing else.
 *
 * <pre>
 *   gold = exp(-|v - result| / 10)                  closeness of the answer's number v
 *        + 0.5 [answer is "x op y = v"]             working shown
 *        + 0.5 [... and x op y is the question's]   working on the right operands
 *        - 0.5 [answer is neither "v" nor "x op y = v"]   malformed (v = its last number)
 *        - 1   [answer has no number at all]
 * </pre>
 *
 * Range [-1, 2]. The base model shows its working in about 40% of its answers but hardly ever on
 * the question's operands or with the right result, so the closeness term is where most of the
 * spread beyond format lies, and the hardest part for a reward model to learn.
 */
public final class ArithmeticGold {
  private static final Pattern WORKED = Pattern.compile("(\\d+) ([+*-]) (\\d+) = (\\d+)");
  private static final Pattern BARE = Pattern.compile("\\d+");
  private static final Pattern NUMBER = Pattern.compile("\\d+");

  /** Numbers longer than this are far from any result anyway; capping keeps parsing total. */
  private static final int MAX_DIGITS = 9;

  private ArithmeticGold() {}

  /** The gold reward of {@code answer} (surrounding whitespace ignored) to {@code question}. */
  public static double score(ArithmeticQuestion question, String answer) {
    String y = answer.strip();
    Matcher worked = WORKED.matcher(y);
    double shown = 0;
    double malformed = 0;
    String number;
    if (worked.matches()) {
      number = worked.group(4);
      shown = 0.5;
      if (worked.group(1).equals(String.valueOf(question.a()))
          && worked.group(2).equals(question.operator())
          && worked.group(3).equals(String.valueOf(question.b()))) {
        shown += 0.5;
      }
    } else if (BARE.matcher(y).matches()) {
      number = y;
    } else {
      Matcher m = NUMBER.matcher(y);
      number = null;
      while (m.find()) {
        number = m.group();
      }
      if (number == null) {
        return -1;
      }
      malformed = 0.5;
    }
    return closeness(number, question.result()) + shown - malformed;
  }

  private static double closeness(String digits, int result) {
    String d = digits.replaceFirst("^0+(?=\\d)", "");
    if (d.length() > MAX_DIGITS) {
      return 0;
    }
    return Math.exp(-Math.abs(Long.parseLong(d) - result) / 10.0);
  }
}
