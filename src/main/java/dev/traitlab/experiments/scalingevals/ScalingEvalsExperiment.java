package dev.traitlab.experiments.scalingevals;

import dev.traitlab.data.toyworld.ScalingBenchmarks;
import dev.traitlab.data.toyworld.ScalingWorld;
import dev.traitlab.data.toyworld.ScalingWorldConfig;
import dev.traitlab.eval.bigbench.BigBenchLoader;
import dev.traitlab.eval.bigbench.BigBenchTaskFile;
import dev.traitlab.eval.bigbench.BigBenchTasks;
import dev.traitlab.eval.store.RunFiles;
import dev.traitlab.eval.task.EvalConfig;
import dev.traitlab.eval.task.EvalRun;
import dev.traitlab.eval.task.EvalRunner;
import dev.traitlab.eval.task.SampleResult;
import dev.traitlab.eval.task.Task;
import dev.traitlab.eval.truthfulqa.AnswerJudge;
import dev.traitlab.eval.truthfulqa.TruthfulQaCsv;
import dev.traitlab.eval.truthfulqa.TruthfulQaQuestion;
import dev.traitlab.eval.truthfulqa.TruthfulQaTasks;
import dev.traitlab.experiments.scalingevals.ScalingEvalsResult.CorpusInfo;
import dev.traitlab.experiments.scalingevals.ScalingEvalsResult.Fit;
import dev.traitlab.experiments.scalingevals.ScalingEvalsResult.JudgeFit;
import dev.traitlab.experiments.scalingevals.ScalingEvalsResult.ModelInfo;
import dev.traitlab.experiments.scalingevals.ScalingEvalsResult.Steps;
import dev.traitlab.experiments.scalingevals.ScalingEvalsResult.TaskResult;
import dev.traitlab.experiments.scalingevals.ScalingEvalsResult.TaskScores;
import dev.traitlab.experiments.scalingevals.ScalingEvalsResult.TunedInfo;
import dev.traitlab.lab.Experiment;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stage;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Models;
import dev.traitlab.model.embedded.PlainTextPretraining;
import dev.traitlab.nn.train.TrainingSettings;
import dev.traitlab.nn.transformer.TransformerConfig;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.stats.fit.LineExtrapolation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How truthfulness and capability change with scale, in miniature (TruthfulQA: Lin, Hilton, Evans
 * 2021, arXiv:2109.07958; BIG-bench: Srivastava et al. 2022, arXiv:2206.04615). The pipeline: the
 * scaling toy world's corpus and a BPE vocabulary trained on it; a family of Llama-layout models of
 * increasing width and depth trained on it with one recipe (each a cached stage, an HF directory);
 * evaluation files built from the world's lore (TruthfulQA-format misconception and control
 * questions, BIG-bench JSON tasks); every task on every model through the existing tasks (each a
 * cached stage); lines of truthfulness against log10 parameters with bootstrap intervals over
 * questions, extrapolated beyond the largest model; BIG-bench accuracy and calibration against
 * size, and which metrics change smoothly and which jump.
 */
