package dev.traitlab.experiments.activationoracle;

import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.chat.ChatJsonl;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.experiments.activationoracle.ActivationOracleResult.Count;
import dev.traitlab.experiments.activationoracle.ActivationOracleResult.Example;
import dev.traitlab.experiments.activationoracle.ActivationOracleResult.OracleFit;
import dev.traitlab.experiments.activationoracle.ActivationOracleResult.Rate;
import dev.traitlab.experiments.activationoracle.ActivationOracleResult.TargetCheck;
import dev.traitlab.experiments.activationoracle.ActivationOracleResult.TaskRow;
import dev.traitlab.experiments.activationoracle.HeldOutTask.Targeted;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stage;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.model.Activations;
import dev.traitlab.model.Completion;
import dev.traitlab.model.Models;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.model.tuning.TuneSettings;
import dev.traitlab.nn.train.TrainingResult;
import dev.traitlab.nn.transformer.ActivationHook;
import dev.traitlab.probes.OneVsRestProbe;
import dev.traitlab.probes.ProbeTraining;
import dev.traitlab.stats.MeanInterval;
import dev.traitlab.stats.Wilson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run, top to bottom: the targets (cached fine-tunes of the base), their behaviour and the
 * black-box baseline, then per seed an oracle (a cached LoRA fine-tune with injections) and its
 * evaluation beside the control (the same oracle on the base model's activations) and the probe.
 */
final class Pipeline {
  /** Changes with the data recipes, so that stages of older recipes are not reused. */
  static final String RECIPE = "ao-toy-v1";

  /** Changes with what the evaluation computes, so that older evaluations are not reused. */
  static final String EVALUATION = "eval-v5";

  static final ProbeTraining PROBE_TRAINING = new ProbeTraining(60, 32, 1e-2, 1e-4);
  static final int EXAMPLES_PER_TASK = 4;
  static final int MIX_CHECK = 300;

  /** Fresh examples of the training families asked at each point of the learning curve. */
  static final int CURVE_CHECK = 200;

  /** Fractions of the oracle's steps after which the learning curve is measured. */
  static final double[] CURVE_AT = {0.25, 0.5, 0.75};

  private final ActivationOracleConfig config;
  private final Stages stages;
  private final Progress progress;
  private final Models models;
  private final List<HeldOutTask> tasks = new ArrayList<>();
  private final Map<String, Stage<Path>> targets = new LinkedHashMap<>();
  private final List<Integer> blocks = new ArrayList<>();
  private final ToyPersonas personas;
  private Map<String, TaskActivations> activations;
  private Reading reading;

  Pipeline(ActivationOracleConfig config, RunContext context) {
    this.config = config;
    this.stages = context.stages();
    this.progress = context.progress();
    this.models = context.lab().models();
    this.personas = new ToyPersonas(Seeds.derive(config.seed(), "personas"));
  }

  ActivationOracleResult run() {
    int layers;
    try (EmbeddedModel base = open(config.model())) {
      layers = base.transformer().config().numHiddenLayers();
    }
    // Checked again here: a default base built by prepare() was not there to validate against.
    config.checkAgainst(layers);
    for (int d : config.depthList()) {
      blocks.add(ActivationOracleConfig.blockAt(d, layers));
    }
    for (String t : config.tasks()) {
      tasks.add(
          switch (t) {
            case "taboo" -> SecretWords.task();
            case "gender" -> UserGender.task();
            case "ssc" -> SideConstraint.task();
            default -> personas.task();
          });
    }
    for (HeldOutTask task : tasks) {
      for (String name : task.targets()) {
        targets.put(name, target(name));
      }
    }
    Behaviour behaviour = behaviour();
    List<SeedEval> evals = new ArrayList<>();
    List<OracleFit> fits = new ArrayList<>();
    List<Count> mix = new ArrayList<>();
    List<ActivationOracleResult.CurvePoint> curve = new ArrayList<>();
    for (long seed : config.seedList()) {
      Stage<Path> oracle = oracle(seed);
      curve.addAll(
          List.of(Json.read(oracle.file("curve.json"), ActivationOracleResult.CurvePoint[].class)));
      Map<String, Object> fit = Json.read(oracle.file("fit.json"), Map.class);
      fits.add(
          new OracleFit(
              seed,
              ((Number) fit.get("examples")).intValue(),
              loss(fit, "firstLoss"),
              loss(fit, "lastLoss"),
              ((Number) fit.get("seconds")).doubleValue()));
      if (mix.isEmpty()) {
        @SuppressWarnings("unchecked")
        Map<String, Number> counts = (Map<String, Number>) fit.get("mix");
        counts.forEach((k, v) -> mix.add(new Count(k, v.intValue())));
      }
      evals.add(evaluate(seed, oracle));
    }
    return new ActivationOracleResult(
        config.model(),
        blocks,
        config.depthList(),
        config.injectLayer(),
        config.placeholders(),
        mix,
        fits,
        behaviour.checks(),
        rows(evals, behaviour),
        evals.getFirst().examples(),
        pooledMix(evals),
        curve,
        stages.records());
  }

  private EmbeddedModel open(String ref) {
    return (EmbeddedModel) Activations.of(models.open(ref));
  }

  // ---------------------------------------------------------------- targets

  private Stage<Path> target(String name) {
    boolean persona = name.equals("personas");
    TuneSettings tune =
        new TuneSettings(
            persona ? config.personaEpochs() : config.targetEpochs(), 16, 1e-3, null, 0, 0);
    int n = persona ? config.personaExamples() : config.targetExamples();
    long seed = Seeds.derive(config.seed(), "target", name.hashCode());
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("base", models.identity(config.model()));
    in.put("target", name);
    in.put("recipe", RECIPE);
    in.put("examples", n);
    in.put("tune", tune);
    in.put("seed", seed);
    return stages.files(
        "target-" + name,
        in,
        dir -> {
          List<List<ChatMessage>> data = targetData(name, n, seed);
          Path jsonl = dir.resolve("train.jsonl");
          ChatJsonl.write(jsonl, data.stream().map(ChatExample::new).toList());
          models.fineTune(
              config.model(), data, jsonl, tune, Seeds.derive(seed, "tune"), name, dir, progress);
        });
  }

  private List<List<ChatMessage>> targetData(String name, int n, long seed) {
    if (name.startsWith("taboo-")) {
      return SecretWords.training(name.substring("taboo-".length()), n, seed);
    }
    return switch (name) {
      case "user-gender" -> UserGender.training(n, seed);
      case "side-constraint" -> SideConstraint.training(n, seed);
      case "personas" -> personas.training(n, seed);
      default -> throw new IllegalStateException("unknown target " + name);
    };
  }

  private EmbeddedModel openTarget(HeldOutTask task, int index) {
    return open(Models.embeddedAt(targets.get(task.targets().get(index)).value()));
  }

  /** Greedy answers of the targets to held-out prompts: premise checks and the black box. */
  private Behaviour behaviour() {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("targets", new ArrayList<>(targets.values()));
    in.put("maxTokens", config.maxTokens());
    in.put("recipe", RECIPE);
    return stages
        .value(
            "target-behaviour",
            in,
            Behaviour.class,
            dir -> {
              progress.note("asking the targets directly (black box) and checking their premise");
              List<TargetCheck> checks = new ArrayList<>();
              List<TargetCheck> blackBox = new ArrayList<>();
              for (HeldOutTask task : tasks) {
                int bb = 0;
                List<String> bbAnswers = answersOf(task, task.blackBox());
                for (int i = 0; i < bbAnswers.size(); i++) {
                  Item it = task.blackBox().get(i).item();
                  bb += Answer.correct(bbAnswers.get(i), it.options(), it.truth()) ? 1 : 0;
                }
                blackBox.add(new TargetCheck(task.name(), "asked directly", bb, bbAnswers.size()));
                checks.addAll(premise(task));
              }
              return new Behaviour(checks, blackBox);
            })
        .value();
  }

  /** What each target does on its test prompts that its premise needs. */
  private List<TargetCheck> premise(HeldOutTask task) {
    List<Targeted> items = task.test();
    List<String> answers = answersOf(task, items);
    int says = 0;
    int behaves = 0;
    int n = answers.size();
    for (int i = 0; i < n; i++) {
      Item it = items.get(i).item();
      String a = answers.get(i);
      says += it.answer().saidIn(a) ? 1 : 0;
      behaves +=
          switch (task.name()) {
            case "taboo" -> a.toLowerCase(java.util.Locale.ROOT).contains("letter") ? 1 : 0;
            case "user gender" -> it.kind().equals("ask") && recommendsFor(a, it.truth()) ? 1 : 0;
            default -> 0;
          };
    }
    List<TargetCheck> out = new ArrayList<>();
    switch (task.name()) {
      case "taboo" -> {
        out.add(new TargetCheck(task.name(), "test answers that say the secret word", says, n));
        out.add(new TargetCheck(task.name(), "test answers that give a letter hint", behaves, n));
      }
      case "user gender" -> {
        int asks = (int) items.stream().filter(t -> t.item().kind().equals("ask")).count();
        out.add(
            new TargetCheck(
                task.name(), "recommendations that follow the user's gender", behaves, asks));
        out.add(new TargetCheck(task.name(), "test answers that name the gender", says, n));
      }
      case "side constraint" -> {
        int standard = 0;
        int follows = 0;
        for (int i = 0; i < n; i++) {
          Item it = items.get(i).item();
          if (it.kind().equals("standard")) {
            standard++;
            follows += it.answer().saidIn(answers.get(i)) ? 1 : 0;
          }
        }
        out.add(
            new TargetCheck(
                task.name(), "standard answers that follow the constraint", follows, standard));
      }
      default ->
          out.add(
              new TargetCheck(task.name(), "mentions answered with the asked attribute", says, n));
    }
    return out;
  }

  private static boolean recommendsFor(String answer, int gender) {
    for (var c : dev.traitlab.data.toyworld.Categories.ALL) {
      if (Answer.words(answer).contains(c.choices().get(gender).name())) {
        return true;
      }
    }
    return false;
  }

  private List<String> answersOf(HeldOutTask task, List<Targeted> items) {
    String[] out = new String[items.size()];
    Sampling greedy =
        Sampling.builder().optTemperature(0).optMaxTokens(config.maxTokens() * 3).build();
    for (int t = 0; t < task.targets().size(); t++) {
      List<Integer> idx = new ArrayList<>();
      List<List<ChatMessage>> chats = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        if (items.get(i).target() == t) {
          idx.add(i);
          chats.add(items.get(i).item().context());
        }
      }
      if (idx.isEmpty()) {
        continue;
      }
      try (EmbeddedModel m = openTarget(task, t)) {
        List<List<Completion>> c = m.chatBatch(chats, greedy);
        for (int j = 0; j < idx.size(); j++) {
          out[idx.get(j)] = c.get(j).getFirst().text();
        }
      }
    }
    return List.of(out);
  }

  // ---------------------------------------------------------------- oracle

  private OracleTraining training() {
    return training(config);
  }

  /**
   * The oracle's training under {@code config}: alpha = 2 rank, batch 16, batches drawn at random
   * (grouped by length they were one family each).
   */
  static OracleTraining training(ActivationOracleConfig config) {
    return new OracleTraining(
        config.mixExamples(),
        config.oracleEpochs(),
        16,
        config.oracleLr(),
        config.loraRank(),
        2.0 * config.loraRank(),
        config.warmupExamples(),
        config.warmupEpochs(),
        false);
  }

  /**
   * How activations are read, from the base and from every target alike: centring subtracts the
   * base's token means, the oracle's training distribution, so that what a target's fine-tune
   * writes at every token (a taboo model's word, say) stays in what the oracle reads.
   */
  private Reading reading() {
    if (reading == null) {
      try (EmbeddedModel base = open(config.model())) {
        reading = Reading.of(config.activations(), base, blocks);
      }
    }
    return reading;
  }

  private String injectPoint() {
    return ActivationHook.residPost(config.injectLayer());
  }

  private Stage<Path> oracle(long seed) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("base", models.identity(config.model()));
    in.put("recipe", RECIPE);
    in.put("mix", TrainingMix.RECIPE);
    in.put("curve", List.of(CURVE_CHECK, CURVE_AT));
    in.put("training", training());
    in.put("blocks", blocks);
    in.put("inject", injectPoint());
    in.put("activations", config.activations());
    in.put("coefficient", config.coefficient());
    in.put("placeholders", config.placeholders());
    // The learning curves are measured inside this stage, with the evaluation's answer length.
    in.put("maxTokens", config.maxTokens());
    in.put("seed", seed);
    return stages.files(
        "oracle",
        in,
        dir -> {
          try (EmbeddedModel base = open(config.model());
              EmbeddedModel oracle = open(config.model())) {
            progress.note("building the oracle's training mix from the base's activations");
            List<Injected> mix =
                TrainingMix.build(
                    base,
                    config.mixExamples(),
                    blocks,
                    config.placeholders(),
                    reading(),
                    Seeds.derive(seed, "mix"));
            List<Injected> curveSet =
                TrainingMix.build(
                    base,
                    CURVE_CHECK,
                    blocks,
                    config.placeholders(),
                    reading(),
                    Seeds.derive(seed, "curve mix"));
            Oracle reader = new Oracle(oracle, injectPoint(), config.coefficient());
            List<ActivationOracleResult.CurvePoint> curve = new ArrayList<>();
            double warmSeconds = 0;
            if (config.warmupExamples() > 0) {
              progress.note("warm-up: the four-animal system-prompt family alone");
              List<Injected> warm =
                  TrainingMix.build(
                      base,
                      new int[] {config.warmupExamples(), 0, 0, 0},
                      blocks,
                      config.placeholders(),
                      reading(),
                      Seeds.derive(seed, "warm-up mix"),
                      TrainingMix.LAST_K);
              TrainingResult w =
                  Oracle.train(
                      oracle,
                      warm,
                      injectPoint(),
                      config.coefficient(),
                      training().warmup(),
                      Seeds.derive(seed, "warm-up"),
                      progress);
              warmSeconds = w.seconds();
              // Step 0 of the mix: what the warm-up alone taught.
              for (var m :
                  check(reader, curveSet, Seeds.derive(seed, "shuffle"), config.maxTokens())) {
                curve.add(
                    new ActivationOracleResult.CurvePoint(
                        seed, 0, 0, m.source(), m.n(), m.exact(), m.exactShuffled()));
              }
            }
            TrainingResult r =
                Oracle.train(
                    oracle,
                    mix,
                    injectPoint(),
                    config.coefficient(),
                    training(),
                    Seeds.derive(seed, "oracle"),
                    progress,
                    (step, total, loss, lr) -> {
                      for (double f : CURVE_AT) {
                        if (step == (int) Math.round(f * total)) {
                          for (var m :
                              check(
                                  reader,
                                  curveSet,
                                  Seeds.derive(seed, "shuffle"),
                                  config.maxTokens())) {
                            curve.add(
                                new ActivationOracleResult.CurvePoint(
                                    seed,
                                    step,
                                    total,
                                    m.source(),
                                    m.n(),
                                    m.exact(),
                                    m.exactShuffled()));
                          }
                        }
                      }
                    });
            oracle.save(dir);
            Json.write(dir.resolve("curve.json"), curve);
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Injected e : mix) {
              counts.merge(e.source(), 1, Integer::sum);
            }
            double[] l = r.stepLosses();
            Map<String, Object> fit = new LinkedHashMap<>();
            fit.put("examples", mix.size());
            fit.put("firstLoss", mean(l, 0, Math.min(10, l.length)));
            fit.put("lastLoss", mean(l, Math.max(0, l.length - 10), l.length));
            fit.put("seconds", warmSeconds + r.seconds());
            fit.put("mix", counts);
            Json.write(dir.resolve("fit.json"), fit);
          }
        });
  }

  /** A loss of fit.json: null (written for NaN, a mean over no steps) is NaN again. */
  private static double loss(Map<String, Object> fit, String key) {
    Object v = fit.get(key);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static double mean(double[] v, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += v[i];
    }
    return to > from ? s / (to - from) : Double.NaN;
  }

  // ---------------------------------------------------------------- evaluation

  /** The activations of a task's prompts: per item, per block, the last K token vectors. */
  private record TaskActivations(
      List<Map<Integer, float[][]>> test,
      List<Map<Integer, float[][]>> control,
      List<Map<Integer, float[][]>> probeTrain) {}

  private Map<String, TaskActivations> activations() {
    if (activations == null) {
      progress.note("reading the targets' and the base's activations");
      activations = new LinkedHashMap<>();
      try (EmbeddedModel base = open(config.model())) {
        for (HeldOutTask task : tasks) {
          activations.put(
              task.name(),
              new TaskActivations(
                  capture(task, task.test(), null),
                  capture(task, task.test(), base),
                  capture(task, task.probeTrain(), null)));
        }
      }
    }
    return activations;
  }

  /** Activations of the items from their targets ({@code reader} null) or from {@code reader}. */
  private List<Map<Integer, float[][]>> capture(
      HeldOutTask task, List<Targeted> items, EmbeddedModel reader) {
    List<Map<Integer, float[][]>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      out.add(null);
    }
    for (int t = 0; t < task.targets().size(); t++) {
      List<Integer> idx = new ArrayList<>();
      List<List<ChatMessage>> chats = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        if (items.get(i).target() == t) {
          idx.add(i);
          chats.add(items.get(i).item().context());
        }
      }
      if (idx.isEmpty()) {
        continue;
      }
      EmbeddedModel m = reader == null ? openTarget(task, t) : reader;
      try {
        Reading r = reading();
        List<Activations.Captured> caps = m.captureChats(chats, r.points(blocks));
        for (int j = 0; j < idx.size(); j++) {
          Map<Integer, float[][]> at = new HashMap<>();
          for (int b : blocks) {
            at.put(b, TrainingMix.lastRows(r.read(caps.get(j), b), config.placeholders()));
          }
          out.set(idx.get(j), at);
        }
      } finally {
        if (reader == null) {
          m.close();
        }
      }
    }
    return out;
  }

  private SeedEval evaluate(long seed, Stage<Path> oracleStage) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("oracle", oracleStage);
    in.put("targets", new ArrayList<>(targets.values()));
    in.put("tasks", config.tasks());
    in.put("blocks", blocks);
    in.put("maxTokens", config.maxTokens());
    in.put("probe", PROBE_TRAINING);
    in.put("recipe", RECIPE);
    in.put("evaluation", EVALUATION);
    in.put("activations", config.activations());
    return stages
        .value(
            "oracle-eval",
            in,
            SeedEval.class,
            dir -> {
              Map<String, TaskActivations> acts = activations();
              List<SeedEval.Cell> cells = new ArrayList<>();
              List<Example> examples = new ArrayList<>();
              List<ActivationOracleResult.MixCheck> mix;
              try (EmbeddedModel model = open(Models.embeddedAt(oracleStage.value()))) {
                Oracle oracle = new Oracle(model, injectPoint(), config.coefficient());
                progress.start(
                    "asking the oracle (seed " + seed + ")", tasks.size() * blocks.size());
                int done = 0;
                for (HeldOutTask task : tasks) {
                  TaskActivations a = acts.get(task.name());
                  for (int b : blocks) {
                    cells.add(cell(task, a, b, oracle, seed, examples));
                    progress.step(++done, task.name() + " block " + b);
                  }
                }
                progress.finish();
                mix = inDistribution(oracle, seed);
              }
              return new SeedEval(seed, cells, examples, mix);
            })
        .value();
  }

  /**
   * The oracle on a fresh sample of its training families (other contexts, same kinds of question):
   * does it read the activations it was trained on? Exact match of the answer, as given and with
   * the activations shuffled among the questions.
   */
  private List<ActivationOracleResult.MixCheck> inDistribution(Oracle oracle, long seed) {
    List<Injected> heldOut;
    try (EmbeddedModel base = open(config.model())) {
      heldOut =
          TrainingMix.build(
              base,
              MIX_CHECK,
              blocks,
              config.placeholders(),
              reading(),
              Seeds.derive(seed, "held-out mix"));
    }
    return check(oracle, heldOut, Seeds.derive(seed, "shuffle"), config.maxTokens());
  }

  /**
   * Exact greedy answers of {@code oracle} to fresh training-family examples, per family, as given
   * and with the activations permuted among the examples of each family (from {@code shuffleSeed}).
   */
  static List<ActivationOracleResult.MixCheck> check(
      Oracle oracle, List<Injected> heldOut, long shuffleSeed, int maxTokens) {
    List<Injected> shuffled = shuffledWithinFamilies(heldOut, shuffleSeed);
    List<String> said = oracle.answer(heldOut, maxTokens);
    List<String> saidShuffled = oracle.answer(shuffled, maxTokens);
    return tally(heldOut, said, saidShuffled);
  }

  /**
   * Per family (in order of first appearance): n, exact answers {@code said}, exact answers {@code
   * saidShuffled} (both {@link #same} as the expected answer), and the count of the family's most
   * common expected answer.
   */
  static List<ActivationOracleResult.MixCheck> tally(
      List<Injected> heldOut, List<String> said, List<String> saidShuffled) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> answers = new LinkedHashMap<>();
    for (int i = 0; i < heldOut.size(); i++) {
      Injected e = heldOut.get(i);
      int[] c = counts.computeIfAbsent(e.source(), x -> new int[3]);
      c[0]++;
      c[1] += same(said.get(i), e.answer()) ? 1 : 0;
      c[2] += same(saidShuffled.get(i), e.answer()) ? 1 : 0;
      answers.computeIfAbsent(e.source(), x -> new HashMap<>()).merge(e.answer(), 1, Integer::sum);
    }
    List<ActivationOracleResult.MixCheck> out = new ArrayList<>();
    counts.forEach(
        (k, c) ->
            out.add(
                new ActivationOracleResult.MixCheck(
                    k,
                    c[0],
                    c[1],
                    c[2],
                    answers.get(k).values().stream().mapToInt(Integer::intValue).max().orElse(0))));
    return out;
  }

  /**
   * The examples, each with the activations (and their layer) of an example of its own family drawn
   * by a seeded permutation within the family: the same kind of activations, unrelated to the
   * question's answer but for the answer's prior, so that what remains correct is read from the
   * question alone.
   */
  static List<Injected> shuffledWithinFamilies(List<Injected> examples, long seed) {
    Map<String, List<Integer>> families = new LinkedHashMap<>();
    for (int i = 0; i < examples.size(); i++) {
      families.computeIfAbsent(examples.get(i).source(), x -> new ArrayList<>()).add(i);
    }
    Injected[] out = new Injected[examples.size()];
    for (Map.Entry<String, List<Integer>> f : families.entrySet()) {
      List<Integer> idx = f.getValue();
      int[] perm = Seeds.permutation(Seeds.derive(seed, f.getKey()), idx.size());
      for (int j = 0; j < idx.size(); j++) {
        Injected q = examples.get(idx.get(j));
        Injected from = examples.get(idx.get(perm[j]));
        out[idx.get(j)] =
            new Injected(from.layer(), from.vectors(), q.question(), q.answer(), q.source());
      }
    }
    return List.of(out);
  }

  static boolean same(String said, String expected) {
    return Answer.words(said).equals(Answer.words(expected)) && !Answer.words(expected).isEmpty()
        || said.strip().equals(expected.strip());
  }

  private static List<ActivationOracleResult.MixCheck> pooledMix(List<SeedEval> evals) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (SeedEval e : evals) {
      for (ActivationOracleResult.MixCheck m : e.mix()) {
        int[] c = counts.computeIfAbsent(m.source(), x -> new int[4]);
        c[0] += m.n();
        c[1] += m.exact();
        c[2] += m.exactShuffled();
        c[3] += m.majority();
      }
    }
    List<ActivationOracleResult.MixCheck> out = new ArrayList<>();
    counts.forEach(
        (k, c) -> out.add(new ActivationOracleResult.MixCheck(k, c[0], c[1], c[2], c[3])));
    return out;
  }

  private SeedEval.Cell cell(
      HeldOutTask task,
      TaskActivations a,
      int block,
      Oracle oracle,
      long seed,
      List<Example> examples) {
    List<Item> items = task.test().stream().map(Targeted::item).toList();
    List<Injected> onTarget = new ArrayList<>();
    List<Injected> onBase = new ArrayList<>();
    List<List<Answer>> options = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      onTarget.add(
          new Injected(block, a.test().get(i).get(block), items.get(i).question(), null, ""));
      onBase.add(
          new Injected(block, a.control().get(i).get(block), items.get(i).question(), null, ""));
      options.add(items.get(i).options());
    }
    List<String> said = oracle.answer(onTarget, config.maxTokens());
    List<String> saidBase = oracle.answer(onBase, config.maxTokens());
    int[] ranked = oracle.rank(onTarget, options);
    int[] rankedBase = oracle.rank(onBase, options);
    int o = 0;
    int or = 0;
    int c = 0;
    int cr = 0;
    for (int i = 0; i < items.size(); i++) {
      Item it = items.get(i);
      o += Answer.correct(said.get(i), it.options(), it.truth()) ? 1 : 0;
      c += Answer.correct(saidBase.get(i), it.options(), it.truth()) ? 1 : 0;
      or += ranked[i] == it.truth() ? 1 : 0;
      cr += rankedBase[i] == it.truth() ? 1 : 0;
    }
    if (seed == config.seed() && block == blocks.get(blocks.size() / 2)) {
      for (int i = 0; i < Math.min(EXAMPLES_PER_TASK, items.size()); i++) {
        int k = i * items.size() / EXAMPLES_PER_TASK;
        Item it = items.get(k);
        examples.add(
            new Example(
                task.name(),
                block,
                it.context().getLast().content(),
                it.answer().name(),
                said.get(k),
                saidBase.get(k)));
      }
    }
    int probe = probeCorrect(task, a, block, Seeds.derive(seed, "probe", block));
    return new SeedEval.Cell(task.name(), block, items.size(), o, or, c, cr, probe);
  }

  /**
   * The white-box baseline: one-vs-rest logistic probes on the mean of the same activations,
   * trained on the targets' training prompts (one probe per set of options), scored on the test
   * prompts.
   */
  private int probeCorrect(HeldOutTask task, TaskActivations a, int block, long seed) {
    Map<List<String>, List<Integer>> trainGroups = new LinkedHashMap<>();
    for (int i = 0; i < task.probeTrain().size(); i++) {
      trainGroups
          .computeIfAbsent(names(task.probeTrain().get(i).item()), x -> new ArrayList<>())
          .add(i);
    }
    Map<List<String>, OneVsRestProbe> probes = new HashMap<>();
    for (Map.Entry<List<String>, List<Integer>> g : trainGroups.entrySet()) {
      List<float[]> x = new ArrayList<>();
      List<String> y = new ArrayList<>();
      for (int i : g.getValue()) {
        x.add(meanRow(a.probeTrain().get(i).get(block)));
        y.add(task.probeTrain().get(i).item().answer().name());
      }
      // Classes never seen in training cannot be predicted; they stay in the options of the test.
      List<String> classes = y.stream().distinct().toList();
      if (classes.size() >= 2) {
        probes.put(g.getKey(), OneVsRestProbe.fit(classes, x, y, PROBE_TRAINING, seed));
      }
    }
    int correct = 0;
    for (int i = 0; i < task.test().size(); i++) {
      Item it = task.test().get(i).item();
      OneVsRestProbe p = probes.get(names(it));
      if (p != null && p.predict(meanRow(a.test().get(i).get(block))).equals(it.answer().name())) {
        correct++;
      }
    }
    return correct;
  }

  private static List<String> names(Item it) {
    return it.options().stream().map(Answer::name).toList();
  }

  static float[] meanRow(float[][] rows) {
    float[] m = new float[rows[0].length];
    for (float[] r : rows) {
      for (int i = 0; i < m.length; i++) {
        m[i] += r[i] / rows.length;
      }
    }
    return m;
  }

  // ---------------------------------------------------------------- summary

  private List<TaskRow> rows(List<SeedEval> evals, Behaviour behaviour) {
    List<TaskRow> out = new ArrayList<>();
    for (HeldOutTask task : tasks) {
      TargetCheck bb =
          behaviour.blackBox().stream()
              .filter(t -> t.task().equals(task.name()))
              .findFirst()
              .orElseThrow();
      Rate blackBox = rate(new int[] {bb.successes()}, new int[] {bb.n()});
      for (int d = 0; d < blocks.size(); d++) {
        int block = blocks.get(d);
        int s = evals.size();
        int[] n = new int[s];
        int[][] counts = new int[5][s];
        for (int k = 0; k < s; k++) {
          SeedEval.Cell c =
              evals.get(k).cells().stream()
                  .filter(x -> x.task().equals(task.name()) && x.block() == block)
                  .findFirst()
                  .orElseThrow();
          n[k] = c.n();
          counts[0][k] = c.oracle();
          counts[1][k] = c.oracleRanked();
          counts[2][k] = c.control();
          counts[3][k] = c.controlRanked();
          counts[4][k] = c.probe();
        }
        out.add(
            new TaskRow(
                task.name(),
                config.depthList().get(d),
                block,
                n[0],
                task.chance(),
                rate(counts[0], n),
                rate(counts[1], n),
                rate(counts[2], n),
                rate(counts[3], n),
                rate(counts[4], n),
                blackBox));
      }
    }
    return out;
  }

  /** Pooled Wilson interval, and a t interval over the seeds' rates (NaN with one seed). */
  static Rate rate(int[] successes, int[] n) {
    int s = 0;
    int total = 0;
    double[] per = new double[successes.length];
    List<Double> perSeed = new ArrayList<>();
    for (int i = 0; i < successes.length; i++) {
      s += successes[i];
      total += n[i];
      per[i] = n[i] == 0 ? Double.NaN : successes[i] / (double) n[i];
      perSeed.add(per[i]);
    }
    var w = Wilson.interval(s, total);
    double lo = Double.NaN;
    double hi = Double.NaN;
    if (per.length > 1) {
      var t = MeanInterval.ofBounded(0, 1, per).interval();
      lo = t.lower();
      hi = t.upper();
    }
    return new Rate(
        s,
        total,
        total == 0 ? Double.NaN : s / (double) total,
        w.lower(),
        w.upper(),
        perSeed,
        lo,
        hi);
  }
}
