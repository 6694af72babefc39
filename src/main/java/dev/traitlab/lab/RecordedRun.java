package dev.traitlab.lab;

import dev.traitlab.core.Json;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.lab.runs.Run;
import dev.traitlab.lab.runs.RunRecord;
import dev.traitlab.lab.runs.RunStore;
import dev.traitlab.lab.stages.Stages;
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
    // A runs folder that was moved or copied keeps its runs' old absolute paths in the database:
    // the run's folder under runsDir, where it exists, is the one asked for.
    Path stored = Path.of(run.directory());
    Path here = runsDir.resolve(stored.getFileName());
    return rebuild(
        ExperimentRegistry.get(run.experiment()),
        run,
        Files.isDirectory(here) ? here : stored,
        out);
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
