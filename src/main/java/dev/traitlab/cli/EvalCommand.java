package dev.traitlab.cli;

import dev.traitlab.experiments.eval.EvaluationConfig;
import dev.traitlab.experiments.eval.EvaluationExperiment;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RecordedRun;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.ModelOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates a model on a task and keeps every sample (JSONL, SQLite, HTML view).",
      "TASK: truthfulqa-mc (TruthfulQA.csv or mc_task.json), truthfulqa-binary (2025 CSV),"
          + " truthfulqa-binary-shown (2025 CSV, both answers shown as A/B), truthfulqa-gen (CSV, needs --judge), bigbench (task.json or task folder),"
          + " calibratedmath (generated), freeform (emergent-misalignment YAML, needs --judge)."
    })
final class EvalCommand implements Callable<Integer>, Validated {

  /**
   * Opens models by name; null means through the model-access options. Tests install scripted
   * models.
   */
  static Function<String, LanguageModel> models;

  @Mixin ModelAccessOptions access;
  @Mixin RunOptions run;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TASK", description = "The task to run.")
  String task;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "M",
      description = "The model to evaluate.")
  String model;

  @Option(names = "--data", paramLabel = "PATH", description = "The task file or folder.")
  Path data;

  @Option(
      names = "--judge",
      paramLabel = "J",
      description = "The judge model (truthfulqa-gen, freeform).")
  String judge;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "0",
      description = "At most N samples, 0 for all (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--shots",
      paramLabel = "K",
      defaultValue = "0",
      description = "Few-shot examples (bigbench; default: ${DEFAULT-VALUE}).")
  int shots;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "0",
      description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--epochs",
      paramLabel = "E",
      defaultValue = "1",
      description = "Times each sample is run (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--questions",
      paramLabel = "N",
      defaultValue = "500",
      description = "CalibratedMath questions to generate (default: ${DEFAULT-VALUE}).")
  int questions;

  @Option(
      names = "--samples",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Answers per paraphrase (freeform), 0 for each question's samples_per_paraphrase"
              + " (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(
      names = "--max-tokens",
      paramLabel = "N",
      defaultValue = "64",
      description = "Generation length in tokens (default: ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(
      names = "--no-primer",
      description =
          "TruthfulQA mc/binary without the QA primer, for models whose context cannot hold it"
              + " (scores are then not upstream's).")
  boolean noPrimer;

  @Option(
      names = "--max-failed",
      paramLabel = "FRACTION",
      defaultValue = "" + EvaluationConfig.DEFAULT_MAX_FAILED,
      description =
          "Fail the run when more than this fraction of a task's samples fail (the model refused"
              + " them); a run with no scored sample always fails (default: ${DEFAULT-VALUE}).")
  double maxFailed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Folder of the sample logs and views (default: the run's directory under --runs-dir).")
  Path out;

  private EvaluationConfig config;

  @Override
  public void validate() {
    config =
        new EvaluationConfig(
            task, model, data, judge, limit, shots, seed, epochs, questions, samples, maxTokens,
            noPrimer, out, maxFailed);
  }

  @Override
  public Integer call() {
    ModelOptions modelOptions = access.options(run.runsDir());
    Lab lab =
        new Lab(
            run.runsDir(),
            run.fresh,
            modelOptions,
            ProgressBar.onStderr(),
            models == null ? null : models::apply);
    RecordedRun.execute(new EvaluationExperiment(), config, lab, spec.commandLine().getOut());
    return 0;
  }
}