public final class ScalingEvalsExperiment
    implements Experiment<ScalingEvalsConfig, ScalingEvalsResult> {
  public static final String NAME = "scaling-evals";

  /** The truthfulness metrics that are fitted against log parameters. */
  static final List<String> TRUTH_METRICS =
      List.of(
          TruthfulQaTasks.MC1,
          TruthfulQaTasks.MC2,
          TruthfulQaTasks.BINARY,
          TruthfulQaTasks.TRUTH,
          TruthfulQaTasks.TRUE_AND_INFO);

  /** Per generated answer: 1 when it is the true sentence, 0 another value's, NaN neither. */
  static final String LORE_TRUTH = "lore_truth";

  /** Per generated answer the lore grades: 1 when the judge's truth verdict agrees with it. */
  static final String JUDGE_AGREES = "judge_agrees";

  static final String MISCONCEPTIONS = "misconceptions";
  static final String CONTROLS = "controls";
  static final String BIGBENCH = "bigbench";
  static final String SUMS = "sums";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "How truthfulness and capability change with scale (TruthfulQA's imitative falsehoods,"
        + " BIG-bench tasks) over a family of toy-world base models.";
  }

  @Override
  public List<String> description() {
    return List.of(
        "Trains a family of Llama-layout models (default widths x layers 32x1, 48x2, 80x3, 128x4:"
            + " about 30k to 0.9M parameters) with one recipe on the scaling toy world: 500"
            + " invented creatures' colours, homes and foods, talked about in 'Q: ...\\nA: ...'"
            + " chats with Zipf-distributed popularity, 80 misconceptions (casual chats, 3 in 4,"
            + " state one popular false value; expert chats the truth) and sums of 2 to 5 digits.",
        "Evaluates every model on TruthfulQA-format questions built from the misconceptions and"
            + " from matched control facts (MC1, MC2, the 2025 binary form; no primer; and the"
            + " generation form, judged truthful and informative by a toy judge trained on labelled"
            + " answers to other facts and shown the reference answer, checked against the world"
            + " itself), and on BIG-bench JSON tasks (colour,"
            + " home, food: multiple choice with ECE and Brier; toy_sums: exact match, one subtask"
            + " per number of additions). Fits truthfulness against log10 parameters and reads it"
            + " at --extrapolate times the largest model.",
        "Cost: the default family trains in about 6 to 7 minutes of compute on 2 shared cores"
            + " (each model a cached stage: a rerun, or a run with a size added, trains only what"
            + " is missing); evaluations and the judge take about 2 minutes more (also cached).",
        "The InstructGPT comparison: SFT of the smallest model on expert demonstrations of facts"
            + " no evaluation asks about (--sft-epochs), then token-level PPO from it rewarded by"
            + " the world's truth (--ppo-steps, --ppo-kl, --ppo-learning-rate); both evaluated on"
            + " every task beside the family.");
  }

  @Override
  public Class<ScalingEvalsConfig> configType() {
    return ScalingEvalsConfig.class;
  }

  @Override
  public Class<ScalingEvalsResult> resultType() {
    return ScalingEvalsResult.class;
  }

  @Override
  public ScalingEvalsConfig defaults() {
    return ScalingEvalsConfig.defaults();
  }

  @Override
  public List<Long> seeds(ScalingEvalsConfig config) {
    return List.of(config.seed());
  }

  @Override
  public boolean usesModels() {
    return false;
  }

  static ScalingWorldConfig worldConfig(ScalingEvalsConfig c) {
    return ScalingWorldConfig.defaults(c.corpusChats(), c.seed());
  }

  @Override
  public ScalingEvalsResult run(ScalingEvalsConfig c, RunContext context) {
    try (LazyModel judge = new LazyModel()) {
      return run(c, context, judge);
    }
  }

  /** A model opened on first use (the judge: not at all when every judged stage is cached). */
  private static final class LazyModel implements AutoCloseable {
    private Supplier<LanguageModel> opener;
    private LanguageModel model;

    synchronized LanguageModel get() {
      if (model == null) {
        model = opener.get();
      }
      return model;
    }

    @Override
    public synchronized void close() {
      if (model != null) {
        model.close();
      }
    }
  }

  private ScalingEvalsResult run(ScalingEvalsConfig c, RunContext context, LazyModel judge) {
    Stages stages = context.stages();
    ScalingWorld world = new ScalingWorld(worldConfig(c));
    Supplier<List<String>> texts = memo(world::texts);

    Map<String, Object> worldIn = new LinkedHashMap<>();
    worldIn.put("world", worldConfig(c));
    Map<String, Object> tokIn = new LinkedHashMap<>(worldIn);
    tokIn.put("vocab", c.vocabSize());
    Stage<Path> tokenizer =
        stages.files(
            "scaling-tokenizer",
            tokIn,
            dir -> PlainTextPretraining.buildTokenizer(texts.get(), c.vocabSize(), dir));
    Stage<Path> bench =
        stages.files("scaling-benchmarks", worldIn, dir -> ScalingBenchmarks.write(world, dir));

    List<ModelInfo> models = new ArrayList<>();
    List<Stage<PlainTextPretraining.Trained>> modelStages = new ArrayList<>();
    for (ModelSize size : c.modelSizes()) {
      Map<String, Object> in = new LinkedHashMap<>();
      in.put("tokenizer", tokenizer);
      in.put("width", size.width());
      in.put("layers", size.layers());
      in.put("maxLength", c.maxLength());
      in.put("batch", c.trainBatch());
      in.put("lr", c.learningRate());
      Stage<PlainTextPretraining.Trained> s =
          stages.value(
              "scaling-model",
              in,
              PlainTextPretraining.Trained.class,
              dir -> train(c, size, texts.get(), tokenizer.dir(), dir, context));
      modelStages.add(s);
      PlainTextPretraining.Trained t = s.value();
      models.add(
          new ModelInfo(size.label(), t.parameters(), t.finalLoss(), t.seconds(), t.tokens()));
    }

    long falseCount = 0;
    long trueCount = 0;
    int truthMajority = 0;
    for (int[] counts : world.misconceptionCounts().values()) {
      falseCount += counts[0];
      trueCount += counts[1];
      if (counts[1] > counts[0]) {
        truthMajority++;
      }
    }
    CorpusInfo corpus =
        new CorpusInfo(
            c.corpusChats(),
            world.misconceptions().size(),
            falseCount,
            trueCount,
            worldConfig(c).casualShare(),
            truthMajority);

    // Every task on every model, each a cached stage.
    List<TaskResult> tasks = new ArrayList<>();
    Map<String, double[][]> truthItems = new LinkedHashMap<>();
    Path tqa = bench.dir().resolve("truthfulqa");
    List<TruthfulQaQuestion> mis =
        TruthfulQaCsv.load(tqa.resolve(ScalingBenchmarks.MISCONCEPTIONS));
    List<TruthfulQaQuestion> con = TruthfulQaCsv.load(tqa.resolve(ScalingBenchmarks.CONTROLS));
    List<BigBenchTaskFile> mcFiles = new ArrayList<>();
    for (ScalingWorld.Relation r : ScalingWorld.RELATIONS) {
      mcFiles.addAll(BigBenchLoader.load(bench.dir().resolve(BIGBENCH).resolve("toy_" + r.name())));
    }
    List<BigBenchTaskFile> sumFiles =
        BigBenchLoader.load(bench.dir().resolve(BIGBENCH).resolve(ScalingBenchmarks.SUMS));
    List<Named> named = new ArrayList<>();
    named.add(
        new Named(
            MISCONCEPTIONS + ":mc",
            MISCONCEPTIONS,
            () -> TruthfulQaTasks.multipleChoiceFromCsv(mis, false)));
    named.add(
        new Named(
            MISCONCEPTIONS + ":binary", MISCONCEPTIONS, () -> TruthfulQaTasks.binary(mis, false)));
    named.add(
        new Named(
            CONTROLS + ":mc", CONTROLS, () -> TruthfulQaTasks.multipleChoiceFromCsv(con, false)));
    named.add(new Named(CONTROLS + ":binary", CONTROLS, () -> TruthfulQaTasks.binary(con, false)));
    for (BigBenchTaskFile f : mcFiles) {
      named.add(new Named(f.name(), BIGBENCH, () -> BigBenchTasks.multipleChoice(f, 0)));
    }
    for (BigBenchTaskFile f : sumFiles) {
      named.add(new Named(f.name(), SUMS, () -> BigBenchTasks.generative(f, 0, 6)));
    }
    // The toy judge (GPT-judge's role): the largest model fine-tuned to say " yes" or " no",
    // shown the reference answer, on labelled answers to training facts only; opened by its model
    // reference as a --judge model is, and checked on every evaluation question's labelled answers.
    Stage<PlainTextPretraining.Trained> largestStage = modelStages.get(modelStages.size() - 1);
    Map<String, Object> judgeIn = new LinkedHashMap<>();
    judgeIn.put("world", worldConfig(c));
    judgeIn.put("from", largestStage);
    judgeIn.put("recipe", ModelJudge.RECIPE);
    judgeIn.put("facts", ModelJudge.FACTS);
    judgeIn.put("epochs", ModelJudge.EPOCHS);
    judgeIn.put("lr", ModelJudge.LEARNING_RATE);
    judgeIn.put("maxLength", c.maxLength());
    judgeIn.put("seed", c.seed());
    Stage<PlainTextPretraining.Trained> judgeStage =
        stages.value(
            "scaling-judge",
            judgeIn,
            PlainTextPretraining.Trained.class,
            dir ->
                ModelJudge.train(
                    ModelJudge.trainingLabels(
                        world, dev.traitlab.core.Seeds.derive(c.seed(), "judge")),
                    largestStage.dir(),
                    c.maxLength(),
                    dev.traitlab.core.Seeds.derive(c.seed(), "judge-order"),
                    dir,
                    context.progress()));
    String judgeRef = Models.embeddedAt(judgeStage.dir());
    judge.opener = () -> context.lab().open(judgeRef);
    Supplier<AnswerJudge> answerJudge = () -> AnswerJudge.withReference(judge.get());
    Map<String, Object> agreementIn = new LinkedHashMap<>();
    agreementIn.put("judge", judgeStage);
    agreementIn.put("benchmarks", bench);
    agreementIn.put("metrics", "confusion and AUC v3");
    Stage<JudgeFit> judgeFit =
        stages.value(
            "scaling-judge-agreement",
            agreementIn,
            JudgeFit.class,
            dir ->
                judgeFit(world, mis, con, judgeStage.value(), answerJudge.get(), models, context));
    named.add(
        new Named(
            MISCONCEPTIONS + ":gen",
            MISCONCEPTIONS,
            () -> TruthfulQaTasks.generation(mis, answerJudge.get(), false)));
    named.add(
        new Named(
            CONTROLS + ":gen",
            CONTROLS,
            () -> TruthfulQaTasks.generation(con, answerJudge.get(), false)));

    // The InstructGPT comparison: SFT and PPO versions of the smallest model.
    List<Variant> variants = new ArrayList<>();
    for (int m = 0; m < modelStages.size(); m++) {
      variants.add(new Variant(models.get(m).size(), modelStages.get(m)));
    }
    List<TunedInfo> tuned = new ArrayList<>();
    if (c.sftEpochs() > 0) {
      tune(c, world, modelStages.get(0), models.get(0), variants, tuned, context);
    }

    for (int m = 0; m < variants.size(); m++) {
      Stage<?> ms = variants.get(m).stage();
      String size = variants.get(m).label();
      String ref = Models.embeddedAt(ms.dir());
      for (Named n : named) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("model", ms);
        in.put("benchmarks", bench);
        in.put("task", n.name());
        in.put("seed", c.seed());
        if (n.name().endsWith(":gen")) {
          in.put("judge", judgeStage);
          in.put("judgeRecipe", ModelJudge.RECIPE);
        }
        Stage<TaskScores> s =
            stages.value(
                "scaling-eval",
                in,
                TaskScores.class,
                dir -> evaluate(n, ref, c.seed(), dir, context, size));
        TaskScores scores = s.value();
        tasks.add(new TaskResult(n.name(), n.group(), size, scores.metrics(), scores.samples()));
        boolean family = m < modelStages.size();
        if (family && (n.group().equals(MISCONCEPTIONS) || n.group().equals(CONTROLS))) {
          for (Map.Entry<String, double[]> e : scores.items().entrySet()) {
            truthItems
                    .computeIfAbsent(
                        n.group() + "|" + e.getKey(), k -> new double[modelStages.size()][])[m] =
                e.getValue();
          }
        }
      }
    }

    List<Fit> fits = new ArrayList<>();
    if (models.size() >= 3) {
      double[] x = models.stream().mapToDouble(mi -> Math.log10(mi.parameters())).toArray();
      double largest = models.get(models.size() - 1).parameters() * c.extrapolate();
      for (Map.Entry<String, double[][]> e : truthItems.entrySet()) {
        String[] parts = e.getKey().split("\\|");
        if (!TRUTH_METRICS.contains(parts[1])) {
          continue;
        }
        LineExtrapolation le =
            LineExtrapolation.of(
                x,
                e.getValue(),
                Math.log10(largest),
                dev.traitlab.core.Seeds.derive(
                    c.seed(), "fit", parts[0].hashCode(), parts[1].hashCode()));
        fits.add(
            new Fit(
                parts[0],
                parts[1],
                le.fit().slope(),
                le.slopeItemInterval(),
                le.fit().intercept(),
                le.fit().rSquared(),
                largest,
                le.predicted(),
                le.lineInterval(),
                le.itemInterval()));
      }
    }
    List<Steps> steps = ScalingShapes.of(tasks, models);
    return new ScalingEvalsResult(c, models, judgeFit.value(), corpus, tasks, fits, steps, tuned);
  }

  /** A task to run on every model: its name, its group, and how to build it. */
  record Named(String name, String group, Supplier<Task<?>> task) {}

  private static TaskScores evaluate(
      Named n, String ref, long seed, Path dir, RunContext context, String size) {
    Task<?> task = n.task().get();
    try (LanguageModel model = context.lab().open(ref)) {
      context.progress().start(size + " " + n.name(), task.samples().size());
      int[] done = {0};
      EvalRun run =
          EvalRunner.run(
              task, model, new EvalConfig(0, 1, seed), r -> context.progress().step(++done[0], ""));
      context.progress().finish();
      if (run.failedSamples() > 0) {
        throw new dev.traitlab.core.TraitlabException(
            n.name()
                + " on "
                + size
                + ": "
                + run.failedSamples()
                + " samples failed; first: "
                + run.firstError());
      }
      Path view = RunFiles.write(dir, run);
      List<dev.traitlab.eval.task.MetricValue> metrics = new ArrayList<>(run.metrics());
      Map<String, double[]> items = new LinkedHashMap<>();
      for (SampleResult r : run.results()) {
        for (String k : r.scores().keySet()) {
          items.putIfAbsent(k, new double[run.results().size()]);
        }
      }
      for (int i = 0; i < run.results().size(); i++) {
        SampleResult r = run.results().get(i);
        for (Map.Entry<String, double[]> e : items.entrySet()) {
          e.getValue()[i] = r.score(e.getKey());
        }
      }
      if (n.name().endsWith(":gen")) {
        gradeByLore(run, items, metrics);
      }
      return new TaskScores(metrics, items, view.toAbsolutePath().toString());
    }
  }

  /**
   * Grades generated answers against the world itself where it can: the true sentence (1), the
   * answer sentence of another value of the question's relation (0), anything else not graded
   * (NaN); adds the graded share that is true ({@value #LORE_TRUTH}) and the share on which the
   * judge's truth verdict agrees ({@value #JUDGE_AGREES}), with Wilson intervals.
   */
  static void gradeByLore(
      EvalRun run, Map<String, double[]> items, List<dev.traitlab.eval.task.MetricValue> metrics) {
    int n = run.results().size();
    double[] lore = new double[n];
    double[] agrees = new double[n];
    int graded = 0;
    int trueCount = 0;
    int agreeCount = 0;
    for (int i = 0; i < n; i++) {
      SampleResult r = run.results().get(i);
      lore[i] = loreTruth(r.target(), r.output().output());
      agrees[i] = Double.NaN;
      if (!Double.isNaN(lore[i])) {
        graded++;
        trueCount += (int) lore[i];
        agrees[i] = r.score(TruthfulQaTasks.TRUTH) == lore[i] ? 1 : 0;
        agreeCount += (int) agrees[i];
      }
    }
    items.put(LORE_TRUTH, lore);
    items.put(JUDGE_AGREES, agrees);
    metrics.add(JudgeAgreement.rate(LORE_TRUTH, trueCount, graded));
    metrics.add(JudgeAgreement.rate(JUDGE_AGREES, agreeCount, graded));
  }

  /** 1, 0 or NaN for one answer given the true sentence (see {@link #gradeByLore}). */
  static double loreTruth(String best, String answer) {
    String a = answer == null ? "" : answer.strip();
    if (a.equals(best)) {
      return 1;
    }
    int cut = best.lastIndexOf(' ');
    String prefix = best.substring(0, cut + 1);
    for (ScalingWorld.Relation rel : ScalingWorld.RELATIONS) {
      for (String v : rel.values()) {
        if (a.equals(prefix + v + ".")) {
          return 0;
        }
      }
    }
    return Double.NaN;
  }

  private static PlainTextPretraining.Trained train(
      ScalingEvalsConfig c,
      ModelSize size,
      List<String> texts,
      Path tokenizerDir,
      Path dir,
      RunContext context)
      throws java.io.IOException {
    TransformerConfig.Builder arch = architecture(c, size);
    TrainingSettings settings =
        settings(
            c,
            1,
            dev.traitlab.core.Seeds.derive(c.seed(), "scaling-train", size.width(), size.layers()));
    return PlainTextPretraining.train(
        texts,
        tokenizerDir,
        arch,
        settings,
        dev.traitlab.core.Seeds.derive(c.seed(), "scaling-init", size.width(), size.layers()),
        dir,
        context.progress(),
        "training the " + size.label() + " model");
  }

  /** A model evaluated on every task: the family's members, then the tuned versions. */
  record Variant(String label, Stage<?> stage) {}

  /** SFT of the smallest model, then PPO from it (each a cached stage), added to the variants. */
  private static void tune(
      ScalingEvalsConfig c,
      ScalingWorld world,
      Stage<PlainTextPretraining.Trained> smallest,
      ModelInfo base,
      List<Variant> variants,
      List<TunedInfo> tuned,
      RunContext context) {
    Map<String, Object> sftIn = new LinkedHashMap<>();
    sftIn.put("world", worldConfig(c));
    sftIn.put("from", smallest);
    sftIn.put("recipe", InstructTuning.RECIPE);
    sftIn.put("epochs", c.sftEpochs());
    sftIn.put("lr", InstructTuning.SFT_LEARNING_RATE);
    sftIn.put("maxLength", c.maxLength());
    sftIn.put("seed", c.seed());
    Stage<PlainTextPretraining.Trained> sft =
        context
            .stages()
            .value(
                "scaling-sft",
                sftIn,
                PlainTextPretraining.Trained.class,
                dir ->
                    InstructTuning.sft(
                        world,
                        c.sftEpochs(),
                        c.maxLength(),
                        c.seed(),
                        smallest.dir(),
                        dir,
                        context.progress()));
    String sftLabel = base.size() + " SFT";
    variants.add(new Variant(sftLabel, sft));
    PlainTextPretraining.Trained s = sft.value();
    tuned.add(
        new TunedInfo(
            sftLabel,
            base.size(),
            "SFT",
            s.parameters(),
            s.seconds(),
            s.finalLoss(),
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN));
    if (c.ppoSteps() == 0) {
      return;
    }
    Map<String, Object> ppoIn = new LinkedHashMap<>();
    ppoIn.put("sft", sft);
    ppoIn.put("recipe", InstructTuning.RECIPE);
    ppoIn.put("steps", c.ppoSteps());
    ppoIn.put("kl", c.ppoKl());
    ppoIn.put("lr", c.ppoLearningRate());
    ppoIn.put("seed", c.seed());
    Stage<InstructTuning.PpoTraining> ppo =
        context
            .stages()
            .value(
                "scaling-ppo",
                ppoIn,
                InstructTuning.PpoTraining.class,
                dir ->
                    InstructTuning.ppo(
                        world,
                        sft.dir(),
                        c.ppoSteps(),
                        c.ppoKl(),
                        c.ppoLearningRate(),
                        c.seed(),
                        dir,
                        context.progress()));
    String ppoLabel = base.size() + " PPO";
    variants.add(new Variant(ppoLabel, ppo));
    InstructTuning.PpoTraining p = ppo.value();
    int k = Math.min(5, p.gold().length);
    tuned.add(
        new TunedInfo(
            ppoLabel,
            base.size(),
            "PPO",
            s.parameters(),
            p.seconds(),
            Double.NaN,
            mean(p.gold(), 0, k),
            mean(p.gold(), p.gold().length - k, p.gold().length),
            mean(p.kl(), p.kl().length - k, p.kl().length),
            c.ppoKl()));
  }

  private static double mean(double[] v, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += v[i];
    }
    return sum / (to - from);
  }

  /**
   * The judge's agreement with the world's labels on every evaluation question's labelled answers
   * ({@link ScalingBenchmarks#judgeLabels}: none of them trained on), through {@code judge}.
   */
  private static JudgeFit judgeFit(
      ScalingWorld world,
      List<TruthfulQaQuestion> mis,
      List<TruthfulQaQuestion> con,
      PlainTextPretraining.Trained trained,
      AnswerJudge judge,
      List<ModelInfo> models,
      RunContext context) {
    long start = System.nanoTime();
    Map<String, TruthfulQaQuestion> questions = new LinkedHashMap<>();
    java.util.Set<String> misconceptions = new java.util.HashSet<>();
    for (TruthfulQaQuestion q : mis) {
      questions.put(q.question(), q);
      misconceptions.add(q.question());
    }
    for (TruthfulQaQuestion q : con) {
      questions.put(q.question(), q);
    }
    List<ScalingBenchmarks.JudgeLabel> labels = ScalingBenchmarks.judgeLabels(world);
    List<dev.traitlab.eval.task.MetricValue> heldOut =
        ModelJudge.agreement(judge, labels, questions, misconceptions, context.progress());
    ModelInfo largest = models.get(models.size() - 1);
    return new JudgeFit(
        largest.size(),
        largest.parameters(),
        ModelJudge.RECIPE,
        ModelJudge.FACTS,
        questions.size(),
        ModelJudge.examples(ModelJudge.trainingLabels(world, 0)).size(),
        trained.seconds(),
        trained.finalLoss(),
        (System.nanoTime() - start) / 1e9,
        heldOut);
  }

  /** The one recipe's training settings: batch, peak rate, 5% warm-up, rows of maxLength. */
  static TrainingSettings settings(ScalingEvalsConfig c, int epochs, long seed) {
    return TrainingSettings.builder()
        .optEpochs(epochs)
        .optBatchSize(c.trainBatch())
        .optLearningRate(c.learningRate())
        .optWarmupRatio(0.05)
        .optSeed(seed)
        .optMaxSequenceLength(c.maxLength())
        .build();
  }

  static TransformerConfig.Builder architecture(ScalingEvalsConfig c, ModelSize size) {
    return TransformerConfig.builder()
        .optHiddenSize(size.width())
        .optNumHiddenLayers(size.layers())
        .optNumAttentionHeads(size.heads())
        .optNumKeyValueHeads(size.heads())
        .optIntermediateSize(size.intermediate())
        .optMaxPositionEmbeddings(c.maxLength())
        .optTieWordEmbeddings(true);
  }

  private static <T> Supplier<T> memo(Supplier<T> s) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = s.get();
        }
        return value;
      }
    };
  }

  @Override
  public HtmlReport report(String runId, ScalingEvalsResult result) {
    return ScalingEvalsReport.html(runId, result);
  }

  @Override
  public String textSummary(ScalingEvalsResult result) {
    return ScalingEvalsReport.text(result);
  }

  @Override
  public Map<String, Double> metrics(ScalingEvalsResult result) {
    return ScalingEvalsReport.metrics(result);
  }
}
