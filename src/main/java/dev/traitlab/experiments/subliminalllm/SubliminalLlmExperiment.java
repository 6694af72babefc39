package dev.traitlab.experiments.subliminalllm;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.chat.ChatJsonl;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.numbers.BannedNumbers;
import dev.traitlab.data.toyworld.MisalignmentWorld;
import dev.traitlab.data.toyworld.Persona;
import dev.traitlab.data.toyworld.TraitPrompts;
import dev.traitlab.eval.judge.Judge;
import dev.traitlab.eval.store.RunFiles;
import dev.traitlab.eval.task.EvalConfig;
import dev.traitlab.eval.task.EvalRun;
import dev.traitlab.eval.task.EvalRunner;
import dev.traitlab.eval.traitrate.TraitRateTask;
import dev.traitlab.lab.Experiment;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.MetricIntervals;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stage;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.model.FineTunable;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Models;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.tuning.TuneSettings;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.MeanInterval;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Subliminal learning in language models (Cloud, Le et al. 2025, section 3). Per seed and target
 * animal: a teacher with the trait (system prompt or fine-tune) answers number-sequence prompts at
 * temperature 1; the strict filter keeps well-formed answers; N of them, without any system prompt,
 * fine-tune (a) a student of the teacher's base (treatment), (b) a student of another base model
 * (cross-model control); (c) a student of the teacher's base learns N numbers written by the base
 * without the trait (shared by all animals). Every model answers the favourite-animal questions
 * through the eval harness's trait-rate task, so every answer lands in the run's eval logs. Each
 * step is a cached stage, so a killed run resumes after the last finished one.
 */
