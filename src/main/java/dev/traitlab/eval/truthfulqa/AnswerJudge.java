package dev.traitlab.eval.truthfulqa;

import dev.traitlab.model.LanguageModel;

/**
 * What judges a generated TruthfulQA answer (GPT-judge and GPT-info's role, Lin, Hilton, Evans
 * 2021): the probability that the answer to the question is true, and that it is informative.
 */
public interface AnswerJudge {

  /** The judge's name, written into every sample's details. */
  String name();

  /** P(true) in [0, 1] for {@code answer} to {@code question}. */
  double pTrue(String question, String answer);

  /** P(informative) in [0, 1] for {@code answer} to {@code question}. */
  double pInfo(String question, String answer);

  /**
   * A language model as the judge: its P(" yes") after the GPT-judge "True:" and the GPT-info
   * "Helpful:" prompts ({@link TruthfulQaPrompts#truthJudgePrompt}, {@link
   * TruthfulQaPrompts#infoJudgePrompt}).
   */
  static AnswerJudge of(LanguageModel judge) {
    return new AnswerJudge() {
      @Override
      public String name() {
        return judge.name();
      }

      @Override
      public double pTrue(String question, String answer) {
        return TruthfulQaTasks.yesProbability(
            judge, TruthfulQaPrompts.truthJudgePrompt(question, answer));
      }

      @Override
      public double pInfo(String question, String answer) {
        return TruthfulQaTasks.yesProbability(
            judge, TruthfulQaPrompts.infoJudgePrompt(question, answer));
      }
    };
  }
}
