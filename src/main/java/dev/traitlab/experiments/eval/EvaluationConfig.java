package dev.traitlab.experiments.eval;

import dev.traitlab.eval.EvalTasks;
import dev.traitlab.model.ModelName;
import java.nio.file.Path;

/**
 * One {@code traitlab eval} request: the task, the model (and judge) by name, the task file, how
 * the task is run and how many failed samples it tolerates. Validated here, so a bad value is a
 * usage error before any model loads.
 *
 * @param task one of {@link dev.traitlab.eval.EvalTasks#NAMES}
 * @param data the task file or folder (null for generated tasks)
 * @param judge the judge model, null for tasks without one
 * @param limit at most this many samples, 0 for all
 * @param questions CalibratedMath questions to generate
 * @param samples answers per free-form paraphrase, 0 for the file's
 * @param out where the sample logs and views go; null: the run directory
 * @param maxFailed the largest fraction of a task's samples that may fail (the model refused them:
 *     a prompt longer than its context, a server error after retries) before the run fails; a run
 *     with no scored sample fails whatever this is
 */
public record EvaluationConfig(
    String task,
    String model,
    Path data,
    String judge,
    int limit,
    int shots,
    long seed,
    int epochs,
    int questions,
    int samples,
    int maxTokens,
    boolean noPrimer,
    Path out,
    double maxFailed) {

  /** The default of {@link #maxFailed}: one sample in ten. */
  public static final double DEFAULT_MAX_FAILED = 0.1;

  public EvaluationConfig {
    if (task == null || task.isBlank()) {
      throw new IllegalArgumentException("missing TASK");
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("missing --model");
    }
    ModelName.checkReference("--model", model);
    if (judge != null) {
      ModelName.checkReference("--judge", judge);
    }
    EvalTasks.checkArguments(task, data, judge != null);
    if (limit < 0 || shots < 0 || samples < 0) {
      throw new IllegalArgumentException(
          "--limit, --shots and --samples must be >= 0, got "
              + limit
              + ", "
              + shots
              + ", "
              + samples);
    }
    if (epochs < 1 || questions < 1 || maxTokens < 1) {
      throw new IllegalArgumentException(
          "--epochs, --questions and --max-tokens must be >= 1, got "
              + epochs
              + ", "
              + questions
              + ", "
              + maxTokens);
    }
    if (!(maxFailed >= 0 && maxFailed <= 1)) {
      throw new IllegalArgumentException("--max-failed must be in [0, 1], got " + maxFailed);
    }
  }
}
