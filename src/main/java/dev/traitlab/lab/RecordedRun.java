package dev.traitlab.lab;

import dev.traitlab.core.TraitlabException;
import dev.traitlab.lab.runs.Run;
import dev.traitlab.lab.runs.RunProvenance;
import dev.traitlab.lab.runs.RunRecord;
import dev.traitlab.lab.runs.RunStore;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.report.TextTable;
import dev.traitlab.stats.Interval;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an experiment as a recorded run, the same way for every experiment: a row in the runs
 * database (config, seeds, git commit, library versions, command line, status, metrics, timings), a
 * run directory with {@code config.json}, {@code results.json} and {@code report.html} (each with
 * the run's provenance, {@link RunProvenance}), stages cached in the lab's cache, the text summary
 * on {@code out}. A failure marks the run failed and is rethrown; finished stages stay cached for
 * the next attempt. A run that is not --fresh marks the earlier interrupted runs of its experiment
 * and config as resumed by it; the temporary directories that killed runs left in the cache are
 * deleted when it starts; a run killed by a signal (Ctrl-C) says on stderr how to resume it.
 */
public final class RecordedRun {
  public static final String REPORT = "report.html";
  public static final String RESULTS = Run.RESULTS;

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
    try (InterruptNotice notice = InterruptNotice.install(lab.fresh())) {
      if (!lab.fresh()) {
        for (String resumed : run.markResumedRuns()) {
          lab.progress().note("run " + run.id() + " resumes interrupted run " + resumed);
        }
      }
      int removed = Stages.removeAbandoned(lab.cacheDir());
      if (removed > 0) {
        lab.progress().note("removed " + removed + " temporary stage folders of killed runs");
      }
      Stages stages =
          new Stages(lab.cacheDir(), lab.fresh(), lab.progress(), run.provenance().gitCommit());
      long start = System.nanoTime();
      R result = experiment.run(config, new RunContext(lab, run.id(), run.directory(), stages));
      Map<String, Double> timings = new LinkedHashMap<>();
      for (Stages.StageRecord stage : stages.records()) {
        timings.merge(stage.stage(), stage.seconds(), Double::sum);
      }
      timings.forEach(run::recordTiming);
      run.recordTiming("total", (System.nanoTime() - start) / 1e9);
      List<RunProvenance.StageOrigin> otherCommits = stagesFromOtherCommits(stages.records());
      Path report = run.directory().resolve(REPORT);
      withProvenance(
              experiment.report(run.id(), result),
              run.provenance().withStagesFromOtherCommits(otherCommits))
          .save(report);
      run.finish(result, experiment.metrics(result), otherCommits);
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

  /** The reused stages another commit computed, each once, in the order they were used. */
  static List<RunProvenance.StageOrigin> stagesFromOtherCommits(List<Stages.StageRecord> records) {
    return records.stream()
        .filter(r -> r.reused() && r.otherCommit())
        .map(r -> new RunProvenance.StageOrigin(r.stage(), r.key(), r.commit(), r.computedAt()))
        .distinct()
        .toList();
  }

  /**
   * The run a command line names: a run id or a unique prefix of one, in the runs database of
   * {@code runsDir}, which is read without creating anything.
   *
   * @throws IllegalArgumentException when no run or several runs match (the command line's mistake)
   * @throws TraitlabException when {@code runsDir} does not exist or is a file
   */
  public static RunRecord findRun(Path runsDir, String idOrPrefix) {
    RunStore store;
    try {
      store = RunStore.existing(runsDir);
    } catch (TraitlabException e) {
      throw new TraitlabException("no run '" + idOrPrefix + "': " + e.getMessage(), e);
    }
    return store
        .find(idOrPrefix)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no run '" + idOrPrefix + "' in " + runsDir + "; 'traitlab runs' lists them"));
  }

  /**
   * Rebuilds a finished run's report from its {@code results.json}, prints its text summary and
   * returns the report's path.
   *
   * @param idOrPrefix a run id or a unique prefix of one ({@link #findRun})
   */
  public static Path rebuildReport(Path runsDir, String idOrPrefix, PrintWriter out) {
    return rebuildReport(runsDir, findRun(runsDir, idOrPrefix), out);
  }

  /** As {@link #rebuildReport(Path, String, PrintWriter)} for a run already found. */
  public static Path rebuildReport(Path runsDir, RunRecord run, PrintWriter out) {
    if (!RunRecord.FINISHED.equals(run.status())) {
      throw new TraitlabException(
          "run "
              + run.id()
              + " is "
              + run.status()
              + (run.error() == null ? "" : ": " + run.error())
              + (RunRecord.INTERRUPTED.equals(run.status())
                  ? run.resumedBy() != null
                      ? " (resumed by run " + run.resumedBy() + ")"
                      : " (rerun the same command: it resumes after the last finished stage)"
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
      return withIntervals.metricIntervals(
          Run.readResults(results, experiment.resultType()).result());
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
    Run.Results<R> read = Run.readResults(results, experiment.resultType());
    // results.json written before results kept their provenance: what the database knows.
    RunProvenance provenance =
        read.provenance() != null ? read.provenance() : RunProvenance.of(run);
    Path report = dir.resolve(REPORT);
    withProvenance(experiment.report(run.id(), read.result()), provenance).save(report);
    out.print(experiment.textSummary(read.result()));
    out.println("report: " + report);
    out.flush();
    return report;
  }

  /**
   * {@code report} with the run's provenance: its commit and command line below the title, and a
   * last "Provenance" section with every version and the reused stages another commit computed.
   */
  static HtmlReport withProvenance(HtmlReport report, RunProvenance provenance) {
    report.metaBelowTitle(
        provenance.commitText()
            + (provenance.command() == null ? "" : " · " + provenance.command()));
    TextTable table = TextTable.of("", "");
    table.row("commit", provenance.gitCommit());
    table.row("command", provenance.command() == null ? "not recorded" : provenance.command());
    if (provenance.directory() != null) {
      table.row("working directory", provenance.directory());
    }
    provenance.versions().forEach(table::row);
    report.heading("Provenance").table(table);
    List<RunProvenance.StageOrigin> other = provenance.stagesFromOtherCommits();
    if (!other.isEmpty()) {
      report.paragraph(
          other.size()
              + (other.size() == 1 ? " cached stage was" : " cached stages were")
              + " computed by another commit than this run's (or by one that did not record its"
              + " commit, or by a tree with uncommitted changes, whose edits cannot be told apart)."
              + " Stage keys hash a stage's inputs, not traitlab's code: if the code of these"
              + " stages changed since, rerun with --fresh.");
      TextTable stages = TextTable.of("stage", "key", "computed by", "at");
      for (RunProvenance.StageOrigin s : other) {
        stages.row(
            s.stage(),
            s.key(),
            s.commit() == null ? "not recorded" : s.commit(),
            s.computedAt() == null ? "" : s.computedAt());
      }
      report.table(stages);
    }
    return report;
  }
}