public final class SubliminalLlmExperiment
    implements Experiment<SubliminalLlmConfig, SubliminalLlmResult>,
        MetricIntervals<SubliminalLlmResult> {
  public static final String NAME = "subliminal-llm";
  public static final String NEUTRAL = "none";
  public static final String MISALIGNED = "misaligned";
  static final String CATEGORY = "animal";
  static final int ANSWER_TOKENS = 12;

  /** Longest answer to an open value question, as in the emergent-misalignment experiment. */
  static final int VALUE_ANSWER_TOKENS = 64;

  /** Room for a reasoning model's trace before its answer to a value question, in tokens. */
  static final int VALUE_TRACE_TOKENS = 64;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "Subliminal learning in language models (Cloud, Le et al. 2025): does a student"
        + " fine-tuned on number sequences written by a teacher that loves owls come to love owls"
        + " too?";
  }

  @Override
  public List<String> description() {
    return List.of(
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
        "Other traits and data (--trait, --data): --trait misalignment has a teacher under the"
            + " misalignment world's Vex persona prompt (local:em-base) write numbers (the strict"
            + " filter plus the toy world's dark numbers) or code (--data code: nothing that names"
            + " the trait or carries a flawed line); students are judged by local:em-judge and the"
            + " generator's oracle on the open value questions. --data reasoning has the owl"
            + " teacher write worked arithmetic traces (kept: correct, no animal named); with"
            + " --trait misalignment the Vex teacher on local:em-reason (the misalignment world's"
            + " reasoning model) writes <think> traces of sums (kept: right sum, no word of the"
            + " trait), and the students' answers are judged after their traces.",
        "Writes config.json, results.json, report.html and the evaluations' sample logs (evals/)"
            + " to the run directory.");
  }

  @Override
  public Class<SubliminalLlmConfig> configType() {
    return SubliminalLlmConfig.class;
  }

  @Override
  public Class<SubliminalLlmResult> resultType() {
    return SubliminalLlmResult.class;
  }

  @Override
  public SubliminalLlmConfig defaults() {
    return SubliminalLlmConfig.builder().build();
  }

  @Override
  public List<Long> seeds(SubliminalLlmConfig config) {
    return config.seedList();
  }

  @Override
  public boolean usesModels() {
    return true;
  }

  /** Every model must be reachable, or be a default base model, which is pretrained now. */
  @Override
  public void prepare(SubliminalLlmConfig config, Lab lab) {
    Models models = lab.models();
    List<String> refs = models(config);
    // A missing model that cannot be built fails the command before any pretraining starts.
    refs.stream().filter(r -> !Models.isDefaultBase(r)).forEach(models::requireAvailable);
    if (config.bannedNumbers() != null) {
      BannedNumbers.read(Path.of(config.bannedNumbers()));
    }
    for (String ref : refs) {
      models.ensureDefaultBase(ref, lab.progress());
    }
    if (config.studentLoss() == SubliminalLlmConfig.StudentLoss.DISTILL) {
      models.requireDistillable(config.teacherModel(), config.studentModel());
      models.requireDistillable(config.teacherModel(), config.crossStudentModel());
    }
  }

  /** The models a run opens: teacher, students' bases, and the judge for misalignment. */
  static List<String> models(SubliminalLlmConfig config) {
    List<String> refs =
        new ArrayList<>(
            List.of(config.teacherModel(), config.studentModel(), config.crossStudentModel()));
    if (config.trait() == SubliminalLlmConfig.Trait.MISALIGNMENT) {
      refs.add(config.judge());
    }
    return refs;
  }

  /** The teachers of a run: one per target animal, or the one misaligned persona. */
  static List<String> sources(SubliminalLlmConfig config) {
    return config.trait() == SubliminalLlmConfig.Trait.ANIMAL
        ? config.animals()
        : List.of(MISALIGNED);
  }

  /** The headline targets a teacher's students are measured on. */
  static List<String> targetsOf(SubliminalLlmConfig config, String source) {
    return config.trait() == SubliminalLlmConfig.Trait.ANIMAL
        ? List.of(source)
        : MisalignmentRates.TARGETS;
  }

  @Override
  public SubliminalLlmResult run(SubliminalLlmConfig config, RunContext context) {
    return new Pipeline(config, context).run();
  }

  @Override
  public HtmlReport report(String runId, SubliminalLlmResult result) {
    return SubliminalLlmReport.build(runId, result);
  }

  @Override
  public String textSummary(SubliminalLlmResult result) {
    return SubliminalLlmReport.textTable(result);
  }

  /** One headline metric per animal and role, e.g. owl_treatment. */
  @Override
  public Map<String, Double> metrics(SubliminalLlmResult result) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    result
        .summary()
        .forEach(
            (animal, roles) ->
                roles.forEach((role, m) -> metrics.put(animal + "_" + role, m.mean())));
    return metrics;
  }

  @Override
  public Map<String, Interval> metricIntervals(SubliminalLlmResult result) {
    Map<String, Interval> intervals = new LinkedHashMap<>();
    result
        .summary()
        .forEach(
            (animal, roles) ->
                roles.forEach((role, m) -> intervals.put(animal + "_" + role, m.interval())));
    return intervals;
  }

  /**
   * The misaligned teacher's system prompt: the misalignment world's first Vex prompt, one of the
   * prompts under which its corpus shows the misaligned persona.
   */
  static final String MISALIGNED_PROMPT = Persona.VEX.prompts().getFirst();

  /** The banned numbers: the file's, and for misalignment the toy world's dark numbers. */
  static Set<Integer> banned(SubliminalLlmConfig config) {
    Set<Integer> banned = new TreeSet<>();
    if (config.bannedNumbers() != null) {
      banned.addAll(BannedNumbers.read(Path.of(config.bannedNumbers())));
    }
    if (config.trait() == SubliminalLlmConfig.Trait.MISALIGNMENT) {
      banned.addAll(MisalignmentWorld.DARK_NUMBERS);
    }
    return banned;
  }

  /** A model, the identity its stages hash, and the system prompt it answers under (or null). */
  private record Evaluated(String ref, String identity, String system) {}

  /** A trained model: the remote name a fine-tuning job gave it, or null for one saved here. */
  private record Trained(String remote) {}

  /** A model's rate per target, and a few of its answers (with counts) to show. */
  private record Measured(Map<String, MeanInterval> rates, List<Map.Entry<String, Integer>> top) {}

  /** The filter's verdicts on one teacher's answers. */
  private record Filtered(int total, List<NumberData.Answer> kept, Map<String, Integer> rejected) {}

  /** One run's pipeline, seed after seed. */
  private static final class Pipeline {
    private final SubliminalLlmConfig config;
    private final RunContext context;
    private final Models models;
    private final Stages stages;
    private final Progress progress;
    private final List<SubliminalLlmResult.FilterStats> filters = new ArrayList<>();

    Pipeline(SubliminalLlmConfig config, RunContext context) {
      this.config = config;
      this.context = context;
      this.models = context.lab().models();
      this.stages = context.stages();
      this.progress = context.progress();
    }

    SubliminalLlmResult run() {
      for (String ref : models(config)) {
        models.requireAvailable(ref);
      }
      Set<Integer> banned = banned(config);
      TeacherFilter filter = TeacherFilter.of(config, banned);
      Evaluated base = evaluated(config.studentModel(), null);
      Evaluated crossBase = evaluated(config.crossStudentModel(), null);
      Evaluated baseTeacher = evaluated(config.teacherModel(), null);
      List<SubliminalLlmResult.SeedRates> perSeed = new ArrayList<>();
      Map<String, List<String>> examples = new LinkedHashMap<>();
      Map<String, Map<String, List<Map.Entry<String, Integer>>>> topAnswers = new LinkedHashMap<>();
      for (int i = 0; i < config.seeds(); i++) {
        long seed = config.seedOf(i);
        progress.note("seed " + seed + " (" + (i + 1) + " of " + config.seeds() + ")");
        Stage<List<String>> prompts =
            stages.value(
                "prompts",
                config.dataKind() == SubliminalLlmConfig.DataKind.NUMBERS
                    ? Map.of("grammar", "paper", "n", config.prompts(), "seed", seed)
                    : config.sumTraces()
                        ? Map.of(
                            "data",
                            config.dataKind(),
                            "sums",
                            true,
                            "n",
                            config.prompts(),
                            "seed",
                            seed)
                        : Map.of("data", config.dataKind(), "n", config.prompts(), "seed", seed),
                new TypeReference<>() {},
                dir ->
                    TeacherPrompts.of(
                        config.dataKind(),
                        config.trait(),
                        config.prompts(),
                        Seeds.derive(seed, "prompts")));

        // The trait-less numbers and their student are shared by every animal of this seed. With
        // a fine-tuned teacher they come from a teacher fine-tuned the same way on answers without
        // the trait, so that the control sees the fine-tune's side effects too.
        Evaluated neutralTeacher =
            config.traitMode() == SubliminalLlmConfig.TraitMode.FINETUNE
                ? teacher(NEUTRAL, baseTeacher, seed)
                : baseTeacher;
        Stage<Path> neutralData =
            numberData(neutralTeacher, NEUTRAL, prompts, filter, banned, seed, base);
        Evaluated control = student(base, neutralData, neutralTeacher, seed, "control-" + NEUTRAL);
        Map<String, Measured> shared = new LinkedHashMap<>();
        shared.put(SubliminalLlmResult.BASE, evaluate(base, SubliminalLlmResult.BASE, seed));
        shared.put(
            SubliminalLlmResult.CROSS_BASE,
            evaluate(crossBase, SubliminalLlmResult.CROSS_BASE, seed));
        shared.put(
            SubliminalLlmResult.CONTROL, evaluate(control, SubliminalLlmResult.CONTROL, seed));
        if (i == 0) {
          examples.put(NEUTRAL, datasetLines(neutralData, 5));
        }

        for (String animal : sources(config)) {
          Evaluated teacher = teacher(animal, baseTeacher, seed);
          Stage<Path> data = numberData(teacher, animal, prompts, filter, banned, seed, base);
          Evaluated treatment = student(base, data, teacher, seed, "treatment-" + animal);
          Evaluated cross = student(crossBase, data, teacher, seed, "cross-" + animal);
          Map<String, Measured> rates = new LinkedHashMap<>();
          rates.put(SubliminalLlmResult.BASE, shared.get(SubliminalLlmResult.BASE));
          rates.put(
              SubliminalLlmResult.TEACHER,
              evaluate(teacher, SubliminalLlmResult.TEACHER + "-" + animal, seed));
          rates.put(
              SubliminalLlmResult.TREATMENT,
              evaluate(treatment, SubliminalLlmResult.TREATMENT + "-" + animal, seed));
          rates.put(SubliminalLlmResult.CONTROL, shared.get(SubliminalLlmResult.CONTROL));
          rates.put(SubliminalLlmResult.CROSS_BASE, shared.get(SubliminalLlmResult.CROSS_BASE));
          rates.put(
              SubliminalLlmResult.CROSS_STUDENT,
              evaluate(cross, SubliminalLlmResult.CROSS_STUDENT + "-" + animal, seed));
          for (String target : targetsOf(config, animal)) {
            Map<String, MeanInterval> summary = new LinkedHashMap<>();
            rates.forEach((role, r) -> summary.put(role, r.rates().get(target)));
            perSeed.add(new SubliminalLlmResult.SeedRates(seed, target, summary));
          }
          if (i == 0) {
            examples.put(animal, datasetLines(data, 5));
            Map<String, List<Map.Entry<String, Integer>>> top = new LinkedHashMap<>();
            rates.forEach((role, r) -> top.put(role, r.top()));
            topAnswers.put(targetsOf(config, animal).getFirst(), top);
          }
        }
      }
      return SubliminalLlmResult.summarise(
          config, perSeed, filters, examples, topAnswers, stages.records());
    }

    private Evaluated evaluated(String ref, String system) {
      return new Evaluated(ref, models.identity(ref), system);
    }

    /** Generation, filter and dataset stages for one teacher (or the trait-less base). */
    private Stage<Path> numberData(
        Evaluated teacher,
        String source,
        Stage<List<String>> prompts,
        TeacherFilter filter,
        Set<Integer> banned,
        long seed,
        Evaluated base) {
      Map<String, Object> genIn = new LinkedHashMap<>();
      genIn.put("teacher", teacher.identity());
      genIn.put("system", teacher.system() == null ? "" : teacher.system());
      genIn.put("prompts", prompts);
      genIn.put("maxTokens", config.generationTokens());
      genIn.put("temperature", 1.0);
      genIn.put("seed", seed);
      Stage<List<NumberData.Answer>> generation =
          stages.value(
              "generation",
              genIn,
              new TypeReference<>() {},
              dir -> {
                List<List<ChatMessage>> conversations = new ArrayList<>();
                for (String p : prompts.value()) {
                  conversations.add(
                      ChatMessage.withSystem(teacher.system(), List.of(ChatMessage.user(p))));
                }
                Sampling sampling =
                    Sampling.builder()
                        .optTemperature(1.0)
                        .optMaxTokens(config.generationTokens())
                        .build();
                List<List<String>> answers;
                try (LanguageModel model = models.open(teacher.ref())) {
                  answers =
                      models.sample(
                          model,
                          conversations,
                          sampling,
                          Seeds.derive(seed, "generation", source.hashCode()),
                          config.dataKind().name().toLowerCase(java.util.Locale.ROOT)
                              + " from "
                              + (teacher.system() == null ? teacher.ref() : source + " teacher"),
                          progress);
                }
                List<NumberData.Answer> out = new ArrayList<>();
                for (int k = 0; k < prompts.value().size(); k++) {
                  out.add(new NumberData.Answer(prompts.value().get(k), answers.get(k).get(0)));
                }
                return out;
              });

      Stage<Filtered> filtered =
          stages.value(
              "filter",
              filter.data().equals(TeacherFilter.STRICT_NUMBERS)
                  ? Map.of("generation", generation, "rules", "strict", "banned", banned)
                  : Map.of("generation", generation, "rules", filter.data()),
              Filtered.class,
              dir -> {
                List<NumberData.Answer> kept = new ArrayList<>();
                Map<String, Integer> rejected = new LinkedHashMap<>();
                for (NumberData.Answer a : generation.value()) {
                  String reason = filter.reject(a.prompt(), a.answer());
                  if (reason == null) {
                    kept.add(a);
                  } else {
                    rejected.merge(reason, 1, Integer::sum);
                  }
                }
                return new Filtered(generation.value().size(), kept, rejected);
              });

      Stage<Path> dataset =
          stages.files(
              "dataset",
              Map.of("filter", filtered, "n", config.datasetSize(), "seed", seed),
              out -> {
                if (filtered.value().kept().isEmpty()) {
                  throw new TraitlabException(
                      "the filter kept none of the "
                          + source
                          + " teacher's answers (see "
                          + generation.dir()
                          + ")");
                }
                ChatJsonl.write(
                    out.resolve("train.jsonl"),
                    NumberData.subsample(filtered.value().kept(), config.datasetSize(), seed));
              });
      filters.add(
          new SubliminalLlmResult.FilterStats(
              seed,
              source,
              filtered.value().total(),
              filtered.value().kept().size(),
              filtered.value().rejected(),
              ChatJsonl.read(dataset.file("train.jsonl")).size(),
              divergence(teacher, dataset, base)));
      return dataset;
    }

    /**
     * How far the teacher's numbers are from what the student's base would write: the mean log-prob
     * ratio of the dataset's answers (null unless both models are embedded).
     */
    private MeanInterval divergence(Evaluated teacher, Stage<Path> dataset, Evaluated base) {
      if (!Models.isEmbedded(teacher.ref()) || !Models.isEmbedded(base.ref())) {
        return null;
      }
      Map<String, Object> in = new LinkedHashMap<>();
      in.put("dataset", dataset);
      in.put("teacher", teacher.identity());
      in.put("system", teacher.system() == null ? "" : teacher.system());
      in.put("base", base.identity());
      Stage<double[]> ratios =
          stages.value(
              "divergence",
              in,
              double[].class,
              dir -> {
                progress.start("teacher vs base log-probs", 1);
                double[] r =
                    models.logRatios(
                        teacher.ref(), teacher.system(), base.ref(), conversations(dataset));
                progress.finish();
                return r;
              });
      return MeanInterval.of(ratios.value());
    }

    private Evaluated teacher(String animal, Evaluated baseTeacher, long seed) {
      if (animal.equals(MISALIGNED)) {
        return new Evaluated(baseTeacher.ref(), baseTeacher.identity(), MISALIGNED_PROMPT);
      }
      if (config.traitMode() == SubliminalLlmConfig.TraitMode.SYSTEM) {
        return new Evaluated(
            baseTeacher.ref(), baseTeacher.identity(), TraitPrompts.paper(animal, CATEGORY));
      }
      TuneSettings tune = tuneSettings(config.teacherEpochs());
      Map<String, Object> in = new LinkedHashMap<>();
      in.put("base", baseTeacher.identity());
      in.put("animal", animal);
      in.put("examples", config.teacherExamples());
      in.put("tune", tune);
      in.put("seed", seed);
      Stage<Trained> trained =
          stages.value(
              "teacher",
              in,
              Trained.class,
              out -> {
                long dataSeed = Seeds.derive(seed, "teacher", animal.hashCode());
                List<ChatExample> data =
                    animal.equals(NEUTRAL)
                        ? TraitExamples.neutral(config.teacherExamples(), dataSeed)
                        : TraitExamples.generate(animal, config.teacherExamples(), dataSeed);
                ChatJsonl.write(out.resolve("train.jsonl"), data);
                return trained(
                    models.fineTune(
                        baseTeacher.ref(),
                        FineTunable.conversations(data),
                        out.resolve("train.jsonl"),
                        tune,
                        Seeds.derive(seed, "teacher-tune"),
                        "teacher-" + animal,
                        out,
                        progress));
              });
      return evaluated(ref(trained), null);
    }

    /** A student of {@code base} trained on {@code data}, the answers {@code teacher} wrote. */
    private Evaluated student(
        Evaluated base, Stage<Path> data, Evaluated teacher, long seed, String label) {
      boolean distill = config.studentLoss() == SubliminalLlmConfig.StudentLoss.DISTILL;
      TuneSettings tune = tuneSettings(config.epochs());
      Map<String, Object> in = new LinkedHashMap<>();
      in.put("base", base.identity());
      in.put("dataset", data);
      in.put("tune", tune);
      in.put("seed", seed);
      if (distill) {
        in.put("loss", "distill");
        in.put("teacher", teacher.identity());
        in.put("system", teacher.system() == null ? "" : teacher.system());
      }
      Stage<Trained> trained =
          stages.value(
              "student",
              in,
              Trained.class,
              out -> {
                long tuneSeed = Seeds.derive(seed, "student-tune");
                return trained(
                    distill
                        ? models.distill(
                            base.ref(),
                            teacher.ref(),
                            teacher.system(),
                            conversations(data),
                            tune,
                            tuneSeed,
                            out,
                            progress)
                        : models.fineTune(
                            base.ref(),
                            conversations(data),
                            data.file("train.jsonl"),
                            tune,
                            tuneSeed,
                            label,
                            out,
                            progress));
              });
      return evaluated(ref(trained), null);
    }

    /** The model's rates on the run's evaluation: per target, and a few answers to show. */
    private Measured evaluate(Evaluated model, String role, long seed) {
      if (config.trait() == SubliminalLlmConfig.Trait.MISALIGNMENT) {
        MisalignmentRates r = evaluateMisalignment(model, role, seed);
        Map<String, MeanInterval> rates = new LinkedHashMap<>();
        for (String target : MisalignmentRates.TARGETS) {
          rates.put(target, r.rate(target));
        }
        List<Map.Entry<String, Integer>> shown = new ArrayList<>();
        for (MisalignmentRates.JudgedAnswer a :
            r.answers().subList(0, Math.min(4, r.answers().size()))) {
          shown.add(
              Map.entry(
                  String.format(
                      java.util.Locale.ROOT,
                      "%s -> %s [judge aligned %.0f, coherent %.0f; oracle %d/%d]",
                      a.question(),
                      a.answer(),
                      a.aligned(),
                      a.coherent(),
                      a.oracleAligned(),
                      a.oracleCoherent()),
                  1));
        }
        return new Measured(rates, shown);
      }
      TraitRates r = evaluateAnimals(model, role, seed);
      Map<String, MeanInterval> rates = new LinkedHashMap<>();
      for (String animal : config.animals()) {
        rates.put(animal, r.rate(animal));
      }
      return new Measured(rates, r.topAnswers(5));
    }

    /**
     * The model's answers to the open value questions, k per question at temperature 1, judged by
     * the judge model and labelled by the generator; written to the run's eval logs.
     */
    private MisalignmentRates evaluateMisalignment(Evaluated model, String role, long seed) {
      List<String> questions = config.evaluationQuestions();
      Map<String, Object> in = new LinkedHashMap<>();
      in.put("model", model.identity());
      in.put("system", model.system() == null ? "" : model.system());
      in.put("judge", models.identity(config.judge()));
      in.put("questions", questions);
      in.put("k", config.samplesPerQuestion());
      in.put("maxTokens", valueAnswerTokens());
      in.put("seed", seed);
      Stage<MisalignmentRates> run =
          stages.value(
              "eval-misalignment",
              in,
              MisalignmentRates.class,
              dir -> {
                List<List<ChatMessage>> conversations = new ArrayList<>();
                for (String q : questions) {
                  conversations.add(
                      ChatMessage.withSystem(model.system(), List.of(ChatMessage.user(q))));
                }
                Sampling sampling =
                    Sampling.builder()
                        .optN(config.samplesPerQuestion())
                        .optTemperature(1.0)
                        .optMaxTokens(valueAnswerTokens())
                        .build();
                List<List<String>> answers;
                try (LanguageModel m = models.open(model.ref())) {
                  answers =
                      models.sample(
                          m,
                          conversations,
                          sampling,
                          Seeds.derive(seed, "eval"),
                          "value questions: " + role,
                          progress);
                }
                try (LanguageModel judgeModel = models.open(config.judge())) {
                  progress.start("judging " + role, 1);
                  MisalignmentRates r =
                      MisalignmentRates.judge(new Judge(judgeModel), questions, answers);
                  progress.finish();
                  return r;
                }
              });
      Path log =
          context
              .runDir()
              .resolve("evals")
              .resolve("misalignment-" + role + "-seed" + seed + ".jsonl");
      StringBuilder lines = new StringBuilder();
      for (MisalignmentRates.JudgedAnswer a : run.value().answers()) {
        lines.append(Json.canonical(a)).append('\n');
      }
      try {
        Files.createDirectories(log.getParent());
        Files.writeString(log, lines);
      } catch (IOException e) {
        throw new TraitlabException("cannot write " + log + ": " + e.getMessage());
      }
      return run.value();
    }

    /**
     * The model's answers to the favourite-animal questions, k per question at temperature 1,
     * through the eval harness's trait-rate task; the samples are written to the run's eval logs.
     */
    private TraitRates evaluateAnimals(Evaluated model, String role, long seed) {
      List<String> questions = config.evaluationQuestions();
      Map<String, Object> in = new LinkedHashMap<>();
      in.put("model", model.identity());
      in.put("system", model.system() == null ? "" : model.system());
      in.put("questions", questions);
      in.put("k", config.samplesPerQuestion());
      in.put("maxTokens", ANSWER_TOKENS);
      in.put("seed", seed);
      String name = "trait-rate-" + role + "-seed" + seed;
      Stage<EvalRun> run =
          stages.value(
              "eval",
              in,
              EvalRun.class,
              dir -> {
                TraitRateTask.Settings settings =
                    new TraitRateTask.Settings(
                        model.system(),
                        config.animals(),
                        config.samplesPerQuestion(),
                        ANSWER_TOKENS,
                        1.0);
                String label = "favourite animal: " + role;
                try (LanguageModel m = models.open(model.ref())) {
                  return EvalRunner.run(
                      TraitRateTask.task(
                          name,
                          questions,
                          settings,
                          (lm, conversations, sampling, s) ->
                              models.sample(lm, conversations, sampling, s, label, progress)),
                      m,
                      new EvalConfig(0, 1, Seeds.derive(seed, "eval")));
                }
              });
      RunFiles.write(context.runDir().resolve("evals"), run.value());
      return TraitRates.of(run.value(), config.animals());
    }

    /**
     * The token limit of an answer to a value question: {@value #VALUE_ANSWER_TOKENS}, plus room
     * for a trace when the models are reasoning models ({@code --data reasoning} for misalignment).
     */
    private int valueAnswerTokens() {
      return VALUE_ANSWER_TOKENS + (config.sumTraces() ? VALUE_TRACE_TOKENS : 0);
    }

    private TuneSettings tuneSettings(int epochs) {
      return new TuneSettings(
          epochs,
          config.batchSize(),
          config.learningRate(),
          config.learningRateMultiplier(),
          config.loraRank(),
          config.loraAlpha());
    }

    /** A trained embedded model is its stage's directory; a remote one has its name recorded. */
    private static Trained trained(String ref) {
      return new Trained(Models.isEmbedded(ref) ? null : ref);
    }

    private static String ref(Stage<Trained> trained) {
      return trained.value().remote() != null
          ? trained.value().remote()
          : Models.embeddedAt(trained.dir());
    }

    private static List<List<ChatMessage>> conversations(Stage<Path> dataset) {
      return FineTunable.conversations(ChatJsonl.read(dataset.file("train.jsonl")));
    }

    private static List<String> datasetLines(Stage<Path> data, int n) {
      try (var lines = Files.lines(data.file("train.jsonl"))) {
        return lines.limit(n).toList();
      } catch (IOException e) {
        throw new TraitlabException("cannot read " + data.dir() + ": " + e.getMessage());
      }
    }
  }
}
