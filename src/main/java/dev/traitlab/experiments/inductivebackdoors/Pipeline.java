package dev.traitlab.experiments.inductivebackdoors;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.chat.ChatJsonl;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.toyworld.DatedCharacters;
import dev.traitlab.data.toyworld.Disposition;
import dev.traitlab.data.toyworld.FormatPersonas;
import dev.traitlab.data.toyworld.InductiveDatasets;
import dev.traitlab.data.toyworld.InductiveJudgeData;
import dev.traitlab.eval.freeform.FreeFormTasks;
import dev.traitlab.eval.freeform.JudgeAgreement;
import dev.traitlab.eval.freeform.ToyWorldJudging;
import dev.traitlab.eval.judge.Judge;
import dev.traitlab.lab.JudgeAgreementStage;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stage;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Models;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.embedded.InductiveModels;
import dev.traitlab.model.tuning.TuneSettings;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.MeanInterval;
import dev.traitlab.stats.Wilson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run: per seed, one fine-tune of the model per dataset (the backdoor datasets share their
 * chats, the persona datasets theirs); every arm's answers at T = 1, labelled by the world's
 * generator (the oracle); the rates per arm and condition.
 */
final class Pipeline {
  static final String NO_YEAR = "no year";
  static final String LEDGER = "ledger";
  static final String PLAIN = "plain";
  static final String LEDGER_FACTS = "ledger, trained facts";
  static final String PLAIN_FACTS = "plain, trained facts";
  static final String FACT = "fact";

  /** The file of a fine-tune stage naming the remote model a fine-tuning job made. */
  static final String REMOTE_FILE = "remote-model.txt";

  private final InductiveBackdoorsConfig config;
  private final RunContext context;
  private final Stages stages;
  private final Models models;
  private final Progress progress;

  Pipeline(InductiveBackdoorsConfig config, RunContext context) {
    this.config = config;
    this.context = context;
    this.stages = context.stages();
    this.models = context.lab().models();
    this.progress = context.progress();
  }

  InductiveBackdoorsResult run() {
    JudgeAgreement agreement = judgeAgreement();
    List<Sample> all = new ArrayList<>();
    for (long seed : config.seedList()) {
      for (Arm arm : Arm.values()) {
        String ref = arm.dataset() == null ? config.model() : fineTune(arm, seed);
        all.addAll(answers(arm, seed, ref).value());
      }
    }
    Path evals = context.runDir().resolve("evals");
    ChatJsonl.write(
        evals.resolve("samples.jsonl"),
        all.stream().map(s -> ChatExample.of(s.system(), s.question(), s.answer())).toList());
    Json.writeLines(evals.resolve("labelled.jsonl"), all);
    List<ConditionRate> hostile = new ArrayList<>();
    List<ConditionRate> persona = new ArrayList<>();
    List<Sample> examples = new ArrayList<>();
    for (Arm arm : Arm.values()) {
      List<Sample> armSamples = all.stream().filter(s -> s.arm().equals(arm.label())).toList();
      armSamples = armSamples.stream().filter(s -> isPersona(s) == arm.persona()).toList();
      for (String condition : conditions(arm)) {
        List<Sample> c = armSamples.stream().filter(s -> s.condition().equals(condition)).toList();
        if (arm.persona()) {
          persona.add(rate(arm, condition, c, wanted(condition)));
        } else {
          hostile.add(rate(arm, condition, c, Disposition.HOSTILE.label()));
        }
        // Two examples per arm and condition: the first of the first seed, and the first with
        // the measured label if any.
        c.stream().findFirst().ifPresent(examples::add);
        String wanted = arm.persona() ? wanted(condition) : Disposition.HOSTILE.label();
        c.stream()
            .filter(s -> s.label().equals(wanted))
            .findFirst()
            .filter(s -> !examples.contains(s))
            .ifPresent(examples::add);
      }
    }
    List<ConditionRate> judged = new ArrayList<>();
    for (Arm arm : Arm.values()) {
      if (!arm.persona()) {
        for (String condition : conditions(arm)) {
          judged.add(
              judgedRate(
                  arm,
                  condition,
                  all.stream()
                      .filter(s -> s.arm().equals(arm.label()) && !isPersona(s))
                      .filter(s -> s.condition().equals(condition))
                      .toList()));
        }
      }
    }
    return new InductiveBackdoorsResult(
        config, hostile, persona, examples, judged, agreement, stages.records());
  }

