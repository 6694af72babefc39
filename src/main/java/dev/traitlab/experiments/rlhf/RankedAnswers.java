package dev.traitlab.experiments.rlhf;

import dev.traitlab.data.toyworld.ArithmeticQuestion;
import java.util.List;

/**
 * The reward model's data: K answers (token ids, end-of-turn excluded) sampled from the SFT policy
 * for each question; answers[q * K + i] is answer i of question q. The gold ranks them.
 */
record RankedAnswers(List<ArithmeticQuestion> questions, int k, int[][] answers) {
  RankedAnswers {
    questions = List.copyOf(questions);
  }
}
