package dev.traitlab.eval.task;

import java.util.List;

/**
 * The outcome of running one task on one model: config, every sample result, the metrics and the
 * calibration curves of the confidences the task measures.
 */
public record EvalRun(
    String task,
    String model,
    EvalConfig config,
    List<SampleResult> results,
    List<MetricValue> metrics,
    List<CalibrationCurve> curves) {
  public EvalRun {
    results = List.copyOf(results);
    metrics = List.copyOf(metrics);
    curves = List.copyOf(curves);
  }

  /**
   * How many sample results failed (the model refused them; they hold {@link EvalRunner#ERROR}).
   */
  public int failedSamples() {
    return (int) results.stream().filter(EvalRun::failed).count();
  }

  /**
   * How many sample results were scored or answered after their prompt was cut from the left to fit
   * the model's context ({@link SolverOutput#TRUNCATED}).
   */
  public int truncatedSamples() {
    return (int) results.stream().filter(EvalRunner::truncated).count();
  }

  /** The first line of the first failed sample's error, or null when none failed. */
  public String firstError() {
    return results.stream()
        .filter(EvalRun::failed)
        .map(r -> String.valueOf(r.output().details().get(EvalRunner.ERROR)))
        .map(e -> e.lines().findFirst().orElse(""))
        .findFirst()
        .orElse(null);
  }

  private static boolean failed(SampleResult r) {
    return r.output().details().containsKey(EvalRunner.ERROR);
  }

  public MetricValue metric(String name) {
    return metrics.stream()
        .filter(m -> m.name().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no metric " + name + " in run of " + task));
  }
}
