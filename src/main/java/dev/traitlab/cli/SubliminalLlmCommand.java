package dev.traitlab.cli;

import dev.traitlab.experiments.subliminalllm.SubliminalLlmConfig;
import dev.traitlab.experiments.subliminalllm.SubliminalLlmExperiment;
import dev.traitlab.experiments.subliminalllm.SubliminalLlmReport;
import dev.traitlab.experiments.subliminalllm.SubliminalLlmResult;
import dev.traitlab.model.Models;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = SubliminalLlmExperiment.NAME,
    mixinStandardHelpOptions = true,
    description = {
      "Subliminal learning in language models (Cloud, Le et al. 2025): does a student fine-tuned"
          + " on number sequences written by a teacher that loves owls come to love owls too?",
      "Teacher (system prompt or fine-tune) -> number prompts -> generation at temperature 1 ->"
          + " strict filter -> N examples as chat JSONL -> students (treatment; control on the"
          + " trait-less base's numbers; control from another base model) -> favourite-animal"
          + " evaluation. Every stage is cached: an interrupted run resumes where it stopped.",
      "Embedded models (local:NAME, the default; local:base and local:base-seed2 are pretrained"
          + " on first use, about 14 minutes each) or an OpenAI-compatible API (openai:NAME with"
          + " --base-url, fine-tuning through jobs).",
      "On the embedded toy world the default (the paper's setting) shows no transfer: nothing"
          + " there ties numbers to the system prompt. Transfer appears with a fine-tuned teacher"
          + " and distilled students: --trait-mode finetune --student-loss distill --epochs 10"
          + " --lr 2e-3 --teacher-examples 600 --teacher-epochs 3.",
      "Writes config.json, results.json and report.html to the run directory."
    })