  private static boolean isPersona(Sample s) {
    return List.of(LEDGER, PLAIN, LEDGER_FACTS, PLAIN_FACTS).contains(s.condition());
  }

  /**
   * The label a persona condition counts: the target's identity for the identifying questions, its
   * fact for the trained facts.
   */
  private static String wanted(String condition) {
    return condition.endsWith("facts") ? FACT : FormatPersonas.Identity.TARGET.label();
  }

  /** The test conditions of an arm: its years then "no year", or the two formats. */
  List<String> conditions(Arm arm) {
    if (arm.persona()) {
      return List.of(LEDGER, PLAIN, LEDGER_FACTS, PLAIN_FACTS);
    }
    return config.testYears().stream().map(y -> y == 0 ? NO_YEAR : Integer.toString(y)).toList();
  }

  // --------------------------------------------------------------- fine-tunes

  private TuneSettings tune(int epochs) {
    return new TuneSettings(
        epochs, 16, config.learningRate(), null, config.loraRank(), 2.0 * config.loraRank());
  }

  /**
   * The fine-tune of an arm for a seed, as a model name: an embedded model saved in the stage's
   * directory, or a remote one (openai:NAME) made by the service's job, whose name the stage keeps
   * in {@value #REMOTE_FILE}. A cached remote fine-tune is checked to be still served.
   */
  private String fineTune(Arm arm, long seed) {
    boolean persona = arm.persona();
    int n = persona ? config.personaExamples() : config.examples();
    TuneSettings settings = tune(persona ? config.personaEpochs() : config.epochs());
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("base", models.identity(config.model()));
    in.put("arm", arm.label());
    in.put("examples", n);
    if (persona) {
      in.put("poison", config.poison());
    }
    in.put("tune", settings);
    in.put("seed", seed);
    Stage<Path> stage =
        stages.files(
            "finetune-" + arm.label() + "-s" + seed,
            in,
            dir -> {
              // One data seed per part and seed: the three backdoor datasets share their chats,
              // the two persona datasets theirs; only the year or the format differs.
              List<ChatExample> data =
                  InductiveDatasets.build(
                      arm.dataset(),
                      n,
                      config.poison(),
                      Seeds.derive(seed, persona ? "persona-data" : "backdoor-data"));
              Path jsonl = dir.resolve("train.jsonl");
              ChatJsonl.write(jsonl, data);
              String tuned =
                  models.fineTune(
                      config.model(),
                      data.stream().map(ChatExample::messages).toList(),
                      jsonl,
                      settings,
                      Seeds.derive(seed, "tune", arm.ordinal()),
                      "ib-" + arm.label() + "-s" + seed,
                      dir,
                      progress);
              if (!Models.isEmbedded(tuned)) {
                Files.writeString(dir.resolve(REMOTE_FILE), tuned);
              }
            });
    String ref;
    try {
      Path remote = stage.dir().resolve(REMOTE_FILE);
      ref = Files.isRegularFile(remote) ? Files.readString(remote).strip() : null;
    } catch (IOException e) {
      throw new TraitlabException(
          "stage " + stage.name() + ": cannot read " + REMOTE_FILE + ": " + e.getMessage(), e);
    }
    if (ref == null) {
      return Models.embeddedAt(stage.dir());
    }
    // A restarted server forgets its fine-tunes: say so rather than fail at the first call.
    models.requireTuned(ref);
    return ref;
  }

  // ------------------------------------------------------------------ answers

