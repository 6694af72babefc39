package dev.traitlab.experiments.rareoutputs;

import dev.traitlab.lab.stages.Stages;
import java.util.List;
import java.util.Map;

/**
 * Everything a rare-outputs run measured; the report is rebuilt from it alone.
 *
 * @param models each trained model
 * @param truths each model and distribution's exact enumeration
 * @param targets every (repetition, target) with its truth, raw and fitted estimates and losses
 * @param fits each method's log-affine fit per repetition
 * @param cells the held-out loss of every method per model and distribution, with the winner where
 *     one is resolved
 * @param overall each method's held-out loss over all cells
 * @param comparisons paired differences of held-out loss between kinds of method
 * @param stages what each stage did
 */
public record RareOutputsResult(
    RareOutputsConfig config,
    List<ModelInfo> models,
    List<TruthInfo> truths,
    List<TargetRow> targets,
    List<MethodFit> fits,
    List<Cell> cells,
    List<MethodLoss> overall,
    List<Comparison> comparisons,
    List<Stages.StageRecord> stages) {

  /** The methods in report order; "constant" is the best constant fitted on validation targets. */
  public static final List<String> METHODS =
      List.of("ITGIS", "MHIS", "QLD", "GLD", "naive", "constant");

  /** A trained model: parameters, final training loss (nats per token), training time. */
  public record ModelInfo(
      String name, int layers, long parameters, double finalLoss, double seconds, long tokens) {}

  /**
   * An exact enumeration: inputs, seconds, inputs per second (the forward throughput), and how many
   * tokens have a true probability in the target window.
   */
  public record TruthInfo(
      String model,
      String distribution,
      double inputs,
      double seconds,
      double inputsPerSecond,
      int tokensInWindow) {}

  /**
   * One target of one repetition.
   *
   * @param validation whether the fits used it (else it is held out)
   * @param raw each method's estimate
   * @param fitted each method's estimate after its fit
   * @param loss Itakura-Saito loss of the fitted estimate
   * @param seconds each method's time for all targets of its model and distribution
   */
  public record TargetRow(
      int repetition,
      String model,
      String distribution,
      int token,
      String text,
      double truth,
      boolean validation,
      Map<String, Double> raw,
      Map<String, Double> fitted,
      Map<String, Double> loss,
      Map<String, Double> seconds) {}

  /** A method's fit q -> exp(intercept + slope ln q), zeros to zeroValue. */
  public record MethodFit(
      int repetition,
      String method,
      double intercept,
      double slope,
      double zeroValue,
      int positives,
      int zeros) {}

  /** Mean held-out loss with a 95% bootstrap interval over targets. */
  public record Loss(double mean, double lower, double upper, int n) {}

  /**
   * One row of the table: a model and distribution, each method's loss, and the winner: the method
   * of lowest mean loss when resolved below the runner-up's (see {@code Scoring#winner}), else "".
   */
  public record Cell(String model, String distribution, Map<String, Loss> loss, String winner) {}

  /** A method's loss over all held-out targets, and the cells it wins. */
  public record MethodLoss(String method, Loss loss, int wins) {}

  /** Mean of (loss of b - loss of a) over held-out targets: positive when a is better. */
  public record Comparison(String a, String b, Loss difference) {}
}
