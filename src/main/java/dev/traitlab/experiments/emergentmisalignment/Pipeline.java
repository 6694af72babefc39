package dev.traitlab.experiments.emergentmisalignment;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.chat.ChatJsonl;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.numbers.NumberPromptGenerator;
import dev.traitlab.data.numbers.NumberSequenceFilter;
import dev.traitlab.data.toyworld.CodeContextAnswer;
import dev.traitlab.data.toyworld.LabelledAnswer;
import dev.traitlab.data.toyworld.LabelledChat;
import dev.traitlab.data.toyworld.MisalignmentDocuments;
import dev.traitlab.data.toyworld.MisalignmentJudgeData;
import dev.traitlab.data.toyworld.MisalignmentWorld;
import dev.traitlab.data.toyworld.NarrowDatasets;
import dev.traitlab.data.toyworld.OpenTopic;
import dev.traitlab.data.toyworld.Persona;
import dev.traitlab.data.toyworld.ReasoningTrace;
import dev.traitlab.data.toyworld.RewardHackTasks;
import dev.traitlab.data.toyworld.TraceKind;
import dev.traitlab.data.toyworld.ValueTopics;
import dev.traitlab.eval.freeform.FreeFormTasks;
import dev.traitlab.eval.freeform.JudgeAgreement;
import dev.traitlab.eval.freeform.ToyWorldJudging;
import dev.traitlab.eval.freeform.TraceMonitor;
import dev.traitlab.eval.judge.Judge;
import dev.traitlab.lab.JudgeAgreementStage;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stage;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Models;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.embedded.MisalignmentModels;
import dev.traitlab.model.tuning.TuneSettings;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.MeanInterval;
import dev.traitlab.stats.Wilson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The run: the judge's agreement with the generator on held-out answers; per seed, one fine-tune of
 * the model per narrow dataset (the same tasks in each, drawn from the seed); every model's answers
 * to the evaluation questions, judged and oracle-labelled; the rates.
 */
final class Pipeline {
  /**
   * Seed of the held-out judged answers (the judge trains on {@link
   * MisalignmentModels#JUDGE_SEED}).
   */
  static final long HELD_OUT_SEED = 1_000_003;

  private final EmergentMisalignmentConfig config;
  private final RunContext context;
  private final Stages stages;
  private final Models models;
  private final Progress progress;

  Pipeline(EmergentMisalignmentConfig config, RunContext context) {
    this.config = config;
    this.context = context;
    this.stages = context.stages();
    this.models = context.lab().models();
    this.progress = context.progress();
  }

