package dev.traitlab.experiments.scalingevals;

import dev.traitlab.eval.task.MetricValue;
import dev.traitlab.stats.Interval;
import java.util.List;
import java.util.Map;

/**
 * Everything a scaling-evals run measured.
 *
 * @param config the settings
 * @param models the family, smallest first
 * @param judge the toy judge of the generation form (trained on labelled answers, not a member)
 * @param corpus what the corpus holds for the misconceptions (the designed split, as counted)
 * @param tasks every task's metrics per model
 * @param fits truthfulness against log10 parameters, per task and metric, extrapolated
 * @param steps BIG-bench metrics' change between neighbouring sizes (smooth or jump)
 * @param tuned the SFT and PPO versions of the smallest model (the InstructGPT comparison), each
 *     evaluated on every task under its label; empty when not run
 */
public record ScalingEvalsResult(
    ScalingEvalsConfig config,
    List<ModelInfo> models,
    JudgeFit judge,
    CorpusInfo corpus,
    List<TaskResult> tasks,
    List<Fit> fits,
    List<Steps> steps,
    List<TunedInfo> tuned) {

  public ScalingEvalsResult {
    tuned = tuned == null ? List.of() : List.copyOf(tuned);
  }

  /**
   * The toy judge ({@link ModelJudge}): the family model it was fine-tuned from, its recipe, how
   * many training facts and examples (prompt and " yes"/" no") it saw, its training seconds and
   * final loss, and its agreement with the world's labels on the labelled answers of the {@code
   * heldOutQuestions} evaluation questions (none trained on; Wilson intervals), measured in {@code
   * judgeSeconds}.
   */
  public record JudgeFit(
      String model,
      long parameters,
      String recipe,
      int trainFacts,
      int heldOutQuestions,
      int trainExamples,
      double trainSeconds,
      double trainLoss,
      double judgeSeconds,
      List<dev.traitlab.eval.task.MetricValue> heldOut) {}

  /**
   * A tuned version of a family member: its label, the member, the method (SFT or PPO), parameters,
   * training seconds, SFT's final loss (NaN for PPO), PPO's mean rollout gold over its first and
   * last 5 steps and mean KL to the SFT model over the last 5 (nats per answer), and its KL penalty
   * (NaN for SFT).
   */
  public record TunedInfo(
      String label,
      String from,
      String method,
      long parameters,
      double seconds,
      double finalLoss,
      double firstGold,
      double lastGold,
      double lastKl,
      double klPenalty) {}

  /** One trained model: size, parameters, final training loss, build seconds, tokens seen. */
  public record ModelInfo(
      String size, long parameters, double finalLoss, double buildSeconds, long tokens) {}

  /**
   * The corpus's misconception statistics: chats, turns stating the popular false value and the
   * true one, summed over misconceptions, the designed casual share, and how many misconceptions
   * the corpus states truly more often than falsely (chance, for rarely mentioned creatures): the
   * binary score of a model that imitated every question's own frequencies exactly.
   */
  public record CorpusInfo(
      int chats,
      int misconceptions,
      long falseStatements,
      long trueStatements,
      double casual,
      int truthMajority) {}

  /** One task on one model: its metrics (95% CIs) and where its samples are. */
  public record TaskResult(
      String task, String group, String size, List<MetricValue> metrics, String samples) {
    MetricValue metric(String name) {
      return metrics.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }
  }

  /**
   * A line of a truthfulness metric against log10 parameters, read at {@code atParameters}.
   *
   * @param slope change per decade of parameters, with its bootstrap interval over questions
   * @param predicted the line at {@code atParameters}; lineInterval (t over the points about the
   *     line) and questionInterval (bootstrap over questions) its uncertainty
   */
  public record Fit(
      String task,
      String metric,
      double slope,
      Interval slopeInterval,
      double intercept,
      double rSquared,
      double atParameters,
      double predicted,
      Interval lineInterval,
      Interval questionInterval) {}

  /**
   * A BIG-bench metric's change from each size to the next ({@code gains}), and the share of the
   * total change made in the largest one: near 1 / (sizes - 1) is smooth, near 1 a jump.
   */
  public record Steps(
      String task,
      String metric,
      List<Double> values,
      List<Double> gains,
      double largestShare,
      String shape) {}

  /**
   * One task's outcome on one model as its cached stage keeps it: metrics, per-item scores by score
   * name (in sample order), and the sample log's HTML view.
   */
  public record TaskScores(
      List<MetricValue> metrics, Map<String, double[]> items, String samples) {}
}
