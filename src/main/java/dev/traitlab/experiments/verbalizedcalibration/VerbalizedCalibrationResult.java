package dev.traitlab.experiments.verbalizedcalibration;

import dev.traitlab.lab.stages.Stages;
import dev.traitlab.stats.MeanInterval;
import java.util.List;

/**
 * What a verbalized-calibration run found. Scores are in percentage terms as the paper's table 1:
 * MSE is 100 times the Brier score, MAD 100 times the mean |accuracy - confidence| over equal-count
 * bins.
 *
 * @param config the run's settings
 * @param target the model whose answers are assessed (the fine-tune of graded arithmetic, or the
 *     model itself)
 * @param precondition each add/subtract sub-task's accuracy, of the model before and of the target
 *     (first seed's training questions)
 * @param baseSpread how the model's accuracy varies over the training sub-tasks
 * @param targetSpread how the target's does
 * @param accuracy each set's accuracy of the target over seeds
 * @param cells each set and method's MSE and MAD over seeds, beside the paper's
 * @param curves each set and method's calibration curve, pooled over seeds
 * @param examples a few answered questions with every confidence
 * @param stages the stages with their times
 */
public record VerbalizedCalibrationResult(
    VerbalizedCalibrationConfig config,
    String target,
    List<SubTaskAccuracy> precondition,
    Spread baseSpread,
    Spread targetSpread,
    List<SetAccuracy> accuracy,
    List<Cell> cells,
    List<Curve> curves,
    List<Example> examples,
    List<Stages.StageRecord> stages) {

  /** A training sub-task's accuracy before (the model) and after (the target) the fine-tune. */
  public record SubTaskAccuracy(String subTask, int questions, double base, double target) {}

  /**
   * How accuracy varies over sub-tasks: standard deviation, range, and the share of the answers'
   * variance p(1 - p) that the sub-tasks explain (their accuracies' variance, less its binomial
   * noise, over it): the most a confidence that knows only the sub-task can improve the MSE of the
   * constant baseline, in proportion; and that gain in MSE points (100 times the between-sub-task
   * variance). Near 0 the constant baseline cannot be beaten by sub-task confidence.
   */
  public record Spread(double sd, double min, double max, double explained, double gain) {
    /** The least gain in MSE points for the precondition to hold. */
    public static final double LEAST_GAIN = 2;

    /**
     * The precondition: a confidence that knew each sub-task's accuracy would beat the constant
     * baseline's MSE by at least {@link #LEAST_GAIN} points on the training set.
     */
    public boolean varies() {
      return gain >= LEAST_GAIN;
    }
  }

  /** The target's accuracy on one set, over seeds (percent). */
  public record SetAccuracy(String set, MeanInterval accuracy) {}

  /**
   * One set and method: MSE and MAD over seeds (percentage terms), each seed's value, the share of
   * questions with a readable confidence, and the paper's (null where it reports none).
   */
  public record Cell(
      String set,
      String method,
      MeanInterval mse,
      MeanInterval mad,
      List<Double> seedMse,
      List<Double> seedMad,
      double stated,
      Double paperMse,
      Double paperMad) {}

  /** A calibration curve: equal-count bins of all seeds' confidences. */
  public record Curve(String set, String method, List<Point> points) {}

  /** One bin: mean confidence, accuracy with its Wilson 95% interval, and count. */
  public record Point(double confidence, double accuracy, double low, double high, int count) {}

  /** An answered question with each method's confidence (NaN where none was read). */
  public record Example(
      String set,
      String question,
      String answer,
      boolean correct,
      String numbersReply,
      String wordsReply,
      double indirect,
      double answerLogit) {}
}