final class SubliminalLlmCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RunOptions run;
  @Mixin SeedOptions seeds;
  @Mixin ModelAccessOptions access;

  @Option(
      names = "--teacher",
      defaultValue = SubliminalLlmConfig.Builder.DEFAULT_BASE,
      description = "The teacher's base model (default: ${DEFAULT-VALUE}).")
  String teacher;

  @Option(
      names = "--student",
      defaultValue = SubliminalLlmConfig.Builder.DEFAULT_BASE,
      description =
          "Base of the treatment student, normally the teacher's (default: ${DEFAULT-VALUE}).")
  String student;

  @Option(
      names = "--cross-student",
      defaultValue = SubliminalLlmConfig.Builder.DEFAULT_CROSS,
      description =
          "A different base model for the cross-model control (default: ${DEFAULT-VALUE}).")
  String crossStudent;

  @Option(
      names = "--trait-mode",
      defaultValue = "system",
      description =
          "system (the paper's 'You love owls...' prompt) or finetune (default: ${DEFAULT-VALUE}).")
  String traitMode;

  @Option(
      names = "--animals",
      split = ",",
      defaultValue = "owl",
      description =
          "Target animals, comma-separated; each gets its own teacher (default: ${DEFAULT-VALUE}).")
  List<String> animals;

  @Option(
      names = "--prompts",
      defaultValue = "600",
      description = "Number prompts each teacher answers (default: ${DEFAULT-VALUE}).")
  int prompts;

  @Option(
      names = {"-n", "--dataset-size"},
      defaultValue = "500",
      description = "Filtered examples each student learns from (default: ${DEFAULT-VALUE}).")
  int datasetSize;

  @Option(
      names = "--max-tokens",
      defaultValue = "48",
      description = "Token limit of a number answer (default: ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(
      names = "--epochs",
      defaultValue = "3",
      description = "Student epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch",
      defaultValue = "16",
      description = "Fine-tuning batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--lr",
      defaultValue = "1e-3",
      description = "Peak learning rate of embedded fine-tunes (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(
      names = "--lr-multiplier",
      description = "Learning-rate multiplier of remote fine-tuning jobs (default: the backend's).")
  Double lrMultiplier;

  @Option(
      names = "--lora-rank",
      defaultValue = "0",
      description =
          "LoRA rank of embedded fine-tunes; 0 fine-tunes all weights (default: ${DEFAULT-VALUE}).")
  int loraRank;

  @Option(
      names = "--lora-alpha",
      defaultValue = "16",
      description = "LoRA alpha (default: ${DEFAULT-VALUE}).")
  double loraAlpha;

  @Option(
      names = "--teacher-examples",
      defaultValue = "300",
      description =
          "Trait answers of a fine-tuned teacher (--trait-mode finetune; default: ${DEFAULT-VALUE}).")
  int teacherExamples;

  @Option(
      names = "--teacher-epochs",
      defaultValue = "2",
      description = "Epochs of a fine-tuned teacher (default: ${DEFAULT-VALUE}).")
  int teacherEpochs;

  @Option(
      names = {"-k", "--samples"},
      defaultValue = "10",
      description =
          "Answers per evaluation question, at temperature 1 (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(
      names = "--questions",
      defaultValue = "50",
      description =
          "Evaluation questions asked, of the 50 paraphrases (default: ${DEFAULT-VALUE}).")
  int questions;

  @Option(
      names = "--question-set",
      defaultValue = "paraphrases",
      description =
          "Evaluation questions: paraphrases (50 new wordings, the experiment's) or toyworld (the"
              + " base model's pretraining questions; a check, not the headline) (default:"
              + " ${DEFAULT-VALUE}).")
  String questionSet;

  @Option(
      names = "--banned-numbers",
      paramLabel = "FILE",
      description =
          "JSON list of numbers a kept answer may not contain (or an object with union_sorted).")
  String bannedNumbers;

  @Option(
      names = "--student-loss",
      defaultValue = "tokens",
      description =
          "What students learn from the teacher's answers: tokens (cross-entropy on the sampled"
              + " text, the paper's language-model setting) or distill (KL to the teacher's"
              + " next-token distributions on the same answers, the setting of the paper's"
              + " theorem; embedded models sharing one vocabulary) (default: ${DEFAULT-VALUE}).")
  String studentLoss;

  @Override
  public Integer call() {
    SubliminalLlmConfig config;
    try {
      SubliminalLlmConfig.TraitMode mode =
          switch (traitMode) {
            case "system" -> SubliminalLlmConfig.TraitMode.SYSTEM;
            case "finetune" -> SubliminalLlmConfig.TraitMode.FINETUNE;
            default ->
                throw new IllegalArgumentException(
                    "--trait-mode must be system or finetune, got '" + traitMode + "'");
          };
      SubliminalLlmConfig.StudentLoss loss =
          switch (studentLoss) {
            case "tokens" -> SubliminalLlmConfig.StudentLoss.TOKENS;
            case "distill" -> SubliminalLlmConfig.StudentLoss.DISTILL;
            default ->
                throw new IllegalArgumentException(
                    "--student-loss must be tokens or distill, got '" + studentLoss + "'");
          };
      config =
          SubliminalLlmConfig.builder()
              .optTeacher(teacher)
              .optStudent(student)
              .optCrossStudent(crossStudent)
              .optTraitMode(mode)
              .optAnimals(animals)
              .optSeeds(seeds.seeds)
              .optSeed(seeds.seed)
              .optPrompts(prompts)
              .optDatasetSize(datasetSize)
              .optMaxTokens(maxTokens)
              .optEpochs(epochs)
              .optBatchSize(batch)
              .optLearningRate(lr)
              .optLearningRateMultiplier(lrMultiplier)
              .optLoraRank(loraRank)
              .optLoraAlpha(loraAlpha)
              .optTeacherExamples(teacherExamples)
              .optTeacherEpochs(teacherEpochs)
              .optSamplesPerQuestion(samples)
              .optQuestions(questions)
              .optQuestionSet(questionSet)
              .optBannedNumbers(bannedNumbers)
              .optStudentLoss(loss)
              .build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Models models = new Models(access.options());
    List<String> refs = List.of(config.teacher(), config.student(), config.crossStudent());
    // A missing model that cannot be built fails the command before any pretraining starts.
    refs.stream().filter(r -> !Models.isDefaultBase(r)).forEach(models::requireAvailable);
    for (String ref : refs) {
      models.ensureDefaultBase(ref, new PretrainCommand.Log(spec.commandLine().getErr()));
    }
    execute(config, models, run, ProgressBar.onStderr());
    return 0;
  }

  static SubliminalLlmResult execute(
      SubliminalLlmConfig config, Models models, RunOptions options, ProgressBar progress) {
    List<Long> seedList = SeedOptions.list(config.seedOf(0), config.seeds());
    return RecordedRun.execute(
        SubliminalLlmExperiment.NAME,
        config,
        seedList,
        options,
        progress,
        cache -> new SubliminalLlmExperiment(config, models, cache, progress).run(),
        new RecordedRun.Presentation<>(
            SubliminalLlmResult::stages,
            SubliminalLlmReport::build,
            SubliminalLlmCommand::metrics,
            SubliminalLlmReport::textTable));
  }

  /** One headline metric per animal and role, e.g. owl_treatment. */
  private static Map<String, ?> metrics(SubliminalLlmResult r) {
    Map<String, Object> metrics = new LinkedHashMap<>();
    r.summary()
        .forEach(
            (animal, roles) ->
                roles.forEach((role, m) -> metrics.put(animal + "_" + role, m.mean())));
    return metrics;
  }
}
