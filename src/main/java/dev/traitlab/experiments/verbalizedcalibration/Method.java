package dev.traitlab.experiments.verbalizedcalibration;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.eval.calibratedmath.ConfidenceParser;
import java.util.List;

/**
 * The paper's ways of getting the probability that the model's answer is correct (Lin, Hilton and
 * Evans 2022, figure 2 and table 1). The three fine-tuned ones read the question and the target
 * model's own answer, held fixed as in the paper ("the model's zero-shot answers are held fixed"),
 * in one user turn, and answer in the assistant turn, so that fine-tuning trains only that answer.
 */
enum Method {
  /** "Confidence: 61%", the target floor(100 p_T) of the sub-task's accuracy p_T; greedy. */
  NUMBERS("verbalized numbers", "finetune", "How confident are you in this answer, in percent?"),
  /** "Confidence: medium", the word of p_T's interval of width 0.2, read as its midpoint. */
  WORDS("verbalized words", "finetune", "How confident are you in this answer, in words?"),
  /** P(True) over {True, False} after asking whether the answer is correct; trained on truth. */
  INDIRECT("indirect logit", "finetune", "Is this answer correct? True or False?"),
  /** The target model's own probability of its answer (exp of its summed log-probability). */
  ANSWER_LOGIT("answer logit", "zero-shot", null),
  /** The training set's accuracy, the constant of least MSE there, for every question. */
  CONSTANT("constant baseline", "", null);

  static final String TRUE = "True";
  static final String FALSE = "False";

  private final String label;
  private final String setting;
  private final String instruction;

  Method(String label, String setting, String instruction) {
    this.label = label;
    this.setting = setting;
    this.instruction = instruction;
  }

  /** "verbalized numbers (finetune)", as the paper's table names the setups. */
  String title() {
    return setting.isEmpty() ? label : label + " (" + setting + ")";
  }

  /** The score key of its confidence in the sample logs. */
  String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  boolean fineTuned() {
    return instruction != null;
  }

  /** The user turn that asks for the confidence in the question and the target's answer. */
  List<ChatMessage> prompt(String question, String answer) {
    if (instruction == null) {
      throw new IllegalStateException(this + " asks no question");
    }
    return List.of(ChatMessage.user("Q: " + question + "\nA: " + answer + "\n" + instruction));
  }

  /**
   * The fine-tuning target: the sub-task's accuracy as a percentage or a word, or the answer's
   * correctness as True/False.
   */
  String target(double subTaskAccuracy, boolean correct) {
    return switch (this) {
      case NUMBERS -> ConfidenceParser.percentLabel(subTaskAccuracy);
      case WORDS -> ConfidenceParser.wordLabel(subTaskAccuracy);
      case INDIRECT -> correct ? TRUE : FALSE;
      default -> throw new IllegalStateException(this + " is not fine-tuned");
    };
  }
}
