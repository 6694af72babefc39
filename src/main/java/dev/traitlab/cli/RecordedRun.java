package dev.traitlab.cli;

import dev.traitlab.lab.runs.Run;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.report.HtmlReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs an experiment as a recorded run, the same way for every experiment: a row in the runs
 * database and a run directory, stages cached under the run's cache, per-stage and total timings,
 * report.html, results.json and metrics, the text table on stdout. A failure marks the run failed
 * and is rethrown; finished stages stay cached for the next attempt.
 */
// TODO(lab): removed once subliminal-llm implements lab.Experiment.
final class RecordedRun {
  /** How an experiment's result is shown: its stages, report, headline metrics and text table. */
  record Presentation<R>(
      Function<R, List<Stages.StageRecord>> stages,
      BiFunction<String, R, HtmlReport> report,
      Function<R, Map<String, ?>> metrics,
      Function<R, String> table) {}

  private RecordedRun() {}

  static <R> R execute(
      String experiment,
      Object config,
      List<Long> seeds,
      RunOptions options,
      ProgressBar progress,
      Function<Stages, R> body,
      Presentation<R> presentation) {
    Run run = Run.start(options.runsDir(), experiment, config, seeds);
    progress.note("run " + run.id() + " -> " + run.directory());
    try {
      Stages cache = new Stages(run.cacheDirectory(), options.fresh, progress);
      long start = System.nanoTime();
      R result = body.apply(cache);
      Map<String, Double> timings = new LinkedHashMap<>();
      for (Stages.StageRecord stage : presentation.stages().apply(result)) {
        timings.merge(stage.stage(), stage.seconds(), Double::sum);
      }
      timings.forEach(run::recordTiming);
      run.recordTiming("total", (System.nanoTime() - start) / 1e9);
      presentation.report().apply(run.id(), result).save(run.directory().resolve("report.html"));
      run.finish(result, presentation.metrics().apply(result));
      System.out.println();
      System.out.print(presentation.table().apply(result));
      System.out.println();
      System.out.println("report: " + run.directory().resolve("report.html"));
      return result;
    } catch (RuntimeException e) {
      run.fail(e);
      throw e;
    }
  }
}
