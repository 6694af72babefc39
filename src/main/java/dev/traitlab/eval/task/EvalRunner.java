package dev.traitlab.eval.task;

import dev.traitlab.core.Seeds;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.eval.metrics.MeanMetric;
import dev.traitlab.model.AuthenticationException;
import dev.traitlab.model.LanguageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a task on a model: every selected sample, every epoch, then the metrics. The solver gets the
 * samples one at a time ({@link Solver}), all of an epoch in one call ({@link BatchSolver}), or a
 * chunk at a time ({@link ChunkedSolver}). A sample the model refuses with a {@link
 * TraitlabException} is kept unscored with its error, and the run gets a {@link #FAILED} metric;
 * refused credentials ({@link AuthenticationException}) stop the run at once, since every other
 * call would be refused too. A task without samples is refused.
 */
public final class EvalRunner {
  /** The detail key holding the error of a sample the model could not answer. */
  public static final String ERROR = "error";

  /** The metric, present only when some samples failed: the fraction that did. */
  public static final String FAILED = "failed_samples";

  /**
   * The metric, present only when some samples' prompts were cut from the left to fit the model's
   * context ({@link SolverOutput#TRUNCATED}): the fraction that were. They are scored or answered,
   * as lm-evaluation-harness does.
   */
  public static final String TRUNCATED = "truncated_samples";

  private EvalRunner() {}

  public static <T> EvalRun run(Task<T> task, LanguageModel model, EvalConfig config) {
    return run(task, model, config, r -> {});
  }

  /** As {@link #run(Task, LanguageModel, EvalConfig)}, telling {@code progress} of each result. */
  public static <T> EvalRun run(
      Task<T> task, LanguageModel model, EvalConfig config, Consumer<SampleResult> progress) {
    List<Sample<T>> samples = task.samples();
    if (samples.isEmpty()) {
      throw new TraitlabException(task.name() + ": the task has no samples (is its file empty?)");
    }
    if (config.limit() > 0 && config.limit() < samples.size()) {
      samples = samples.subList(0, config.limit());
    }
    List<SampleResult> results = new ArrayList<>();
    int errors = 0;
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      List<SolverOutput> batch =
          task.solver() instanceof BatchSolver<T> batchSolver
              ? solveBatch(batchSolver, samples, model, epochSeed(config.seed(), epoch))
              : null;
      ChunkedSolver<T> chunked =
          batch == null && task.solver() instanceof ChunkedSolver<T> c ? c : null;
      int step = chunked != null ? Math.max(1, chunked.chunkSize()) : Math.max(1, samples.size());
      for (int from = 0; from < samples.size(); from += step) {
        int to = Math.min(samples.size(), from + step);
        long[] seeds = new long[to - from];
        for (int i = from; i < to; i++) {
          seeds[i - from] = sampleSeed(config.seed(), epoch, i);
        }
        List<SolverOutput> outputs =
            batch != null
                ? batch.subList(from, to)
                : chunked != null
                    ? solveChunk(chunked, samples.subList(from, to), seeds, model)
                    : null;
        for (int i = from; i < to; i++) {
          Sample<T> sample = samples.get(i);
          SolverOutput output;
          Map<String, Double> scores;
          try {
            output =
                outputs != null
                    ? outputs.get(i - from)
                    : task.solver().solve(sample, model, seeds[i - from]);
            if (output.details().containsKey(ERROR)) {
              throw new TraitlabException(String.valueOf(output.details().get(ERROR)));
            }
            scores = task.scorer().score(sample, output);
          } catch (AuthenticationException e) {
            throw e;
          } catch (TraitlabException e) {
            // The model refused this sample (a prompt longer than its context, a server error
            // after retries): keep it, unscored, and count it, rather than lose the whole run.
            output = SolverOutput.generated("", "", Map.of(ERROR, e.getMessage()));
            scores = Map.of();
            errors++;
          }
          SampleResult result =
              new SampleResult(sample.id(), epoch, sample.input(), sample.target(), output, scores);
          results.add(result);
          progress.accept(result);
        }
      }
    }
    List<MetricValue> metrics = new ArrayList<>();
    if (errors > 0) {
      metrics.add(
          MeanMetric.summarise(
              FAILED,
              results.stream()
                  .mapToDouble(r -> r.output().details().containsKey(ERROR) ? 1 : 0)
                  .toArray()));
    }
    if (results.stream().anyMatch(EvalRunner::truncated)) {
      metrics.add(
          MeanMetric.summarise(
              TRUNCATED, results.stream().mapToDouble(r -> truncated(r) ? 1 : 0).toArray()));
    }
    List<CalibrationCurve> curves = new ArrayList<>();
    for (Metric metric : task.metrics()) {
      metrics.add(metric.compute(results));
      // Several metrics (MSE, MAD, ECE) share one confidence: draw its curve once.
      if (metric instanceof CalibrationCurve.Source source
          && curves.stream().noneMatch(c -> c.name().equals(source.curveName()))) {
        curves.add(source.curve(results));
      }
    }
    return new EvalRun(task.name(), model.name(), config, results, metrics, curves);
  }

  static boolean truncated(SampleResult r) {
    return r.output().details().get(SolverOutput.TRUNCATED) instanceof Number n && n.intValue() > 0;
  }

  /** A batch the model refuses as a whole leaves every sample of it failed with the error. */
  private static <T> List<SolverOutput> solveBatch(
      BatchSolver<T> solver, List<Sample<T>> samples, LanguageModel model, long seed) {
    try {
      List<SolverOutput> outputs = solver.solveAll(samples, model, seed);
      if (outputs.size() != samples.size()) {
        throw new IllegalStateException(
            "batch solver gave " + outputs.size() + " outputs for " + samples.size() + " samples");
      }
      return outputs;
    } catch (AuthenticationException e) {
      throw e;
    } catch (TraitlabException e) {
      SolverOutput failed = SolverOutput.generated("", "", Map.of(ERROR, e.getMessage()));
      return java.util.Collections.nCopies(samples.size(), failed);
    }
  }

  /**
   * Outputs of a chunk, or null when the model refuses it as a whole: its samples are then solved
   * one at a time, so that only those the model refuses fail.
   */
  private static <T> List<SolverOutput> solveChunk(
      ChunkedSolver<T> solver, List<Sample<T>> samples, long[] seeds, LanguageModel model) {
    try {
      List<SolverOutput> outputs = solver.solveChunk(samples, seeds, model);
      if (outputs.size() != samples.size()) {
        throw new IllegalStateException(
            "chunked solver gave "
                + outputs.size()
                + " outputs for "
                + samples.size()
                + " samples");
      }
      return outputs;
    } catch (AuthenticationException e) {
      throw e;
    } catch (TraitlabException e) {
      return null;
    }
  }

  /** The seed of a whole epoch of a batch solver: the run's seed for the first epoch. */
  static long epochSeed(long seed, int epoch) {
    return epoch == 0 ? seed : Seeds.derive(seed, "epoch", epoch);
  }

  /** A seed for (sample, epoch) that does not depend on which other samples run. */
  static long sampleSeed(long seed, int epoch, int index) {
    return Seeds.derive(seed, "sample", epoch, index);
  }
}