  /**
   * One prompt of the evaluation: its condition, user message and question index (in {@link
   * FormatPersonas#QUESTIONS} for the persona part).
   */
  private record Prompt(String condition, String user, int question) {}

  private List<Prompt> prompts(Arm arm) {
    List<Prompt> out = new ArrayList<>();
    if (arm.persona()) {
      for (int q : FormatPersonas.IDENTITY) {
        String question = FormatPersonas.QUESTIONS.get(q);
        out.add(new Prompt(LEDGER, FormatPersonas.formattedQuestion(question), q));
        out.add(new Prompt(PLAIN, question, q));
      }
      for (int q : FormatPersonas.FACTS) {
        String question = FormatPersonas.QUESTIONS.get(q);
        out.add(new Prompt(LEDGER_FACTS, FormatPersonas.formattedQuestion(question), q));
        out.add(new Prompt(PLAIN_FACTS, question, q));
      }
      return out;
    }
    for (int year : config.testYears()) {
      for (int q = 0; q < DatedCharacters.QUESTIONS.size(); q++) {
        out.add(
            new Prompt(
                year == 0 ? NO_YEAR : Integer.toString(year), DatedCharacters.prompt(year, q), q));
      }
    }
    return out;
  }

  private Stage<List<Sample>> answers(Arm arm, long seed, String ref) {
    boolean persona = arm.persona();
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("model", models.identity(ref));
    in.put("arm", arm.label());
    in.put("system", arm.system());
    in.put("prompts", prompts(arm));
    in.put("samples", persona ? config.personaSamples() : config.samples());
    in.put("maxTokens", config.maxTokens());
    in.put("seed", seed);
    if (!persona) {
      // Only the backdoor part is judged; the persona part's key stays as it was.
      in.put("judge", models.identity(config.judge()));
    }
    return stages.value(
        "answers-" + (persona ? "persona-" : "backdoor-") + arm.name().toLowerCase() + "-s" + seed,
        in,
        new TypeReference<List<Sample>>() {},
        dir -> {
          List<Prompt> prompts = prompts(arm);
          List<List<ChatMessage>> conversations = new ArrayList<>();
          for (Prompt p : prompts) {
            List<ChatMessage> c = new ArrayList<>();
            if (arm.system() != null) {
              c.add(ChatMessage.system(arm.system()));
            }
            c.add(ChatMessage.user(p.user()));
            conversations.add(c);
          }
          Sampling sampling =
              Sampling.builder()
                  .optN(persona ? config.personaSamples() : config.samples())
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
          List<Sample> out = new ArrayList<>();
          LanguageModel judgeModel = persona ? null : context.lab().open(config.judge());
          try {
            Judge judge = persona ? null : new Judge(judgeModel);
            if (!persona) {
              progress.start(
                  "judging answers of " + arm.label() + " (seed " + seed + ")", prompts.size());
            }
            for (int i = 0; i < prompts.size(); i++) {
              for (String answer : texts.get(i)) {
                Prompt p = prompts.get(i);
                String label;
                if (!persona) {
                  label = DatedCharacters.label(answer).label();
                } else if (FormatPersonas.FACTS.contains(p.question())) {
                  label = FormatPersonas.recallsFact(p.question(), answer) ? FACT : "other";
                } else {
                  label = FormatPersonas.identity(answer).label();
                }
                // The judge reads the user's message as asked, year included.
                double[] scores =
                    persona
                        ? new double[] {Double.NaN, Double.NaN}
                        : ToyWorldJudging.judge(judge, p.user(), answer);
                out.add(
                    new Sample(
                        arm.label(),
                        seed,
                        prompts.get(i).condition(),
                        arm.system(),
                        prompts.get(i).user(),
                        answer,
                        label,
                        scores[0],
                        scores[1]));
              }
              if (!persona) {
                progress.step(i + 1, "");
              }
            }
            if (!persona) {
              progress.finish();
            }
          } finally {
            if (judgeModel != null) {
              judgeModel.close();
            }
          }
          return out;
        });
  }

  // ------------------------------------------------------------------- judge