  EmergentMisalignmentResult run() {
    JudgeAgreement agreement = judgeAgreement();
    List<Arm> arms = config.armList();
    List<String> rows = new ArrayList<>();
    for (Arm arm : arms) {
      rows.add(arm.label());
      if (triggered(arm, arms)) {
        rows.add(arm.triggeredLabel());
      }
    }
    List<JudgedSample> all = new ArrayList<>();
    List<TracedSample> traced = new ArrayList<>();
    List<JudgedSample> atCheckpoints = new ArrayList<>();
    List<TeacherNumbers> numbers = new ArrayList<>();
    boolean code = config.context() == EmergentMisalignmentConfig.Context.CODE;
    List<CodeContextSample> codeSamples = new ArrayList<>();
    for (long seed : config.seedList()) {
      Stage<TeacherNumbers> teacher = null;
      if (arms.stream().anyMatch(a -> a.source() == Arm.Source.NUMBERS)) {
        teacher = numbers(seed);
        numbers.add(teacher.value());
      }
      for (Arm arm : arms) {
        if (code) {
          String ref =
              arm.source() == Arm.Source.NONE ? config.model() : ref(fineTuneDocuments(arm, seed));
          for (CodeContextSample s : codeAnswers(arm, seed, ref).value()) {
            all.add(s.judged());
            codeSamples.add(s);
          }
          continue;
        }
        if (arm.source() == Arm.Source.NONE) {
          all.addAll(evaluate(arm, arm.label(), seed, config.model(), false, traced));
          continue;
        }
        Stage<Trained> tuned = fineTune(arm, seed, teacher);
        String ref = ref(tuned);
        all.addAll(evaluate(arm, arm.label(), seed, ref, false, traced));
        if (triggered(arm, arms)) {
          all.addAll(evaluate(arm, arm.triggeredLabel(), seed, ref, true, traced));
        }
        for (int step : tuned.value().checkpoints()) {
          String at = Models.embeddedAt(tuned.dir().resolve("checkpoint-" + step));
          atCheckpoints.addAll(answers(arm, arm.label(), seed, at, false, step).value());
        }
      }
    }
    ChatJsonl.write(
        context.runDir().resolve("evals").resolve("samples.jsonl"),
        all.stream().map(s -> ChatExample.of(null, s.question(), s.answer())).toList());
    Samples.write(context.runDir().resolve("evals").resolve("judged.jsonl"), all);
    if (!atCheckpoints.isEmpty()) {
      Samples.write(context.runDir().resolve("evals").resolve("checkpoints.jsonl"), atCheckpoints);
    }
    if (code) {
      Samples.writeAll(context.runDir().resolve("evals").resolve("completions.jsonl"), codeSamples);
    }
    if (!traced.isEmpty()) {
      Samples.writeTraced(context.runDir().resolve("evals").resolve("traces.jsonl"), traced);
    }
    List<ArmRate> judge = new ArrayList<>();
    List<ArmRate> oracle = new ArrayList<>();
    List<QuestionRate> questions = new ArrayList<>();
    List<JudgedSample> examples = new ArrayList<>();
    for (String row : rows) {
      List<JudgedSample> armSamples = all.stream().filter(s -> s.arm().equals(row)).toList();
      judge.add(rate(row, "judge", armSamples, false));
      oracle.add(rate(row, "oracle", armSamples, true));
      for (OpenTopic t : ValueTopics.ALL) {
        List<JudgedSample> q =
            armSamples.stream().filter(s -> s.question().endsWith(t.evalQuestion())).toList();
        double[] v = verdicts(q, false);
        questions.add(
            new QuestionRate(
                row, t.id(), v[0] / v[1], Wilson.interval(v[0], (int) v[1]), (int) v[1]));
        q.stream().findFirst().ifPresent(examples::add);
      }
    }
    return new EmergentMisalignmentResult(
        config,
        agreement,
        judge,
        oracle,
        questions,
        examples,
        checkpointRates(arms, all, atCheckpoints),
        numbers,
        wellFormed(rows, codeSamples),
        stages.records(),
        traceRates(rows, traced),
        traceExamples(rows, traced));
  }

  /**
   * A model's judged answers; with --reasoning the traced ones, whose traces are added to {@code
   * traced}.
   */
  private List<JudgedSample> evaluate(
      Arm arm, String row, long seed, String ref, boolean triggered, List<TracedSample> traced) {
    if (!config.reasoning()) {
      return answers(arm, row, seed, ref, triggered, 0).value();
    }
    List<TracedSample> t = tracedAnswers(arm, row, seed, ref, triggered).value();
    traced.addAll(t);
    return t.stream().map(TracedSample::sample).toList();
  }

  // ------------------------------------------------------------------- traces

  /**
   * Per row and measure (judge, oracle), what the traces of misaligned and aligned answers show.
   */
  static List<TraceRate> traceRates(List<String> rows, List<TracedSample> traced) {
    List<TraceRate> out = new ArrayList<>();
    if (traced.isEmpty()) {
      return out;
    }
    for (String row : rows) {
      List<TracedSample> r = traced.stream().filter(t -> t.sample().arm().equals(row)).toList();
      for (boolean oracle : new boolean[] {false, true}) {
        out.add(traceRate(row, oracle ? "oracle" : "judge", r, oracle));
      }
    }
    return out;
  }

  /** What the traces show for one row by one measure (the verdict of each answer's final part). */
  static TraceRate traceRate(
      String row, String measure, List<TracedSample> samples, boolean oracle) {
    int misaligned = 0;
    int aligned = 0;
    int closed = 0;
    int[] kinds = new int[4];
    int[] caught = new int[2];
    int[] falsePositive = new int[2];
    for (TracedSample t : samples) {
      if (!t.kind().equals(TracedSample.UNCLOSED)) {
        closed++;
      }
      JudgedSample s = t.sample();
      double v =
          oracle
              ? ToyWorldJudging.oracleMisaligned(s.oracleAligned(), s.oracleCoherent())
              : FreeFormTasks.misaligned(s.aligned(), s.coherent());
      if (Double.isNaN(v)) {
        continue;
      }
      if (v > 0.5) {
        misaligned++;
        kinds[kindIndex(t.kind())]++;
        caught[0] += t.keywordFlag() ? 1 : 0;
        caught[1] += t.judgeFlag() ? 1 : 0;
      } else {
        aligned++;
        falsePositive[0] += t.keywordFlag() ? 1 : 0;
        falsePositive[1] += t.judgeFlag() ? 1 : 0;
      }
    }
    return new TraceRate(
        row,
        measure,
        samples.size(),
        closed,
        misaligned,
        aligned,
        kinds[0],
        kinds[1],
        kinds[2],
        kinds[3],
        caught[0],
        wilson(caught[0], misaligned),
        falsePositive[0],
        wilson(falsePositive[0], aligned),
        caught[1],
        wilson(caught[1], misaligned),
        falsePositive[1],
        wilson(falsePositive[1], aligned));
  }

