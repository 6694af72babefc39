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
import dev.traitlab.data.numbers.NumberSequenceFilter;
import dev.traitlab.data.toyworld.TraitPrompts;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Message;
import dev.traitlab.model.Models;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.tuning.TuneSettings;
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
 * without the trait (shared by all animals). Every model answers the favourite-animal questions.
 * Each step is a cached stage, so a killed run resumes after the last finished one.
 */
public final class SubliminalLlmExperiment {
  public static final String NAME = "subliminal-llm";
  public static final String NEUTRAL = "none";
  static final String CATEGORY = "animal";
  static final int ANSWER_TOKENS = 12;

  private final SubliminalLlmConfig config;
  private final Models models;
  private final Stages cache;
  private final Progress progress;

  public SubliminalLlmExperiment(
      SubliminalLlmConfig config, Models models, Stages cache, Progress progress) {
    this.config = config;
    this.models = models;
    this.cache = cache;
    this.progress = progress;
  }

  /** A stage's result: its directory and its key (which downstream stages hash in). */
  private record Done(Path dir, String key) {}

  /** A model and the system prompt it is evaluated with (null: none). */
  private record Evaluated(String ref, String identity, String system) {}

  public SubliminalLlmResult run() {
    for (String ref : List.of(config.teacher(), config.student(), config.crossStudent())) {
      models.requireAvailable(ref);
    }
    if (config.studentLoss() == SubliminalLlmConfig.StudentLoss.DISTILL) {
      models.requireDistillable(config.teacher(), config.student());
      models.requireDistillable(config.teacher(), config.crossStudent());
    }
    NumberSequenceFilter filter = NumberSequenceFilter.strict();
    Set<Integer> banned = new TreeSet<>();
    if (config.bannedNumbers() != null) {
      banned.addAll(BannedNumbers.read(Path.of(config.bannedNumbers())));
      filter = filter.withBanned(banned);
    }
    String teacherId = models.identity(config.teacher());
    String studentId = models.identity(config.student());
    String crossId = models.identity(config.crossStudent());
    List<SubliminalLlmResult.SeedRates> perSeed = new ArrayList<>();
    List<SubliminalLlmResult.FilterStats> filters = new ArrayList<>();
    Map<String, List<String>> examples = new LinkedHashMap<>();
    Map<String, Map<String, List<Map.Entry<String, Integer>>>> topAnswers = new LinkedHashMap<>();
    for (int i = 0; i < config.seeds(); i++) {
      long seed = config.seedOf(i);
      progress.note("seed " + seed + " (" + (i + 1) + " of " + config.seeds() + ")");
      Done prompts = promptStage(seed);

      // The trait-less numbers and their student are shared by every animal of this seed. With a
      // fine-tuned teacher they come from a teacher fine-tuned the same way on answers without
      // the trait, so that the control sees the fine-tune's side effects too.
      Evaluated neutralTeacher =
          config.traitMode() == SubliminalLlmConfig.TraitMode.FINETUNE
              ? teacher(NEUTRAL, teacherId, seed)
              : new Evaluated(config.teacher(), teacherId, null);
      Done neutralData =
          numberData(
              neutralTeacher.ref(),
              neutralTeacher.identity(),
              null,
              NEUTRAL,
              prompts,
              filter,
              banned,
              seed,
              filters);
      Evaluated control =
          student(
              config.student(), studentId, neutralData, neutralTeacher, seed, "control-" + NEUTRAL);
      Map<String, TraitRates> shared = new LinkedHashMap<>();
      shared.put(
          SubliminalLlmResult.BASE,
          evaluate(new Evaluated(config.student(), studentId, null), seed));
      shared.put(
          SubliminalLlmResult.CROSS_BASE,
          evaluate(new Evaluated(config.crossStudent(), crossId, null), seed));
      shared.put(SubliminalLlmResult.CONTROL, evaluate(control, seed));
      if (i == 0) {
        examples.put(NEUTRAL, datasetLines(neutralData, 5));
      }

      for (String animal : config.animals()) {
        Evaluated teacher = teacher(animal, teacherId, seed);
        Done data =
            numberData(
                teacher.ref(),
                teacher.identity(),
                teacher.system(),
                animal,
                prompts,
                filter,
                banned,
                seed,
                filters);
        Evaluated treatment =
            student(config.student(), studentId, data, teacher, seed, "treatment-" + animal);
        Evaluated cross =
            student(config.crossStudent(), crossId, data, teacher, seed, "cross-" + animal);
        Map<String, TraitRates> rates = new LinkedHashMap<>();
        rates.put(SubliminalLlmResult.BASE, shared.get(SubliminalLlmResult.BASE));
        rates.put(SubliminalLlmResult.TEACHER, evaluate(teacher, seed));
        rates.put(SubliminalLlmResult.TREATMENT, evaluate(treatment, seed));
        rates.put(SubliminalLlmResult.CONTROL, shared.get(SubliminalLlmResult.CONTROL));
        rates.put(SubliminalLlmResult.CROSS_BASE, shared.get(SubliminalLlmResult.CROSS_BASE));
        rates.put(SubliminalLlmResult.CROSS_STUDENT, evaluate(cross, seed));
        Map<String, MeanInterval> summary = new LinkedHashMap<>();
        rates.forEach((role, r) -> summary.put(role, r.rate(animal)));
        perSeed.add(new SubliminalLlmResult.SeedRates(seed, animal, summary));
        if (i == 0) {
          examples.put(animal, datasetLines(data, 5));
          Map<String, List<Map.Entry<String, Integer>>> top = new LinkedHashMap<>();
          rates.forEach((role, r) -> top.put(role, r.topAnswers(5)));
          topAnswers.put(animal, top);
        }
      }
    }
    return SubliminalLlmResult.summarise(
        config, perSeed, filters, examples, topAnswers, cache.records());
  }

