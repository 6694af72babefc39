package dev.traitlab.experiments.verbalizedcalibration;

import dev.traitlab.lab.ConfigValues;
import dev.traitlab.lab.Param;
import dev.traitlab.lab.Seeded;
import dev.traitlab.model.ModelName;

/**
 * Verbalized calibration (Lin, Hilton and Evans 2022) in miniature.
 *
 * @param model the local model whose arithmetic is graded (local:NAME; a remote one is refused: the
 *     confidences are read from its log-probabilities and it is fine-tuned here)
 * @param seeds independent repetitions: questions, answers, the three confidence fine-tunes
 * @param seed the first seed
 * @param arithmeticExamples examples of the graded-arithmetic fine-tune that makes the target model
 *     (0: the model itself is the target)
 * @param arithmeticEpochs epochs of that fine-tune
 * @param perSubTask questions per add/subtract training sub-task (the paper's 100): their answers
 *     give each sub-task's accuracy and the confidence fine-tunes' examples
 * @param evalQuestions questions of each evaluation set (add-subtract held out, multi-answer,
 *     multiply-divide), spread evenly over its sub-tasks
 * @param tuneEpochs epochs of each confidence fine-tune
 * @param tuneLr learning rate of each confidence fine-tune
 * @param bins bins of the MAD and the calibration curves (equal counts, as the paper)
 */
public record VerbalizedCalibrationConfig(
    @Param(value = "Local model to make the graded-arithmetic target from.", label = "MODEL")
        String model,
    @Param(Seeded.SEEDS_HELP) int seeds,
    @Param(Seeded.SEED_HELP) long seed,
    @Param(
            value =
                "Examples of the graded-arithmetic fine-tune that makes the target model (0: use"
                    + " the model as it is).",
            label = "N")
        int arithmeticExamples,
    @Param(value = "Epochs of the graded-arithmetic fine-tune.", label = "E") int arithmeticEpochs,
    @Param(
            value =
                "Questions per add/subtract training sub-task (18 sub-tasks; the paper's 100):"
                    + " their answers set each sub-task's accuracy, the confidence target.",
            label = "N")
        int perSubTask,
    @Param(
            value =
                "Questions of each evaluation set (add-subtract held out, multi-answer,"
                    + " multiply-divide).",
            label = "N")
        int evalQuestions,
    @Param(value = "Epochs of each confidence fine-tune.", label = "E") int tuneEpochs,
    @Param(value = "Learning rate of each confidence fine-tune.", names = "--tune-lr", label = "LR")
        double tuneLr,
    @Param(value = "Bins of the MAD and the calibration curves (equal counts).", label = "K")
        int bins)
    implements Seeded {

  public VerbalizedCalibrationConfig {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("--model is required");
    }
    ModelName.checkEmbedded(
        "--model", model, "it is fine-tuned here and its answers' probabilities are read");
    ConfigValues.atLeast("seeds", seeds, 1);
    ConfigValues.atLeast("arithmetic-examples", arithmeticExamples, 0);
    ConfigValues.atLeast("arithmetic-epochs", arithmeticEpochs, 1);
    ConfigValues.atLeast("per-sub-task", perSubTask, 2);
    ConfigValues.atLeast("eval-questions", evalQuestions, 20);
    ConfigValues.atLeast("tune-epochs", tuneEpochs, 1);
    ConfigValues.positive("tune-lr", tuneLr);
    ConfigValues.atLeast("bins", bins, 1);
  }

  public static VerbalizedCalibrationConfig defaults() {
    return new VerbalizedCalibrationConfig("local:base", 3, 1, 100_000, 1, 100, 600, 3, 1e-3, 10);
  }
}