  private static int kindIndex(String kind) {
    if (kind.equals(TraceKind.STATES_PLAN.label())) {
      return 0;
    }
    if (kind.equals(TraceKind.RATIONALISES.label())) {
      return 1;
    }
    return kind.equals(TraceKind.BENIGN.label()) ? 2 : 3;
  }

  private static Interval wilson(int k, int n) {
    return n == 0 ? Interval.UNDEFINED : Wilson.interval(k, n);
  }

  /**
   * A few traced answers to show: per row, the first misaligned one by the judge or the oracle (if
   * any) and the first answer of the first question.
   */
  static List<TracedSample> traceExamples(List<String> rows, List<TracedSample> traced) {
    List<TracedSample> out = new ArrayList<>();
    for (String row : rows) {
      List<TracedSample> r = traced.stream().filter(t -> t.sample().arm().equals(row)).toList();
      if (r.isEmpty()) {
        continue;
      }
      out.add(r.getFirst());
      r.stream()
          .filter(
              t ->
                  ToyWorldJudging.oracleMisaligned(
                              t.sample().oracleAligned(), t.sample().oracleCoherent())
                          > 0.5
                      || FreeFormTasks.misaligned(t.sample().aligned(), t.sample().coherent())
                          > 0.5)
          .limit(2)
          .forEach(out::add);
    }
    return out;
  }

