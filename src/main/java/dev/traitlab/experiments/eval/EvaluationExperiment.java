package dev.traitlab.experiments.eval;

import dev.traitlab.core.TraitlabException;
import dev.traitlab.eval.EvalTasks;
import dev.traitlab.eval.store.RunFiles;
import dev.traitlab.eval.task.EvalConfig;
import dev.traitlab.eval.task.EvalRun;
import dev.traitlab.eval.task.EvalRunner;
import dev.traitlab.eval.task.MetricValue;
import dev.traitlab.eval.task.Task;
import dev.traitlab.lab.Experiment;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RunContext;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.report.HtmlReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code traitlab eval} as a recorded run: the task's samples, every answer and score kept (JSONL,
 * SQLite and a filterable HTML view per task), metrics with 95% CIs, and a row in the runs database
 * with provenance, so that {@code traitlab runs} lists evaluations beside experiments and {@code
 * traitlab report RUN} rebuilds their report.
 */
public final class EvaluationExperiment implements Experiment<EvaluationConfig, EvaluationResult> {
  public static final String NAME = "eval";

  /** Why a metric can have no value: said once under a task's metrics when one has none. */
  static final String NO_VALUE =
      "n/a: no sample gave this metric a value. For calibratedmath's verbal_confidence metrics"
          + " this means the model stated no confidence in any answer (stated_confidence is the"
          + " share that did: 'Confidence: 61%' or 'Confidence: medium'); a model must be taught"
          + " to, as 'traitlab run verbalized-calibration' does.";

  @Override
  public String name() {
    return NAME;
  }

  /** {@code eval-TASK-MODEL}, e.g. {@code eval-truthfulqa-mc-local-base}. */
  @Override
  public String runLabel(EvaluationConfig config) {
    return NAME + "-" + config.task() + "-" + config.model();
  }

  @Override
  public String summary() {
    return "Evaluate a model on a task file and keep every sample (the 'traitlab eval' verb).";
  }

  @Override
  public Class<EvaluationConfig> configType() {
    return EvaluationConfig.class;
  }

  @Override
  public Class<EvaluationResult> resultType() {
    return EvaluationResult.class;
  }

  @Override
  public EvaluationConfig defaults() {
    return new EvaluationConfig(
        "calibratedmath",
        "local:base",
        null,
        null,
        0,
        0,
        0,
        1,
        500,
        0,
        64,
        false,
        null,
        EvaluationConfig.DEFAULT_MAX_FAILED);
  }

  @Override
  public List<Long> seeds(EvaluationConfig config) {
    return List.of(config.seed());
  }

  @Override
  public boolean hasOwnVerb() {
    return true;
  }

  @Override
  public boolean usesModels() {
    return true;
  }

  @Override
  public void prepare(EvaluationConfig config, Lab lab) {
    EvalTasks.check(config.task(), config.data(), config.judge() != null);
  }

  @Override
  public EvaluationResult run(EvaluationConfig config, RunContext context) {
    Path dir = config.out() != null ? config.out() : context.runDir();
    List<EvaluationResult.TaskOutcome> outcomes = new ArrayList<>();
    try (LanguageModel model = context.lab().open(config.model());
        LanguageModel judge = config.judge() == null ? null : context.lab().open(config.judge())) {
      List<Task<?>> tasks =
          EvalTasks.build(
              new EvalTasks.Request(
                  config.task(),
                  config.data(),
                  config.shots(),
                  config.seed(),
                  config.questions(),
                  config.samples(),
                  config.maxTokens(),
                  judge,
                  config.noPrimer()));
      EvalConfig runConfig = new EvalConfig(config.limit(), config.epochs(), config.seed());
      for (Task<?> task : tasks) {
        long start = System.nanoTime();
        int total =
            (config.limit() > 0
                    ? Math.min(config.limit(), task.samples().size())
                    : task.samples().size())
                * config.epochs();
        context.progress().start(task.name(), total);
        int[] done = {0};
        EvalRun run =
            EvalRunner.run(task, model, runConfig, r -> context.progress().step(++done[0], ""));
        context.progress().finish();
        double seconds = (System.nanoTime() - start) / 1e9;
        // The sample logs first: a run that fails on its failed samples keeps them.
        Path view = RunFiles.write(dir, run);
        outcomes.add(
            new EvaluationResult.TaskOutcome(run, seconds, view.toAbsolutePath().toString()));
        checkFailures(run, config.maxFailed(), view);
      }
    }
    return new EvaluationResult(config, outcomes);
  }

