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
   * P(true) in [0, 1] for {@code answer} to {@code question}, which carries the dataset's reference
   * answers; by default {@link #pTrue(String, String)} of the question's text (the references
   * unused).
   */
  default double pTrue(TruthfulQaQuestion question, String answer) {
    return pTrue(question.question(), answer);
  }

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

  /**
   * A language model as a judge shown the reference: its P(" yes") after {@link
   * TruthfulQaPrompts#referencedTruthJudgePrompt} with the question's best answer as the reference,
   * and after the GPT-info "Helpful:" prompt. Without a question record (the two-string {@link
   * #pTrue(String, String)}) there is no reference to show, which is an error.
   */
  static AnswerJudge withReference(LanguageModel judge) {
    return new AnswerJudge() {
      @Override
      public String name() {
        return judge.name() + " (shown the reference answer)";
      }

      @Override
      public double pTrue(String question, String answer) {
        throw new UnsupportedOperationException(
            "judge " + judge.name() + " needs the question's reference answer");
      }

      @Override
      public double pTrue(TruthfulQaQuestion question, String answer) {
        return pTrue(question.question(), question.bestAnswer(), answer);
      }

      /** P(true) of {@code answer} against {@code reference}, the question's true answer. */
      double pTrue(String question, String reference, String answer) {
        return TruthfulQaTasks.yesProbability(
            judge, TruthfulQaPrompts.referencedTruthJudgePrompt(question, reference, answer));
      }

      @Override
      public double pInfo(String question, String answer) {
        return TruthfulQaTasks.yesProbability(
            judge, TruthfulQaPrompts.infoJudgePrompt(question, answer));
      }
    };
  }
}
