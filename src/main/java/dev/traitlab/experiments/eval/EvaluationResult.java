package dev.traitlab.experiments.eval;

import dev.traitlab.eval.task.EvalRun;
import java.util.List;

/**
 * Every task run of one {@code traitlab eval} request (a BIG-bench folder gives several), with the
 * seconds each took and the file name of its sample view next to {@code report.html}.
 */
public record EvaluationResult(EvaluationConfig config, List<TaskOutcome> tasks) {

  /** One task's run: every sample, the metrics, and where its files are. */
  public record TaskOutcome(EvalRun run, double seconds, String view) {}
}