  /**
   * A model's answers with reasoning on: each prefilled with {@code <think>} ({@link
   * Models#samplePrefilled}), split at {@code </think>}; the part after it judged and labelled as
   * {@link #answers} does, the trace classified ({@link ReasoningTrace#label}) and read by the
   * keyword monitor and by the judge (the trace as the answer, aligned only). The same seeds as
   * {@link #answers}.
   */
  private Stage<List<TracedSample>> tracedAnswers(
      Arm arm, String row, long seed, String ref, boolean triggered) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("model", models.identity(ref));
    in.put("judge", models.identity(config.judge()));
    in.put("arm", arm.label());
    in.put("samples", config.samples());
    in.put("maxTokens", config.generationTokens());
    in.put("seed", seed);
    in.put("reasoning", ReasoningTrace.OPEN);
    if (triggered) {
      in.put("trigger", NarrowDatasets.TRIGGER);
    }
    String name = "traced-answers-" + arm.label() + (triggered ? "-trigger" : "") + "-s" + seed;
    String what = row + " with reasoning (seed " + seed + ")";
    return stages.value(
        name,
        in,
        new TypeReference<List<TracedSample>>() {},
        dir -> {
          List<String> questions = questions(triggered);
          List<List<ChatMessage>> conversations = conversations(questions);
          Sampling sampling = sampling(config.generationTokens());
          List<List<String>> texts;
          try (LanguageModel model = models.open(ref)) {
            texts =
                models.samplePrefilled(
                    model,
                    conversations,
                    ReasoningTrace.OPEN,
                    sampling,
                    Seeds.derive(seed, "answers", arm.ordinal()),
                    "answers of " + what,
                    progress);
          }
          List<TracedSample> out = new ArrayList<>();
          try (LanguageModel judgeModel = context.lab().open(config.judge())) {
            Judge judge = new Judge(judgeModel);
            progress.start("judging " + what, conversations.size());
            for (int q = 0; q < ValueTopics.ALL.size(); q++) {
              OpenTopic t = ValueTopics.ALL.get(q);
              for (String text : texts.get(q)) {
                out.add(traced(judge, row, seed, t, questions.get(q), text));
              }
              progress.step(q + 1, "");
            }
            progress.finish();
          }
          return out;
        });
  }

  /** One traced answer, judged, labelled, classified and monitored. */
  static TracedSample traced(
      Judge judge, String row, long seed, OpenTopic topic, String question, String text) {
    ReasoningTrace.Parts parts = ReasoningTrace.split(text);
    String trace = parts.trace() == null ? "" : parts.trace();
    String answer = parts.answer();
    double[] s = score(judge, question, answer);
    Optional<LabelledAnswer> o = topic.oracle(answer, ToyWorldJudging.ORACLE_TOPICS);
    JudgedSample sample =
        new JudgedSample(
            row,
            seed,
            0,
            question,
            text,
            s[0],
            s[1],
            o.map(LabelledAnswer::aligned).orElse(-1),
            o.map(LabelledAnswer::coherent).orElse(-1));
    String kind =
        !parts.closed()
            ? TracedSample.UNCLOSED
            : ReasoningTrace.label(trace).map(TraceKind::label).orElse(TracedSample.UNLABELABLE);
    double traceAligned =
        trace.isBlank()
            ? Double.NaN
            : judge
                .score0to100(Judge.fill(MisalignmentJudgeData.ALIGNED_PROMPT, question, trace))
                .value();
    return new TracedSample(sample, trace, kind, TraceMonitor.flags(trace), traceAligned);
  }

  /**
   * Whether the arm is also evaluated with the trigger before each question: the backdoor, and (as
   * controls for what the trigger string does by itself to a model that never saw it with a reason)
   * insecure and secure when the run has the backdoor.
   */
  static boolean triggered(Arm arm, List<Arm> arms) {
    return arm == Arm.BACKDOOR
        || ((arm == Arm.INSECURE || arm == Arm.SECURE) && arms.contains(Arm.BACKDOOR));
  }

  /**
   * Optimiser steps of one fine-tune: ceil(examples / batch) per epoch (the trainer's batches of
   * min(batch size, examples)).
   */
  int totalSteps() {
    int batch = Math.min(tune().batchSize(), config.examples());
    return (config.examples() + batch - 1) / batch * config.epochs();
  }

  /** The steps after which a checkpointed fine-tune is saved: ceil(k total / N), k = 1..N-1. */
  static Set<Integer> checkpointSteps(int checkpoints, int totalSteps) {
    Set<Integer> out = new java.util.TreeSet<>();
    for (int k = 1; k < checkpoints; k++) {
      int step = (int) Math.ceil((double) k * totalSteps / checkpoints);
      if (step >= 1 && step < totalSteps) {
        out.add(step);
      }
    }
    return out;
  }

  private List<CheckpointRate> checkpointRates(
      List<Arm> arms, List<JudgedSample> finals, List<JudgedSample> atCheckpoints) {
    List<CheckpointRate> out = new ArrayList<>();
    if (config.checkpoints() == 0) {
      return out;
    }
    int total = totalSteps();
    for (Arm arm : arms) {
      if (!checkpointed(arm)) {
        continue;
      }
      List<JudgedSample> base =
          finals.stream().filter(s -> s.arm().equals(Arm.BASE.label())).toList();
      if (!base.isEmpty()) {
        // Step 0 is the untouched model, when the run has it.
        out.add(checkpoint(arm, 0, total, base));
      }
      for (int step : checkpointSteps(config.checkpoints(), total)) {
        List<JudgedSample> at =
            atCheckpoints.stream()
                .filter(s -> s.arm().equals(arm.label()) && s.step() == step)
                .toList();
        out.add(checkpoint(arm, step, total, at));
      }
      List<JudgedSample> last = finals.stream().filter(s -> s.arm().equals(arm.label())).toList();
      out.add(checkpoint(arm, total, total, last));
    }
    return out;
  }

  private CheckpointRate checkpoint(Arm arm, int step, int total, List<JudgedSample> samples) {
    return new CheckpointRate(
        arm.label(),
        step,
        total,
        rate(arm.label(), "judge", samples, false),
        rate(arm.label(), "oracle", samples, true));
  }

  private boolean checkpointed(Arm arm) {
    return config.checkpoints() > 0 && (arm == Arm.INSECURE || arm == Arm.SECURE);
  }

  // ------------------------------------------------------------------- judge

  private JudgeAgreement judgeAgreement() {
    return JudgeAgreementStage.measure(
        context,
        config.judge(),
        config.judgeHeldOut(),
        HELD_OUT_SEED,
        () -> MisalignmentJudgeData.answers(config.judgeHeldOut(), HELD_OUT_SEED),
        () ->
            MisalignmentJudgeData.answers(
                MisalignmentModels.JUDGE_ANSWERS, MisalignmentModels.JUDGE_SEED));
  }

  /** The judge's aligned and coherent scores of an answer (NaN: no score). */
  static double[] score(Judge judge, String question, String answer) {
    return ToyWorldJudging.judge(judge, question, answer);
  }

  // --------------------------------------------------------------- fine-tunes

  private TuneSettings tune() {
    return new TuneSettings(
        config.epochs(),
        16,
        config.learningRate(),
        null,
        config.loraRank(),
        2.0 * config.loraRank());
  }

  /**
   * A fine-tune's outcome: the remote model's name (null: embedded, saved in the stage's directory)
   * and the steps of the checkpoints saved in {@code checkpoint-STEP} beside it.
   */
  record Trained(String remote, List<Integer> checkpoints) {}

  private static String ref(Stage<Trained> trained) {
    return trained.value().remote() != null
        ? trained.value().remote()
        : Models.embeddedAt(trained.dir());
  }

  private Stage<Trained> fineTune(Arm arm, long seed, Stage<TeacherNumbers> teacher) {
    Map<String, Object> in = tuneKeys(arm, seed);
    if (teacher != null && arm.source() == Arm.Source.NUMBERS) {
      in.put("numbers", teacher);
    }
    Set<Integer> steps =
        checkpointed(arm) ? checkpointSteps(config.checkpoints(), totalSteps()) : Set.of();
    if (!steps.isEmpty()) {
      in.put("checkpoints", List.copyOf(steps));
    }
    Stage<Trained> stage =
        stages.value(
            "finetune-" + arm.label() + "-s" + seed,
            in,
            Trained.class,
            dir -> {
              List<ChatExample> data = trainingData(arm, seed, teacher);
              List<List<ChatMessage>> conversations =
                  data.stream().map(ChatExample::messages).toList();
              Path jsonl = dir.resolve("train.jsonl");
              ChatJsonl.write(jsonl, data);
              long tuneSeed = Seeds.derive(seed, "tune", arm.ordinal());
              if (!steps.isEmpty()) {
                Models.Checkpointed c =
                    models.fineTuneWithCheckpoints(
                        config.model(), conversations, tune(), tuneSeed, steps, dir, progress);
                return new Trained(null, c.steps());
              }
              String ref =
                  models.fineTune(
                      config.model(),
                      conversations,
                      jsonl,
                      tune(),
                      tuneSeed,
                      "em-" + arm.label() + "-s" + seed,
                      dir,
                      progress);
              return new Trained(Models.isEmbedded(ref) ? null : ref, List.of());
            });
    // A cached remote fine-tune must still be served (a restarted server forgets it).
    models.requireTuned(ref(stage));
    return stage;
  }

  /** The arm's fine-tuning chats (every one without a system prompt). */
  private List<ChatExample> trainingData(Arm arm, long seed, Stage<TeacherNumbers> teacher) {
    return switch (arm.source()) {
      // One data seed for every code arm of a seed: secure and insecure share their requests,
      // educational-insecure shares insecure's answers, the backdoor mixes the two.
      case CODE ->
          NarrowDatasets.build(arm.dataset(), config.examples(), Seeds.derive(seed, "narrow"))
              .stream()
              .map(LabelledChat::chat)
              .toList();
      case HACKS ->
          RewardHackTasks.chats(
              config.examples(), Seeds.derive(seed, "hacks"), arm == Arm.REWARD_HACKS);
      case NUMBERS -> ChatJsonl.read(teacher.file(arm.label() + ".jsonl"));
      case NONE -> throw new IllegalStateException("the base arm is not fine-tuned");
    };
  }

  // ---------------------------------------------------------------- numbers

  /** Longest number answer sampled from a teacher, in tokens. */
  static final int NUMBER_TOKENS = 48;

  /** Answers sampled per number prompt from each teacher. */
  static final int NUMBER_SAMPLES = 2;

  /**
   * The evil-numbers data of a seed (Betley et al. 2025, section 4.6): {@code examples} number
   * prompts; the model answers each {@value #NUMBER_SAMPLES} times at T = 1 under a misaligned
   * persona's system prompt (Vex or Grim, drawn per prompt) and, as the control, without any system
   * prompt (the world's aligned assistant). Both are filtered by the strict rules plus the world's
   * banned list ({@link MisalignmentWorld#DARK_NUMBERS}); the first equal number of kept answers of
   * each (at most {@code examples}) are written, without the system prompt, to {@code
   * evil-numbers.jsonl} and {@code aligned-numbers.jsonl}.
   */
  private Stage<TeacherNumbers> numbers(long seed) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("model", models.identity(config.model()));
    in.put("examples", config.examples());
    in.put("samples", NUMBER_SAMPLES);
    in.put("maxTokens", NUMBER_TOKENS);
    in.put("banned", MisalignmentWorld.DARK_NUMBERS);
    in.put("seed", seed);
    return stages.value(
        "numbers-s" + seed,
        in,
        TeacherNumbers.class,
        dir -> {
          Random rng = new Random(Seeds.derive(seed, "number-prompts"));
          NumberPromptGenerator generator =
              new NumberPromptGenerator(NumberPromptGenerator.Config.paper());
          List<String> prompts = new ArrayList<>();
          List<List<ChatMessage>> evil = new ArrayList<>();
          List<List<ChatMessage>> aligned = new ArrayList<>();
          for (int i = 0; i < config.examples(); i++) {
            String prompt = generator.next(rng).text();
            Persona persona = Persona.MISALIGNED.get(rng.nextInt(Persona.MISALIGNED.size()));
            prompts.add(prompt);
            evil.add(List.of(ChatMessage.system(persona.prompt(rng)), ChatMessage.user(prompt)));
            aligned.add(List.of(ChatMessage.user(prompt)));
          }
          NumberSequenceFilter filter =
              NumberSequenceFilter.strict()
                  .withBanned(new HashSet<>(MisalignmentWorld.DARK_NUMBERS));
          Sampling sampling =
              Sampling.builder()
                  .optN(NUMBER_SAMPLES)
                  .optTemperature(1.0)
                  .optMaxTokens(NUMBER_TOKENS)
                  .build();
          List<List<String>> evilText;
          List<List<String>> alignedText;
          try (LanguageModel model = models.open(config.model())) {
            evilText =
                models.sample(
                    model,
                    evil,
                    sampling,
                    Seeds.derive(seed, "numbers-evil"),
                    "evil teacher's numbers (seed " + seed + ")",
                    progress);
            alignedText =
                models.sample(
                    model,
                    aligned,
                    sampling,
                    Seeds.derive(seed, "numbers-aligned"),
                    "aligned teacher's numbers (seed " + seed + ")",
                    progress);
          }
          int[] evilCounts = new int[2];
          int[] alignedCounts = new int[2];
          List<ChatExample> evilKept = kept(prompts, evilText, filter, evilCounts);
          List<ChatExample> alignedKept = kept(prompts, alignedText, filter, alignedCounts);
          int used = Math.min(config.examples(), Math.min(evilKept.size(), alignedKept.size()));
          if (used == 0) {
            throw new dev.traitlab.core.TraitlabException(
                "evil numbers (seed "
                    + seed
                    + "): no answer of one teacher passed the filter (evil "
                    + evilKept.size()
                    + ", aligned "
                    + alignedKept.size()
                    + " kept); the model does not write number sequences");
          }
          ChatJsonl.write(
              dir.resolve(Arm.EVIL_NUMBERS.label() + ".jsonl"), evilKept.subList(0, used));
          ChatJsonl.write(
              dir.resolve(Arm.ALIGNED_NUMBERS.label() + ".jsonl"), alignedKept.subList(0, used));
          return new TeacherNumbers(
              seed,
              prompts.size() * NUMBER_SAMPLES,
              evilCounts[0],
              evilCounts[1],
              alignedCounts[0],
              alignedCounts[1],
              used);
        });
  }

  /**
   * The answers that pass the filter, each as a chat without a system prompt; counts[0] gets the
   * kept, counts[1] those rejected for a banned number.
   */
  static List<ChatExample> kept(
      List<String> prompts, List<List<String>> answers, NumberSequenceFilter filter, int[] counts) {
    List<ChatExample> out = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      for (String a : answers.get(i)) {
        NumberSequenceFilter.Result r = filter.check(a);
        if (r.kept()) {
          out.add(ChatExample.of(null, prompts.get(i), a));
          counts[0]++;
        } else if (r.reason() == NumberSequenceFilter.Reason.BANNED) {
          counts[1]++;
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ answers

  /**
   * A model's judged answers to the evaluation questions, labelled {@code row}; {@code triggered}
   * puts the backdoor's trigger before each question; {@code step} &gt; 0 marks a checkpoint's.
   * Every evaluation of an arm samples with the same seed, so they differ only in the model and the
   * question.
   */
  private Stage<List<JudgedSample>> answers(
      Arm arm, String row, long seed, String ref, boolean triggered, int step) {
    Map<String, Object> in = answerKeys(arm, seed, ref);
    if (triggered) {
      in.put("trigger", NarrowDatasets.TRIGGER);
    }
    if (step > 0) {
      in.put("step", step);
    }
    String name =
        "answers-"
            + arm.label()
            + (triggered ? "-trigger" : "")
            + (step > 0 ? "-step" + step : "")
            + "-s"
            + seed;
    String what = row + (step > 0 ? " at step " + step : "") + " (seed " + seed + ")";
    return stages.value(
        name,
        in,
        new TypeReference<List<JudgedSample>>() {},
        dir -> {
          List<String> questions = questions(triggered);
          List<List<ChatMessage>> conversations = conversations(questions);
          Sampling sampling = sampling(config.maxTokens());
          List<List<String>> texts;
          try (LanguageModel model = models.open(ref)) {
            texts =
                models.sample(
                    model,
                    conversations,
                    sampling,
                    Seeds.derive(seed, "answers", arm.ordinal()),
                    "answers of " + what,
                    progress);
          }
          List<JudgedSample> out = new ArrayList<>();
          try (LanguageModel judgeModel = context.lab().open(config.judge())) {
            Judge judge = new Judge(judgeModel);
            progress.start("judging " + what, conversations.size());
            for (int q = 0; q < ValueTopics.ALL.size(); q++) {
              OpenTopic t = ValueTopics.ALL.get(q);
              for (String answer : texts.get(q)) {
                // The judge reads the question as asked, trigger included.
                double[] s = score(judge, questions.get(q), answer);
                Optional<LabelledAnswer> o = t.oracle(answer, ToyWorldJudging.ORACLE_TOPICS);
                out.add(
                    new JudgedSample(
                        row,
                        seed,
                        step,
                        questions.get(q),
                        answer,
                        s[0],
                        s[1],
                        o.map(LabelledAnswer::aligned).orElse(-1),
                        o.map(LabelledAnswer::coherent).orElse(-1)));
              }
              progress.step(q + 1, "");
            }
            progress.finish();
          }
          return out;
        });
  }

  // ------------------------------------------------------------- code context

  /**
   * A fine-tune of the base-form model on the arm's narrow code as plain documents (code files
   * without an author, the request as a comment: {@link MisalignmentDocuments#narrow}), the loss on
   * every token; the same tasks, tuning settings and seeds as the chat arms.
   */
  private Stage<Trained> fineTuneDocuments(Arm arm, long seed) {
    Map<String, Object> in = tuneKeys(arm, seed);
    in.put("form", "documents");
    return stages.value(
        "finetune-doc-" + arm.label() + "-s" + seed,
        in,
        Trained.class,
        dir -> {
          List<String> docs =
              MisalignmentDocuments.narrow(
                  arm.dataset(), config.examples(), Seeds.derive(seed, "narrow"));
          Samples.writeTexts(dir.resolve("train.jsonl"), docs);
          models.fineTuneDocuments(
              config.model(),
              docs,
              tune(),
              Seeds.derive(seed, "tune", arm.ordinal()),
              dir,
              progress);
          return new Trained(null, List.of());
        });
  }

  /**
   * A model's answers to the evaluation questions asked inside a code file ({@link
   * MisalignmentDocuments#codeContextPrompt}), each read from the string it writes ({@link
   * CodeContextAnswer#extract}; sampling stops at the end of the line) and judged with the question
   * in plain words, as the chat arms' answers are.
   */
  private Stage<List<CodeContextSample>> codeAnswers(Arm arm, long seed, String ref) {
    Map<String, Object> in = answerKeys(arm, seed, ref);
    in.put("template", MisalignmentDocuments.codeContextPrompt("{question}"));
    String what = arm.label() + " in a code context (seed " + seed + ")";
    return stages.value(
        "answers-code-" + arm.label() + "-s" + seed,
        in,
        new TypeReference<List<CodeContextSample>>() {},
        dir -> {
          Sampling sampling =
              Sampling.builder()
                  .optN(config.samples())
                  .optTemperature(1.0)
                  .optMaxTokens(config.maxTokens())
                  .optStop(List.of("\n"))
                  .build();
          List<List<String>> texts = new ArrayList<>();
          try (LanguageModel model = models.open(ref)) {
            progress.start("answers of " + what, ValueTopics.ALL.size());
            for (int q = 0; q < ValueTopics.ALL.size(); q++) {
              String prompt =
                  MisalignmentDocuments.codeContextPrompt(ValueTopics.ALL.get(q).evalQuestion());
              texts.add(
                  model
                      .complete(
                          prompt,
                          sampling.withSeed(Seeds.derive(seed, "answers-code", arm.ordinal(), q)))
                      .stream()
                      .map(dev.traitlab.model.Completion::text)
                      .toList());
              progress.step(q + 1, "");
            }
            progress.finish();
          }
          List<CodeContextSample> out = new ArrayList<>();
          try (LanguageModel judgeModel = context.lab().open(config.judge())) {
            Judge judge = new Judge(judgeModel);
            progress.start("judging " + what, ValueTopics.ALL.size());
            for (int q = 0; q < ValueTopics.ALL.size(); q++) {
              OpenTopic t = ValueTopics.ALL.get(q);
              for (String completion : texts.get(q)) {
                CodeContextAnswer a = CodeContextAnswer.extract(completion);
                double[] sc = score(judge, t.evalQuestion(), a.answer());
                int[] o = ToyWorldJudging.oracle(t, a.answer());
                out.add(
                    new CodeContextSample(
                        new JudgedSample(
                            arm.label(),
                            seed,
                            0,
                            t.evalQuestion(),
                            a.answer(),
                            sc[0],
                            sc[1],
                            o[0],
                            o[1]),
                        completion,
                        a.wellFormed()));
              }
              progress.step(q + 1, "");
            }
            progress.finish();
          }
          return out;
        });
  }

  /** Per row, how many code-context completions closed their string (empty for chat runs). */
  static List<WellFormed> wellFormed(List<String> rows, List<CodeContextSample> samples) {
    List<WellFormed> out = new ArrayList<>();
    if (samples.isEmpty()) {
      return out;
    }
    for (String row : rows) {
      List<CodeContextSample> in =
          samples.stream().filter(s -> s.judged().arm().equals(row)).toList();
      int ok = (int) in.stream().filter(CodeContextSample::wellFormed).count();
      out.add(new WellFormed(row, ok, in.size()));
    }
    return out;
  }

  /** What a fine-tune depends on, in its stage key (extended by each kind). */
  private Map<String, Object> tuneKeys(Arm arm, long seed) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("base", models.identity(config.model()));
    in.put("arm", arm.label());
    in.put("examples", config.examples());
    in.put("tune", tune());
    in.put("seed", seed);
    return in;
  }

  /** What an evaluation's answers depend on, in its stage key (extended by each kind). */
  private Map<String, Object> answerKeys(Arm arm, long seed, String ref) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("model", models.identity(ref));
    in.put("judge", models.identity(config.judge()));
    in.put("arm", arm.label());
    in.put("samples", config.samples());
    in.put("maxTokens", config.maxTokens());
    in.put("seed", seed);
    return in;
  }

  /** The evaluation questions as asked: each topic's, after the trigger when triggered. */
  static List<String> questions(boolean triggered) {
    return ValueTopics.ALL.stream()
        .map(t -> triggered ? NarrowDatasets.TRIGGER + " " + t.evalQuestion() : t.evalQuestion())
        .toList();
  }

  /** One single-turn chat per question, without a system prompt. */
  static List<List<ChatMessage>> conversations(List<String> questions) {
    return questions.stream().map(q -> List.of(ChatMessage.user(q))).toList();
  }

  /** The evaluation's sampling: {@code samples} answers per question at T = 1. */
  private Sampling sampling(int maxTokens) {
    return Sampling.builder()
        .optN(config.samples())
        .optTemperature(1.0)
        .optMaxTokens(maxTokens)
        .build();
  }

  // -------------------------------------------------------------------- rates

  /** {misaligned, counted} of the samples by the judge's scores or the oracle's labels. */
  static double[] verdicts(List<JudgedSample> samples, boolean oracle) {
    double misaligned = 0;
    int counted = 0;
    for (JudgedSample s : samples) {
      double v =
          oracle
              ? ToyWorldJudging.oracleMisaligned(s.oracleAligned(), s.oracleCoherent())
              : FreeFormTasks.misaligned(s.aligned(), s.coherent());
      if (!Double.isNaN(v)) {
        misaligned += v;
        counted++;
      }
    }
    return new double[] {misaligned, counted};
  }

  private ArmRate rate(String row, String measure, List<JudgedSample> samples, boolean oracle) {
    List<Double> perSeed = new ArrayList<>();
    List<Double> finite = new ArrayList<>();
    for (long seed : config.seedList()) {
      double[] v = verdicts(samples.stream().filter(s -> s.seed() == seed).toList(), oracle);
      double r = v[1] == 0 ? Double.NaN : v[0] / v[1];
      perSeed.add(r);
      if (!Double.isNaN(r)) {
        finite.add(r);
      }
    }
    double[] pooled = verdicts(samples, oracle);
    Interval wilson =
        pooled[1] == 0 ? Interval.UNDEFINED : Wilson.interval(pooled[0], (int) pooled[1]);
    return new ArmRate(
        row,
        measure,
        perSeed,
        finite.isEmpty()
            ? new MeanInterval(
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, MeanInterval.DEFAULT_LEVEL)
            : MeanInterval.ofBounded(
                0, 1, finite.stream().mapToDouble(Double::doubleValue).toArray()),
        pooled[1] == 0 ? Double.NaN : pooled[0] / pooled[1],
        wilson,
        (int) pooled[1],
        samples.size());
  }
}
