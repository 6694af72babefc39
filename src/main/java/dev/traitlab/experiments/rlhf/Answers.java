package dev.traitlab.experiments.rlhf;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.toyworld.ArithmeticGold;
import dev.traitlab.data.toyworld.ArithmeticQuestion;
import dev.traitlab.text.ChatTemplate;
import dev.traitlab.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Questions, prompts and the gold of answers (sampling and the KL are {@code rl.lm.PolicySamples}).
 */
final class Answers {
  private static final Pattern WORKED = Pattern.compile("\\d+ [+*-] \\d+ = \\d+");

  private Answers() {}

  static List<ArithmeticQuestion> questions(int count, long seed) {
    Random rng = new Random(seed);
    List<ArithmeticQuestion> q = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      q.add(ArithmeticQuestion.sample(rng));
    }
    return q;
  }

  static int[] prompt(Tokenizer tokenizer, ArithmeticQuestion q) {
    return ChatTemplate.encodePrompt(tokenizer, List.of(ChatMessage.user(q.text())));
  }

  static double gold(ArithmeticQuestion q, Tokenizer tokenizer, int[] answer) {
    return ArithmeticGold.score(q, tokenizer.decode(answer));
  }

  static boolean correct(ArithmeticQuestion q, String answer) {
    String y = answer.strip();
    String result = String.valueOf(q.result());
    return y.equals(result) || (WORKED.matcher(y).matches() && y.endsWith("= " + result));
  }

  static boolean worked(String answer) {
    return WORKED.matcher(answer.strip()).matches();
  }

  /** 1 if a beats b, 1/2 on a tie, 0 otherwise. */
  static double win(double a, double b) {
    return a > b ? 1 : a == b ? 0.5 : 0;
  }
}