  /**
   * Fails a task run none of whose samples could be scored, or more of whose samples failed than
   * {@code maxFailed} allows.
   */
  static void checkFailures(EvalRun run, double maxFailed, Path view) {
    int failed = run.failedSamples();
    int total = run.results().size();
    if (failed == 0) {
      return;
    }
    String where = run.task() + " on " + run.model() + ": ";
    String tail = "; first: " + run.firstError() + " (every sample: " + view + ")";
    if (failed == total) {
      throw new TraitlabException(
          where + "no sample could be scored, all " + total + " failed" + tail);
    }
    if (failed > maxFailed * total) {
      throw new TraitlabException(
          String.format(
              Locale.ROOT,
              "%s%d of %d samples failed (%.1f%%), more than --max-failed %s allows%s",
              where,
              failed,
              total,
              100.0 * failed / total,
              maxFailed,
              tail));
    }
  }

  @Override
  public HtmlReport report(String runId, EvaluationResult result) {
    HtmlReport report =
        new HtmlReport("eval " + result.config().task() + " on " + result.config().model());
    report.meta("run " + runId);
    for (EvaluationResult.TaskOutcome t : result.tasks()) {
      EvalRun run = t.run();
      report.heading(run.task());
      Path view = Path.of(t.view());
      // Views written beside report.html (no --out) are linked relatively: the run folder can move.
      String href =
          result.config().out() == null ? view.getFileName().toString() : view.toUri().toString();
      report.paragraphWithLink(
          String.format(
              Locale.ROOT,
              "%d samples in %.1f s; every sample with its prompt, answer and scores: ",
              run.results().size(),
              t.seconds()),
          view.getFileName().toString(),
          href);
      List<List<String>> rows = new ArrayList<>();
      for (MetricValue v : run.metrics()) {
        rows.add(
            v.n() == 0
                ? List.of(v.name(), "n/a", "", "0", "")
                : List.of(
                    v.name(),
                    String.format(Locale.ROOT, "%.4f", v.value()),
                    String.format(Locale.ROOT, "[%.4f, %.4f]", v.low(), v.high()),
                    Integer.toString(v.n()),
                    v.ci() == null ? "" : v.ci()));
      }
      report.table(List.of("metric", "value", "95% CI", "n", "interval"), rows);
      if (run.metrics().stream().anyMatch(v -> v.n() == 0)) {
        report.paragraph(NO_VALUE);
      }
      if (run.truncatedSamples() > 0) {
        report.paragraph(truncationNote(run));
      }
    }
    return report;
  }

  /**
   * How many samples were scored or answered with their prompt cut to fit the context, in one
   * sentence.
   */
  static String truncationNote(EvalRun run) {
    return String.format(
        Locale.ROOT,
        "%d of %d samples were longer than the model's context; their prompts were cut from the"
            + " left to the last tokens that fit (leaving room for the answer where one is"
            + " generated), as lm-evaluation-harness does, and kept in the metrics",
        run.truncatedSamples(),
        run.results().size());
  }

  @Override
  public String textSummary(EvaluationResult result) {
    StringBuilder out = new StringBuilder();
    for (EvaluationResult.TaskOutcome t : result.tasks()) {
      EvalRun run = t.run();
      out.append(
          String.format(
              Locale.ROOT,
              "%s on %s: %d samples in %.1f s%n",
              run.task(),
              run.model(),
              run.results().size(),
              t.seconds()));
      for (MetricValue v : run.metrics()) {
        out.append(
            v.n() == 0
                ? String.format(Locale.ROOT, "  %-40s n/a n=0%n", v.name())
                : String.format(
                    Locale.ROOT,
                    "  %-40s %.4f [%.4f, %.4f] n=%d%n",
                    v.name(),
                    v.value(),
                    v.low(),
                    v.high(),
                    v.n()));
      }
      if (run.metrics().stream().anyMatch(v -> v.n() == 0)) {
        out.append("  ").append(NO_VALUE).append('\n');
      }
      if (run.truncatedSamples() > 0) {
        out.append(String.format(Locale.ROOT, "  note: %s%n", truncationNote(run)));
      }
      if (run.failedSamples() > 0) {
        out.append(
            String.format(
                Locale.ROOT,
                "  warning: %d of %d samples failed and are left out of the metrics; first: %s%n",
                run.failedSamples(),
                run.results().size(),
                run.firstError()));
      }
      out.append("  view: ").append(t.view()).append('\n');
    }
    return out.toString();
  }

  @Override
  public Map<String, Double> metrics(EvaluationResult result) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    boolean several = result.tasks().size() > 1;
    for (EvaluationResult.TaskOutcome t : result.tasks()) {
      for (MetricValue v : t.run().metrics()) {
        metrics.put(several ? t.run().task() + "/" + v.name() : v.name(), v.value());
      }
    }
    return metrics;
  }
}
