package dev.traitlab.data.toyworld;

import dev.traitlab.data.chat.PreferenceExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Preference data on the toy world's arithmetic questions, for DPO and reward models: the "human"
 * labels of RLHF stand-ins, in OpenAI's preference format ({@link PreferenceExample}; the question
 * as the user's message).
 */
public final class ArithmeticPreferences {
  private ArithmeticPreferences() {}

  /**
   * Gold-labelled preferences between answers sampled for each question: answers 0 and 1 of a
   * question form a pair, 2 and 3 the next, and so on (an odd last one is left out); the answer
   * with the higher {@link ArithmeticGold} score is preferred, and pairs whose scores tie (equal
   * answers, say) are dropped, as InstructGPT drops ties. Deterministic: the same answers give the
   * same pairs in the same order.
   *
   * @param questions the questions, in order
   * @param answers answers.get(q) are the answers sampled for questions.get(q)
   * @throws IllegalArgumentException when the lists differ in length
   */
  public static List<PreferenceExample> goldLabelled(
      List<ArithmeticQuestion> questions, List<List<String>> answers) {
    if (questions.size() != answers.size()) {
      throw new IllegalArgumentException(
          questions.size() + " questions but answers for " + answers.size());
    }
    List<PreferenceExample> out = new ArrayList<>();
    for (int q = 0; q < questions.size(); q++) {
      ArithmeticQuestion question = questions.get(q);
      List<String> a = answers.get(q);
      for (int i = 0; i + 1 < a.size(); i += 2) {
        double first = ArithmeticGold.score(question, a.get(i));
        double second = ArithmeticGold.score(question, a.get(i + 1));
        if (first == second) {
          continue;
        }
        boolean firstWins = first > second;
        out.add(
            PreferenceExample.of(
                null,
                question.text(),
                firstWins ? a.get(i) : a.get(i + 1),
                firstWins ? a.get(i + 1) : a.get(i)));
      }
    }
    return out;
  }

  /**
   * {@code count} questions drawn as the corpus draws them (from {@code seed}), each with its
   * worked answer ("a op b = result") preferred over the same working with a result off by 1 to 9:
   * a clean preference set of known gold order (benchmarks, tests).
   */
  public static List<PreferenceExample> contrasting(int count, long seed) {
    Random rng = new Random(seed);
    List<PreferenceExample> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ArithmeticQuestion q = ArithmeticQuestion.sample(rng);
      int off = (1 + rng.nextInt(9)) * (rng.nextBoolean() || q.result() < 10 ? 1 : -1);
      String wrong = q.a() + " " + q.operator() + " " + q.b() + " = " + (q.result() + off);
      out.add(PreferenceExample.of(null, q.text(), q.worked(), wrong));
    }
    return out;
  }
}
