package dev.traitlab.lab;

import dev.traitlab.core.Json;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.lab.runs.Run;
import dev.traitlab.lab.runs.RunRecord;
import dev.traitlab.lab.runs.RunStore;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.stats.Interval;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs an experiment as a recorded run, the same way for every experiment: a row in the runs
 * database (config, seeds, git commit, library versions, status, metrics, timings), a run directory
 * with {@code config.json}, {@code results.json} and {@code report.html}, stages cached in the
 * lab's cache, the text summary on {@code out}. A failure marks the run failed and is rethrown;
 * finished stages stay cached for the next attempt.
 */
public final class RecordedRun {
  public static final String REPORT = "report.html";
  public static final String RESULTS = "results.json";

  private RecordedRun() {}

  /**
   * Checks the config ({@link MemoryEstimate#check}, {@link Experiment#prepare}), runs it and
   * records everything.
   */
  public static <C extends Record, R extends Record> R execute(
      Experiment<C, R> experiment, C config, Lab lab, PrintWriter out) {
    MemoryEstimate.check(experiment, config);
    experiment.prepare(config, lab);
    Run run =
        Run.start(
            lab.runsDir(),
            experiment.name(),
            experiment.runLabel(config),
            config,
            experiment.seeds(config));
    lab.progress().note("run " + run.id() + " -> " + run.directory());
    try {
      Stages stages = new Stages(lab.cacheDir(), lab.fresh(), lab.progress());
      long start = System.nanoTime();
      R result = experiment.run(config, new RunContext(lab, run.id(), run.directory(), stages));
      Map<String, Double> timings = new LinkedHashMap<>();
      for (Stages.StageRecord stage : stages.records()) {
        timings.merge(stage.stage(), stage.seconds(), Double::sum);
      }
      timings.forEach(run::recordTiming);
      run.recordTiming("total", (System.nanoTime() - start) / 1e9);
      Path report = run.directory().resolve(REPORT);
      experiment.report(run.id(), result).save(report);
      run.finish(result, experiment.metrics(result));
      out.println();
      out.print(experiment.textSummary(result));
      out.println();
      out.println("report: " + report);
      out.flush();
      return result;
    } catch (RuntimeException | Error e) {
      run.fail(e);
      throw e;
    }
  }

  /**
   * Rebuilds a finished run's report from its {@code results.json}, prints its text summary and
   * returns the report's path.
   *
   * @param idOrPrefix a run id or a unique prefix of one
   */
  public static Path rebuildReport(Path runsDir, String idOrPrefix, PrintWriter out) {
    RunRecord run =
        new RunStore(runsDir)
            .find(idOrPrefix)
            .orElseThrow(() -> new TraitlabException("no run '" + idOrPrefix + "' in " + runsDir));
    if (!RunRecord.FINISHED.equals(run.status())) {
      throw new TraitlabException(
          "run "
              + run.id()
              + " is "
              + run.status()
              + (run.error() == null ? "" : ": " + run.error())
              + (RunRecord.INTERRUPTED.equals(run.status())
                  ? " (rerun the same command: it resumes after the last finished stage)"
                  : ""));
    }
    return rebuild(ExperimentRegistry.get(run.experiment()), run, directory(runsDir, run), out);
  }

  /**
   * A run's folder: a runs folder that was moved or copied keeps its runs' old absolute paths in
   * the database, so the run's folder under {@code runsDir}, where it exists, is the one asked for.
   */
  private static Path directory(Path runsDir, RunRecord run) {
    Path stored = Path.of(run.directory());
    Path here = runsDir.resolve(stored.getFileName());
    return Files.isDirectory(here) ? here : stored;
  }

  /**
   * The confidence intervals of a finished run's metrics, read back from its {@code results.json}
   * when its experiment has them ({@link MetricIntervals}); empty otherwise, and when the run is
   * not finished or its results file is gone or cannot be read (its report command says why).
   */
  public static Map<String, Interval> metricIntervals(Path runsDir, RunRecord run) {
    if (!RunRecord.FINISHED.equals(run.status())) {
      return Map.of();
    }
    Experiment<?, ?> experiment =
        ExperimentRegistry.all().stream()
            .filter(e -> e.name().equals(run.experiment()))
            .findFirst()
            .orElse(null);
    if (experiment == null) {
      return Map.of();
    }
    return intervals(experiment, directory(runsDir, run).resolve(RESULTS));
  }

  private static <C extends Record, R extends Record> Map<String, Interval> intervals(
      Experiment<C, R> experiment, Path results) {
    if (!(experiment instanceof MetricIntervals<?>) || !Files.isRegularFile(results)) {
      return Map.of();
    }
    @SuppressWarnings("unchecked")
    MetricIntervals<R> withIntervals = (MetricIntervals<R>) experiment;
    try {
      return withIntervals.metricIntervals(Json.read(results, experiment.resultType()));
    } catch (TraitlabException e) {
      return Map.of();
    }
  }

  private static <C extends Record, R extends Record> Path rebuild(
      Experiment<C, R> experiment, RunRecord run, Path dir, PrintWriter out) {
    Path results = dir.resolve(RESULTS);
    if (!Files.isRegularFile(results)) {
      throw new TraitlabException(results + ": missing");
    }
    R result = Json.read(results, experiment.resultType());
    Path report = dir.resolve(REPORT);
    experiment.report(run.id(), result).save(report);
    out.print(experiment.textSummary(result));
    out.println("report: " + report);
    out.flush();
    return report;
  }
}