  private Done promptStage(long seed) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("grammar", "paper");
    in.put("n", config.prompts());
    in.put("seed", seed);
    Path dir =
        cache.stage(
            "prompts",
            in,
            out ->
                Json.write(
                    out.resolve("prompts.json"),
                    NumberData.prompts(config.prompts(), Seeds.derive(seed, "prompts"))));
    return new Done(dir, Stages.keyOf("prompts", in));
  }

  /** Generation, filter and dataset stages for one teacher (or the trait-less base). */
  private Done numberData(
      String teacherRef,
      String teacherIdentity,
      String system,
      String source,
      Done prompts,
      NumberSequenceFilter filter,
      Set<Integer> banned,
      long seed,
      List<SubliminalLlmResult.FilterStats> filters) {
    Map<String, Object> genIn = new LinkedHashMap<>();
    genIn.put("teacher", teacherIdentity);
    genIn.put("system", system == null ? "" : system);
    genIn.put("prompts", prompts.key());
    genIn.put("maxTokens", config.maxTokens());
    genIn.put("temperature", 1.0);
    genIn.put("seed", seed);
    Path genDir =
        cache.stage(
            "generation",
            genIn,
            out -> {
              List<String> texts = readStrings(prompts.dir().resolve("prompts.json"));
              List<List<Message>> conversations = new ArrayList<>();
              for (String p : texts) {
                conversations.add(
                    system == null
                        ? List.of(Message.user(p))
                        : List.of(Message.system(system), Message.user(p)));
              }
              Sampling sampling =
                  Sampling.builder().optTemperature(1.0).optMaxTokens(config.maxTokens()).build();
              List<List<String>> answers;
              try (LanguageModel teacher = models.open(teacherRef)) {
                answers =
                    models.sample(
                        teacher,
                        conversations,
                        sampling,
                        Seeds.derive(seed, "generation", source.hashCode()),
                        "numbers from " + (system == null ? teacherRef : source + " teacher"),
                        progress);
              }
              List<NumberData.Answer> out2 = new ArrayList<>();
              for (int k = 0; k < texts.size(); k++) {
                out2.add(new NumberData.Answer(texts.get(k), answers.get(k).get(0)));
              }
              Json.write(out.resolve("answers.json"), out2);
            });
    String genKey = Stages.keyOf("generation", genIn);

    Map<String, Object> filterIn = new LinkedHashMap<>();
    filterIn.put("generation", genKey);
    filterIn.put("rules", "strict");
    filterIn.put("banned", banned);
    Path filterDir =
        cache.stage(
            "filter",
            filterIn,
            out -> {
              NumberData.FilterOutcome outcome =
                  NumberData.filter(readAnswers(genDir.resolve("answers.json")), filter);
              Json.write(out.resolve("kept.json"), outcome.kept());
              Map<String, Object> stats = new LinkedHashMap<>();
              stats.put("total", outcome.total());
              stats.put("kept", outcome.kept().size());
              stats.put("rejected", outcome.rejected());
              Json.write(out.resolve("filter.json"), stats);
            });
    String filterKey = Stages.keyOf("filter", filterIn);

    Map<String, Object> dataIn = new LinkedHashMap<>();
    dataIn.put("filter", filterKey);
    dataIn.put("n", config.datasetSize());
    dataIn.put("seed", seed);
    Path dataDir =
        cache.stage(
            "dataset",
            dataIn,
            out -> {
              List<NumberData.Answer> kept = readAnswers(filterDir.resolve("kept.json"));
              if (kept.isEmpty()) {
                throw new TraitlabException(
                    "the filter kept none of the "
                        + source
                        + " teacher's answers (see "
                        + genDir.resolve("answers.json")
                        + ")");
              }
              ChatJsonl.write(
                  out.resolve("train.jsonl"),
                  NumberData.subsample(kept, config.datasetSize(), seed));
            });
    MeanInterval divergence = divergence(teacherRef, teacherIdentity, system, dataDir, dataIn);
    Map<String, Object> stats = Json.read(filterDir.resolve("filter.json"), Map.class);
    Map<String, Integer> rejected = new LinkedHashMap<>();
    if (stats.get("rejected") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> rejected.put(k.toString(), ((Number) v).intValue()));
    }
    filters.add(
        new SubliminalLlmResult.FilterStats(
            seed,
            source,
            ((Number) stats.get("total")).intValue(),
            ((Number) stats.get("kept")).intValue(),
            rejected,
            ChatJsonl.read(dataDir.resolve("train.jsonl")).size(),
            divergence));
    return new Done(dataDir, Stages.keyOf("dataset", dataIn));
  }

  /**
   * How far the teacher's numbers are from what the student's base would write: the mean log-prob
   * ratio of the dataset's answers (null unless both models are embedded).
   */
  private MeanInterval divergence(
      String teacherRef,
      String teacherIdentity,
      String system,
      Path dataDir,
      Map<String, Object> dataIn) {
    if (!Models.isEmbedded(teacherRef) || !Models.isEmbedded(config.student())) {
      return null;
    }
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("dataset", Stages.keyOf("dataset", dataIn));
    in.put("teacher", teacherIdentity);
    in.put("system", system == null ? "" : system);
    in.put("base", models.identity(config.student()));
    Path dir =
        cache.stage(
            "divergence",
            in,
            out -> {
              List<List<Message>> conversations =
                  conversations(ChatJsonl.read(dataDir.resolve("train.jsonl")));
              progress.start("teacher vs base log-probs", 1);
              double[] ratios =
                  models.logRatios(teacherRef, system, config.student(), conversations);
              progress.finish();
              Json.write(out.resolve("log_ratios.json"), ratios);
            });
    return MeanInterval.of(Json.read(dir.resolve("log_ratios.json"), double[].class));
  }

  private Evaluated teacher(String animal, String teacherId, long seed) {
    if (config.traitMode() == SubliminalLlmConfig.TraitMode.SYSTEM) {
      return new Evaluated(config.teacher(), teacherId, TraitPrompts.paper(animal, CATEGORY));
    }
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("base", teacherId);
    in.put("animal", animal);
    in.put("examples", config.teacherExamples());
    in.put("tune", tuneSettings(config.teacherEpochs()));
    in.put("seed", seed);
    Path dir =
        cache.stage(
            "teacher",
            in,
            out -> {
              long dataSeed = Seeds.derive(seed, "teacher", animal.hashCode());
              List<ChatExample> data =
                  animal.equals(NEUTRAL)
                      ? TraitExamples.neutral(config.teacherExamples(), dataSeed)
                      : TraitExamples.generate(animal, config.teacherExamples(), dataSeed);
              ChatJsonl.write(out.resolve("train.jsonl"), data);
              String ref =
                  models.fineTune(
                      config.teacher(),
                      conversations(data),
                      out.resolve("train.jsonl"),
                      tuneSettings(config.teacherEpochs()),
                      Seeds.derive(seed, "teacher-tune"),
                      "teacher-" + animal,
                      out,
                      progress);
              writeRef(out, ref);
            });
    String ref = readRef(dir);
    return new Evaluated(ref, models.identity(ref), null);
  }

  /** A student of {@code baseRef} trained on {@code data}, the answers {@code teacher} wrote. */
  private Evaluated student(
      String baseRef, String baseId, Done data, Evaluated teacher, long seed, String label) {
    boolean distill = config.studentLoss() == SubliminalLlmConfig.StudentLoss.DISTILL;
    TuneSettings tune = tuneSettings(config.epochs());
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("base", baseId);
    in.put("dataset", data.key());
    in.put("tune", tune);
    in.put("seed", seed);
    if (distill) {
      in.put("loss", "distill");
      in.put("teacher", teacher.identity());
      in.put("system", teacher.system() == null ? "" : teacher.system());
    }
    Path dir =
        cache.stage(
            "student",
            in,
            out -> {
              Path jsonl = data.dir().resolve("train.jsonl");
              List<List<Message>> conversations = conversations(ChatJsonl.read(jsonl));
              long tuneSeed = Seeds.derive(seed, "student-tune");
              String ref =
                  distill
                      ? models.distill(
                          baseRef,
                          teacher.ref(),
                          teacher.system(),
                          conversations,
                          tune,
                          tuneSeed,
                          out,
                          progress)
                      : models.fineTune(
                          baseRef, conversations, jsonl, tune, tuneSeed, label, out, progress);
              writeRef(out, ref);
            });
    String ref = readRef(dir);
    return new Evaluated(ref, models.identity(ref), null);
  }

  private TraitRates evaluate(Evaluated model, long seed) {
    List<String> questions = config.evaluationQuestions();
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("model", model.identity());
    in.put("system", model.system() == null ? "" : model.system());
    in.put("questions", questions);
    in.put("k", config.samplesPerQuestion());
    in.put("maxTokens", ANSWER_TOKENS);
    in.put("seed", seed);
    Path dir =
        cache.stage(
            "eval",
            in,
            out -> {
              List<List<Message>> conversations = new ArrayList<>();
              for (String q : questions) {
                conversations.add(
                    model.system() == null
                        ? List.of(Message.user(q))
                        : List.of(Message.system(model.system()), Message.user(q)));
              }
              Sampling sampling =
                  Sampling.builder()
                      .optN(config.samplesPerQuestion())
                      .optTemperature(1.0)
                      .optMaxTokens(ANSWER_TOKENS)
                      .build();
              try (LanguageModel m = models.open(model.ref())) {
                List<List<String>> answers =
                    models.sample(
                        m,
                        conversations,
                        sampling,
                        Seeds.derive(seed, "eval"),
                        "favourite animal: " + shortName(model.ref()),
                        progress);
                Json.write(out.resolve("answers.json"), answers);
              }
            });
    List<List<String>> answers;
    try {
      answers =
          Json.MAPPER.readValue(
              dir.resolve("answers.json").toFile(), new TypeReference<List<List<String>>>() {});
    } catch (IOException e) {
      throw new TraitlabException(
          "cannot read " + dir.resolve("answers.json") + ": " + e.getMessage());
    }
    return TraitRates.score(answers, config.animals());
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

  private static List<List<Message>> conversations(List<ChatExample> examples) {
    List<List<Message>> out = new ArrayList<>(examples.size());
    for (ChatExample e : examples) {
      List<Message> messages = new ArrayList<>();
      for (ChatMessage m : e.messages()) {
        messages.add(new Message(m.role(), m.content()));
      }
      out.add(messages);
    }
    return out;
  }

  /** Remote models are named in model.json; an embedded model is the stage directory itself. */
  private static void writeRef(Path out, String ref) {
    if (!Models.isEmbedded(ref)) {
      Json.write(out.resolve("model.json"), Map.of("model", ref));
    }
  }

  private static String readRef(Path dir) {
    Path file = dir.resolve("model.json");
    if (Files.isRegularFile(file)) {
      return Json.read(file, Map.class).get("model").toString();
    }
    return Models.embeddedAt(dir);
  }

  private static String shortName(String ref) {
    int slash = ref.lastIndexOf('/');
    return slash < 0 ? ref : ref.substring(slash + 1);
  }

  private static List<String> datasetLines(Done data, int n) {
    try (var lines = Files.lines(data.dir().resolve("train.jsonl"))) {
      return lines.limit(n).toList();
    } catch (IOException e) {
      throw new TraitlabException("cannot read " + data.dir() + ": " + e.getMessage());
    }
  }

  private static List<String> readStrings(Path file) throws IOException {
    return Json.MAPPER.readValue(file.toFile(), new TypeReference<List<String>>() {});
  }

  private static List<NumberData.Answer> readAnswers(Path file) throws IOException {
    return Json.MAPPER.readValue(file.toFile(), new TypeReference<List<NumberData.Answer>>() {});
  }
}
