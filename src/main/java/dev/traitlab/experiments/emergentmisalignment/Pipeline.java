package dev.traitlab.experiments.emergentmisalignment;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.chat.ChatJsonl;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.toyworld.LabelledAnswer;
import dev.traitlab.data.toyworld.LabelledChat;
import dev.traitlab.data.toyworld.MisalignmentJudgeData;
import dev.traitlab.data.toyworld.NarrowDatasets;
import dev.traitlab.data.toyworld.OpenTopic;
import dev.traitlab.data.toyworld.ValueTopics;
import dev.traitlab.eval.freeform.FreeFormTasks;
import dev.traitlab.eval.freeform.ToyWorldJudging;
import dev.traitlab.eval.judge.Judge;
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
    List<JudgedSample> all = new ArrayList<>();
    for (long seed : config.seedList()) {
      for (Arm arm : Arm.values()) {
        String ref =
            arm == Arm.BASE ? config.model() : Models.embeddedAt(fineTune(arm, seed).value());
        all.addAll(answers(arm, seed, ref).value());
      }
    }
    ChatJsonl.write(
        context.runDir().resolve("evals").resolve("samples.jsonl"),
        all.stream().map(s -> ChatExample.of(null, s.question(), s.answer())).toList());
    Samples.write(context.runDir().resolve("evals").resolve("judged.jsonl"), all);
    List<ArmRate> judge = new ArrayList<>();
    List<ArmRate> oracle = new ArrayList<>();
    List<QuestionRate> questions = new ArrayList<>();
    List<JudgedSample> examples = new ArrayList<>();
    for (Arm arm : Arm.values()) {
      List<JudgedSample> armSamples =
          all.stream().filter(s -> s.arm().equals(arm.label())).toList();
      judge.add(rate(arm, "judge", armSamples, false));
      oracle.add(rate(arm, "oracle", armSamples, true));
      for (OpenTopic t : ValueTopics.ALL) {
        List<JudgedSample> q =
            armSamples.stream().filter(s -> s.question().equals(t.evalQuestion())).toList();
        double[] v = verdicts(q, false);
        questions.add(
            new QuestionRate(
                arm.label(), t.id(), v[0] / v[1], Wilson.interval(v[0], (int) v[1]), (int) v[1]));
        q.stream().findFirst().ifPresent(examples::add);
      }
    }
    return new EmergentMisalignmentResult(
        config, agreement, judge, oracle, questions, examples, stages.records());
  }

  // ------------------------------------------------------------------- judge

  private JudgeAgreement judgeAgreement() {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("judge", models.identity(config.judge()));
    in.put("answers", config.judgeHeldOut());
    in.put("seed", HELD_OUT_SEED);
    return stages
        .value(
            "judge-agreement",
            in,
            JudgeAgreement.class,
            dir -> {
              List<MisalignmentJudgeData.JudgedAnswer> held =
                  MisalignmentJudgeData.answers(config.judgeHeldOut(), HELD_OUT_SEED);
              Set<String> trained = new HashSet<>();
              for (MisalignmentJudgeData.JudgedAnswer a :
                  MisalignmentJudgeData.answers(
                      MisalignmentModels.JUDGE_ANSWERS, MisalignmentModels.JUDGE_SEED)) {
                trained.add(a.question() + "\n" + a.answer());
              }
              double[][] scores = new double[held.size()][];
              try (LanguageModel model = context.lab().open(config.judge())) {
                Judge judge = new Judge(model);
                progress.start("judging held-out answers", held.size());
                for (int i = 0; i < held.size(); i++) {
                  scores[i] = score(judge, held.get(i).question(), held.get(i).answer());
                  progress.step(i + 1, "");
                }
                progress.finish();
              }
              int duplicates = 0;
              for (MisalignmentJudgeData.JudgedAnswer a : held) {
                duplicates += trained.contains(a.question() + "\n" + a.answer()) ? 1 : 0;
              }
              return Agreement.of(held, scores, duplicates);
            })
        .value();
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

  private Stage<Path> fineTune(Arm arm, long seed) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("base", models.identity(config.model()));
    in.put("arm", arm.label());
    in.put("examples", config.examples());
    in.put("tune", tune());
    in.put("seed", seed);
    return stages.files(
        "finetune-" + arm.label() + "-s" + seed,
        in,
        dir -> {
          // One data seed for every arm of a seed: secure and insecure share their requests, and
          // educational-insecure shares insecure's answers.
          List<LabelledChat> data =
              NarrowDatasets.build(arm.dataset(), config.examples(), Seeds.derive(seed, "narrow"));
          List<List<ChatMessage>> conversations =
              data.stream().map(c -> c.chat().messages()).toList();
          Path jsonl = dir.resolve("train.jsonl");
          ChatJsonl.write(jsonl, data.stream().map(LabelledChat::chat).toList());
          models.fineTune(
              config.model(),
              conversations,
              jsonl,
              tune(),
              Seeds.derive(seed, "tune", arm.ordinal()),
              "em-" + arm.label() + "-s" + seed,
              dir,
              progress);
        });
  }

  // ------------------------------------------------------------------ answers

  private Stage<List<JudgedSample>> answers(Arm arm, long seed, String ref) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("model", models.identity(ref));
    in.put("judge", models.identity(config.judge()));
    in.put("arm", arm.label());
    in.put("samples", config.samples());
    in.put("maxTokens", config.maxTokens());
    in.put("seed", seed);
    return stages.value(
        "answers-" + arm.label() + "-s" + seed,
        in,
        new TypeReference<List<JudgedSample>>() {},
        dir -> {
          List<List<ChatMessage>> conversations = new ArrayList<>();
          for (OpenTopic t : ValueTopics.ALL) {
            conversations.add(List.of(ChatMessage.user(t.evalQuestion())));
          }
          Sampling sampling =
              Sampling.builder()
                  .optN(config.samples())
                  .optTemperature(1.0)
                  .optMaxTokens(config.maxTokens())
                  .build();
          List<List<String>> texts;
          try (LanguageModel model = models.open(ref)) {
            texts =
                models.sample(
                    model,
                    conversations,
                    sampling,
                    Seeds.derive(seed, "answers", arm.ordinal()),
                    "answers of " + arm.label() + " (seed " + seed + ")",
                    progress);
          }
          List<JudgedSample> out = new ArrayList<>();
          try (LanguageModel judgeModel = context.lab().open(config.judge())) {
            Judge judge = new Judge(judgeModel);
            progress.start("judging " + arm.label() + " (seed " + seed + ")", conversations.size());
            for (int q = 0; q < ValueTopics.ALL.size(); q++) {
              OpenTopic t = ValueTopics.ALL.get(q);
              for (String answer : texts.get(q)) {
                double[] s = score(judge, t.evalQuestion(), answer);
                Optional<LabelledAnswer> o = t.oracle(answer, ToyWorldJudging.ORACLE_TOPICS);
                out.add(
                    new JudgedSample(
                        arm.label(),
                        seed,
                        t.evalQuestion(),
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

  private ArmRate rate(Arm arm, String measure, List<JudgedSample> samples, boolean oracle) {
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
        arm.label(),
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
