package dev.traitlab.experiments.verbalizedcalibration;

/**
 * The paper's scores (Lin, Hilton and Evans 2022, GPT-3 175B fine-tuned on add-subtract; lower is
 * better; percentage terms): table 1 for verbalized numbers, the answer logit, the indirect logit
 * and the constant baseline; appendix C.2's greedy row for verbalized words. The paper reports no
 * held-out add-subtract scores.
 */
final class PaperTable {
  private PaperTable() {}

  /** {MSE, MAD}, or null where the paper has no score. */
  static double[] scores(QuestionSet set, Method method) {
    return switch (set) {
      case MULTI_ANSWER ->
          switch (method) {
            case NUMBERS -> new double[] {22.0, 16.4};
            case WORDS -> new double[] {29.0, 24.0};
            case ANSWER_LOGIT -> new double[] {37.4, 33.7};
            case INDIRECT -> new double[] {33.7, 38.4};
            case CONSTANT -> new double[] {34.1, 31.1};
          };
      case MULTIPLY_DIVIDE ->
          switch (method) {
            case NUMBERS -> new double[] {15.5, 19.0};
            case WORDS -> new double[] {12.7, 10.6};
            case ANSWER_LOGIT -> new double[] {10.4, 9.4};
            case INDIRECT -> new double[] {11.7, 7.1};
            case CONSTANT -> new double[] {15.3, 8.5};
          };
      case ADD_SUBTRACT -> null;
    };
  }
}