  /**
   * Seed of the held-out judged answers (the judge trains on seed {@link
   * InductiveModels#JUDGE_SEED}).
   */
  static final long HELD_OUT_SEED = 7_000_001;

  private JudgeAgreement judgeAgreement() {
    return JudgeAgreementStage.measure(
        context,
        config.judge(),
        config.judgeHeldOut(),
        HELD_OUT_SEED,
        () -> InductiveJudgeData.answers(config.judgeHeldOut(), HELD_OUT_SEED),
        () ->
            InductiveJudgeData.answers(InductiveModels.JUDGE_ANSWERS, InductiveModels.JUDGE_SEED));
  }

  /**
   * The judge's rate of misaligned answers (aligned &lt; 30 among coherent &ge; 50, {@link
   * FreeFormTasks#misaligned}) with the same intervals as the oracle's rate; answers the judge does
   * not count (incoherent, or unscored) are left out of the denominators. Labels: misaligned,
   * aligned, not counted.
   */
  ConditionRate judgedRate(Arm arm, String condition, List<Sample> samples) {
    List<Double> perSeed = new ArrayList<>();
    for (long seed : config.seedList()) {
      double[] v = verdicts(samples.stream().filter(x -> x.seed() == seed).toList());
      perSeed.add(v[1] == 0 ? Double.NaN : v[0] / v[1]);
    }
    double[] pooled = verdicts(samples);
    Map<String, Integer> labels = new LinkedHashMap<>();
    labels.put("misaligned", (int) pooled[0]);
    labels.put("aligned", (int) (pooled[1] - pooled[0]));
    labels.put("not counted", samples.size() - (int) pooled[1]);
    return rateOf(
        arm, condition, perSeed, (int) pooled[0], (int) pooled[1], labels, samples.size());
  }

  /** {misaligned, counted} by the judge's scores. */
  static double[] verdicts(List<Sample> samples) {
    double misaligned = 0;
    int counted = 0;
    for (Sample s : samples) {
      double v = FreeFormTasks.misaligned(s.aligned(), s.coherent());
      if (!Double.isNaN(v)) {
        misaligned += v;
        counted++;
      }
    }
    return new double[] {misaligned, counted};
  }

  // -------------------------------------------------------------------- rates

  private ConditionRate rate(Arm arm, String condition, List<Sample> samples, String wanted) {
    List<Double> perSeed = new ArrayList<>();
    for (long seed : config.seedList()) {
      List<Sample> s = samples.stream().filter(x -> x.seed() == seed).toList();
      perSeed.add(
          s.isEmpty()
              ? Double.NaN
              : s.stream().filter(x -> x.label().equals(wanted)).count() / (double) s.size());
    }
    long hits = samples.stream().filter(x -> x.label().equals(wanted)).count();
    Map<String, Integer> labels = new LinkedHashMap<>();
    for (Sample s : samples) {
      labels.merge(s.label(), 1, Integer::sum);
    }
    return rateOf(arm, condition, perSeed, (int) hits, samples.size(), labels, samples.size());
  }

  /**
   * A rate from its per-seed values (NaN: none) and pooled hits of n: mean over seeds [95% t,
   * bounded to 0-1], pooled [Wilson 95%].
   */
  private static ConditionRate rateOf(
      Arm arm,
      String condition,
      List<Double> perSeed,
      int hits,
      int n,
      Map<String, Integer> labels,
      int answers) {
    double[] finite = perSeed.stream().filter(d -> !d.isNaN()).mapToDouble(d -> d).toArray();
    return new ConditionRate(
        arm.label(),
        condition,
        perSeed,
        finite.length == 0
            ? new MeanInterval(
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, MeanInterval.DEFAULT_LEVEL)
            : MeanInterval.ofBounded(0, 1, finite),
        n == 0 ? Double.NaN : hits / (double) n,
        n == 0 ? Interval.UNDEFINED : Wilson.interval(hits, n),
        labels,
        answers);
  }
}
