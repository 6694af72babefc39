package dev.traitlab.experiments.verbalizedcalibration;

import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.chat.ChatJsonl;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.eval.calibratedmath.ConfidenceParser;
import dev.traitlab.eval.calibratedmath.MathQuestion;
import dev.traitlab.eval.calibratedmath.MathQuestionGenerator;
import dev.traitlab.eval.calibratedmath.VerbalizedWord;
import dev.traitlab.eval.metrics.Calibration;
import dev.traitlab.eval.metrics.CalibrationMetric;
import dev.traitlab.eval.metrics.MeanMetric;
import dev.traitlab.eval.store.RunFiles;
import dev.traitlab.eval.task.BatchSolver;
import dev.traitlab.eval.task.EvalConfig;
import dev.traitlab.eval.task.EvalRun;
import dev.traitlab.eval.task.EvalRunner;
import dev.traitlab.eval.task.Metric;
import dev.traitlab.eval.task.Sample;
import dev.traitlab.eval.task.SampleResult;
import dev.traitlab.eval.task.SolverOutput;
import dev.traitlab.eval.task.Task;
import dev.traitlab.experiments.verbalizedcalibration.VerbalizedCalibrationResult.Cell;
import dev.traitlab.experiments.verbalizedcalibration.VerbalizedCalibrationResult.Curve;
import dev.traitlab.experiments.verbalizedcalibration.VerbalizedCalibrationResult.Example;
import dev.traitlab.experiments.verbalizedcalibration.VerbalizedCalibrationResult.Point;
import dev.traitlab.experiments.verbalizedcalibration.VerbalizedCalibrationResult.SetAccuracy;
import dev.traitlab.experiments.verbalizedcalibration.VerbalizedCalibrationResult.Spread;
import dev.traitlab.experiments.verbalizedcalibration.VerbalizedCalibrationResult.SubTaskAccuracy;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stage;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.model.ContinuationScore;
import dev.traitlab.model.FineTunable;
import dev.traitlab.model.Models;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.model.tuning.TuneSettings;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.MeanInterval;
import dev.traitlab.stats.Wilson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiment's stages, top to bottom: the target model (graded arithmetic, cached), the model's
 * and the target's accuracy by training sub-task (the precondition), then per seed the target's
 * answers, the three confidence fine-tunes and one evaluation per question set, whose samples land
 * in the run's sample logs. Questions are asked in a user turn ("What is 52 + 7?"), not as the eval
 * task's raw "Q: ...\nA:" text: the toy-world model is a chat model and learnt its arithmetic in
 * chats.
 */
final class Pipeline {
  static final int ANSWER_TOKENS = 12;

  /**
   * Room for "Confidence: lowest" and "Confidence: 100%", which the toy tokenizer spells in 10 to
   * 14 tokens (8 cut "lowest" to "lowe").
   */
  static final int CONFIDENCE_TOKENS = 24;

  static final String CORRECT = "correct";

  /** Changes with the prompts and labels, so that cached stages of older ones are not reused. */
  static final String FORMAT = "q-a-instruction-v1";

  private final VerbalizedCalibrationConfig config;
  private final RunContext context;
  private final Stages stages;
  private final Progress progress;
  private final Models models;

  Pipeline(VerbalizedCalibrationConfig config, RunContext context) {
    this.config = config;
    this.context = context;
    this.stages = context.stages();
    this.progress = context.progress();
    this.models = context.lab().models();
  }

  VerbalizedCalibrationResult run() {
    Stage<Path> arithmetic = config.arithmeticExamples() > 0 ? arithmeticModel() : null;
    String targetRef = arithmetic == null ? config.model() : Models.embeddedAt(arithmetic.value());
    Object targetKey = arithmetic == null ? models.identity(config.model()) : arithmetic;
    String target =
        arithmetic == null
            ? config.model()
            : String.format(
                java.util.Locale.ROOT,
                "%s fine-tuned on %,d graded arithmetic examples",
                config.model(),
                config.arithmeticExamples());

    Map<Long, Stage<Answers>> answers = new LinkedHashMap<>();
    for (long seed : config.seedList()) {
      answers.put(seed, answers(seed, targetRef, targetKey));
    }
    Answers first = answers.get(config.seed()).value();
    Map<String, Double> before =
        arithmetic == null ? first.subTaskAccuracy() : baseAccuracy(config.seed());
    List<SubTaskAccuracy> precondition = new ArrayList<>();
    Map<String, Double> after = first.subTaskAccuracy();
    for (Map.Entry<String, Double> e : after.entrySet()) {
      precondition.add(
          new SubTaskAccuracy(
              e.getKey(), config.perSubTask(), before.get(e.getKey()), e.getValue()));
    }
    Spread baseSpread = spread(before.values(), config.perSubTask());
    Spread targetSpread = spread(after.values(), config.perSubTask());
    if (!targetSpread.varies()) {
      progress.note(warning(targetSpread));
    }

    Map<Long, Map<QuestionSet, EvalRun>> runs = new LinkedHashMap<>();
    for (long seed : config.seedList()) {
      Stage<Answers> answered = answers.get(seed);
      Map<Method, Stage<Path>> tuned = new EnumMap<>(Method.class);
      for (Method m : Method.values()) {
        if (m.fineTuned()) {
          tuned.put(m, tune(m, seed, answered, targetRef));
        }
      }
      Map<QuestionSet, EvalRun> bySet = new EnumMap<>(QuestionSet.class);
      for (QuestionSet set : QuestionSet.values()) {
        EvalRun run = evaluation(seed, set, answered, targetRef, tuned).value();
        RunFiles.write(context.runDir(), run);
        bySet.put(set, run);
      }
      runs.put(seed, bySet);
    }
    return new VerbalizedCalibrationResult(
        config,
        target,
        precondition,
        baseSpread,
        targetSpread,
        accuracy(runs),
        cells(runs),
        curves(runs),
        examples(runs.get(config.seed())),
        stages.records());
  }

  static String warning(Spread s) {
    return String.format(
        java.util.Locale.ROOT,
        "WARNING: the target's accuracy hardly varies over the add/subtract sub-tasks (sd %.3f,"
            + " range %.2f-%.2f): knowing each sub-task's accuracy would improve on the constant"
            + " baseline's MSE by only %.2f points (under %.0f), so the constant is hard to beat"
            + " by construction. Raise --arithmetic-examples.",
        s.sd(),
        s.min(),
        s.max(),
        s.gain(),
        Spread.LEAST_GAIN);
  }

  // ------------------------------------------------------------------------ stages

  private Stage<Path> arithmeticModel() {
    TuneSettings tune = new TuneSettings(config.arithmeticEpochs(), 32, 2e-3, null, 0, 0);
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("base", models.identity(config.model()));
    in.put("examples", config.arithmeticExamples());
    in.put("recipe", GradedArithmetic.RECIPE);
    in.put("tune", tune);
    return stages.files(
        "graded-arithmetic",
        in,
        dir -> {
          List<ChatExample> data =
              GradedArithmetic.data(config.arithmeticExamples(), Seeds.derive(0, "arithmetic"));
          fineTune(
              config.model(), data, tune, Seeds.derive(0, "arithmetic-tune"), "arithmetic", dir);
        });
  }

  private void fineTune(
      String base, List<ChatExample> data, TuneSettings tune, long seed, String suffix, Path dir) {
    Path jsonl = dir.resolve("train.jsonl");
    ChatJsonl.write(jsonl, data);
    models.fineTune(
        base, FineTunable.conversations(data), jsonl, tune, seed, suffix, dir, progress);
  }

  /** The untuned model's accuracy by training sub-task, on the first seed's questions. */
  private Map<String, Double> baseAccuracy(long seed) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("model", models.identity(config.model()));
    in.put("seed", seed);
    in.put("perSubTask", config.perSubTask());
    in.put("format", FORMAT);
    @SuppressWarnings("unchecked")
    Map<String, Double> out =
        stages
            .value(
                "base-accuracy",
                in,
                Map.class,
                dir -> {
                  try (EmbeddedModel model = (EmbeddedModel) models.open(config.model())) {
                    return Answers.accuracyBySubTask(
                        answer(model, trainingQuestions(seed), seed, false));
                  }
                })
            .value();
    return out;
  }

  private List<MathQuestion> trainingQuestions(long seed) {
    int count = config.perSubTask() * QuestionSet.ADD_SUBTRACT.subTasks().size();
    return QuestionSet.ADD_SUBTRACT.questions(seed, "train", count);
  }

  private Stage<Answers> answers(long seed, String targetRef, Object targetKey) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("target", targetKey);
    in.put("seed", seed);
    in.put("perSubTask", config.perSubTask());
    in.put("evalQuestions", config.evalQuestions());
    in.put("format", FORMAT);
    return stages.value(
        "answers",
        in,
        Answers.class,
        dir -> {
          try (EmbeddedModel model = (EmbeddedModel) models.open(targetRef)) {
            List<AnsweredQuestion> train = answer(model, trainingQuestions(seed), seed, true);
            Map<String, List<AnsweredQuestion>> evaluation = new LinkedHashMap<>();
            for (QuestionSet set : QuestionSet.values()) {
              evaluation.put(
                  set.label(),
                  answer(model, set.questions(seed, "eval", config.evalQuestions()), seed, true));
            }
            return new Answers(train, evaluation);
          }
        });
  }

  /** Greedy answers (first line) and, when asked, the model's probability of each. */
  private List<AnsweredQuestion> answer(
      EmbeddedModel model, List<MathQuestion> questions, long seed, boolean probabilities) {
    List<List<ChatMessage>> chats = new ArrayList<>();
    for (MathQuestion q : questions) {
      chats.add(List.of(ChatMessage.user(q.question())));
    }
    List<List<String>> replies =
        models.sample(
            model,
            chats,
            greedy(ANSWER_TOKENS),
            Seeds.derive(seed, "answers"),
            "answering " + questions.size() + " questions",
            progress);
    List<AnsweredQuestion> out = new ArrayList<>();
    for (int i = 0; i < questions.size(); i++) {
      MathQuestion q = questions.get(i);
      String answer = ConfidenceParser.answer(replies.get(i).getFirst());
      double p = Double.NaN;
      if (probabilities && !answer.isEmpty()) {
        p = Math.exp(model.scoreReplies(chats.get(i), List.of(answer)).getFirst().total());
      }
      out.add(
          new AnsweredQuestion(
              MathQuestionGenerator.subTaskOf(q).name(), q, answer, q.isCorrect(answer), p));
    }
    return out;
  }

  private Stage<Path> tune(Method m, long seed, Stage<Answers> answered, String targetRef) {
    TuneSettings tune = new TuneSettings(config.tuneEpochs(), 16, config.tuneLr(), null, 0, 0);
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("answers", answered);
    in.put("method", m.name());
    in.put("tune", tune);
    in.put("seed", seed);
    in.put("format", FORMAT);
    return stages.files(
        "confidence-" + m.key(),
        in,
        dir -> {
          Answers a = answered.value();
          Map<String, Double> accuracy = a.subTaskAccuracy();
          List<ChatExample> data = new ArrayList<>();
          for (AnsweredQuestion q : a.train()) {
            List<ChatMessage> c = new ArrayList<>(m.prompt(q.question().question(), q.answer()));
            c.add(ChatMessage.assistant(m.target(accuracy.get(q.subTask()), q.correct())));
            data.add(new ChatExample(c));
          }
          fineTune(targetRef, data, tune, Seeds.derive(seed, "tune", m.ordinal()), m.key(), dir);
        });
  }

  private Stage<EvalRun> evaluation(
      long seed,
      QuestionSet set,
      Stage<Answers> answered,
      String targetRef,
      Map<Method, Stage<Path>> tuned) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("answers", answered);
    in.put("set", set.label());
    in.put("bins", config.bins());
    in.put("seed", seed);
    in.put("confidenceTokens", CONFIDENCE_TOKENS);
    for (Map.Entry<Method, Stage<Path>> e : tuned.entrySet()) {
      in.put(e.getKey().key(), e.getValue());
    }
    return stages.value(
        "evaluate-" + set.label(),
        in,
        EvalRun.class,
        dir -> {
          Answers a = answered.value();
          Map<Method, EmbeddedModel> open = new EnumMap<>(Method.class);
          try (EmbeddedModel target = (EmbeddedModel) models.open(targetRef)) {
            for (Map.Entry<Method, Stage<Path>> e : tuned.entrySet()) {
              open.put(
                  e.getKey(), (EmbeddedModel) models.open(Models.embeddedAt(e.getValue().value())));
            }
            Task<AnsweredQuestion> task =
                task(set, seed, a.evaluation().get(set.label()), a.trainAccuracy(), open);
            progress.note("evaluating seed " + seed + " on " + set.label());
            return EvalRunner.run(task, target, new EvalConfig(0, 1, seed));
          } finally {
            open.values().forEach(EmbeddedModel::close);
          }
        });
  }

  // ------------------------------------------------------------------------ the eval task

  /**
   * One set's questions as an eval task: the solver asks each fine-tuned model for its confidence
   * in the target's fixed answer; the scorer reads every method's confidence.
   */
  Task<AnsweredQuestion> task(
      QuestionSet set,
      long seed,
      List<AnsweredQuestion> items,
      double constant,
      Map<Method, EmbeddedModel> tuned) {
    List<Sample<AnsweredQuestion>> samples = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      AnsweredQuestion a = items.get(i);
      MathQuestion q = a.question();
      samples.add(
          new Sample<>(
              "q" + i,
              q.question(),
              q.multiAnswer() ? q.relation() + " " + q.bound() : q.answer(),
              a));
    }
    BatchSolver<AnsweredQuestion> solver = (batch, model, s) -> solve(batch, s, constant, tuned);
    return new Task<>(
        "verbalized-calibration-" + set.label() + "-seed" + seed,
        samples,
        solver,
        (sample, out) -> scores(out),
        metrics());
  }

  private List<SolverOutput> solve(
      List<Sample<AnsweredQuestion>> batch,
      long seed,
      double constant,
      Map<Method, EmbeddedModel> tuned) {
    Map<Method, List<String>> replies = new EnumMap<>(Method.class);
    for (Method m : List.of(Method.NUMBERS, Method.WORDS)) {
      List<List<ChatMessage>> prompts = new ArrayList<>();
      for (Sample<AnsweredQuestion> s : batch) {
        prompts.add(m.prompt(s.item().question().question(), s.item().answer()));
      }
      List<String> texts = new ArrayList<>();
      for (List<String> r :
          models.sample(
              tuned.get(m),
              prompts,
              greedy(CONFIDENCE_TOKENS),
              Seeds.derive(seed, m.key()),
              m.title(),
              progress)) {
        texts.add(r.getFirst());
      }
      replies.put(m, texts);
    }
    List<SolverOutput> out = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      AnsweredQuestion a = batch.get(i).item();
      List<ContinuationScore> tf =
          tuned
              .get(Method.INDIRECT)
              .scoreReplies(
                  Method.INDIRECT.prompt(a.question().question(), a.answer()),
                  List.of(Method.TRUE, Method.FALSE));
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("answer", a.answer());
      details.put(CORRECT, a.correct());
      details.put(Method.NUMBERS.key(), replies.get(Method.NUMBERS).get(i));
      details.put(Method.WORDS.key(), replies.get(Method.WORDS).get(i));
      details.put(Method.INDIRECT.key(), trueProbability(tf.get(0).total(), tf.get(1).total()));
      details.put(Method.ANSWER_LOGIT.key(), nullIfNaN(a.answerProbability()));
      details.put(Method.CONSTANT.key(), constant);
      out.add(SolverOutput.generated(a.question().question(), a.answer(), details));
    }
    return out;
  }

  /** P(True) normalised over the two words: e^t / (e^t + e^f), computed stably. */
  static double trueProbability(double logTrue, double logFalse) {
    return 1 / (1 + Math.exp(logFalse - logTrue));
  }

  private static Map<String, Double> scores(SolverOutput out) {
    Map<String, Object> d = out.details();
    Map<String, Double> scores = new LinkedHashMap<>();
    scores.put(CORRECT, Boolean.TRUE.equals(d.get(CORRECT)) ? 1.0 : 0.0);
    double numbers = ConfidenceParser.parse(String.valueOf(d.get(Method.NUMBERS.key())));
    double words = VerbalizedWord.parse(String.valueOf(d.get(Method.WORDS.key())));
    scores.put(Method.NUMBERS.key(), numbers);
    scores.put(Method.WORDS.key(), words);
    scores.put(stated(Method.NUMBERS), Double.isNaN(numbers) ? 0.0 : 1.0);
    scores.put(stated(Method.WORDS), Double.isNaN(words) ? 0.0 : 1.0);
    for (Method m : List.of(Method.INDIRECT, Method.ANSWER_LOGIT, Method.CONSTANT)) {
      Object v = d.get(m.key());
      scores.put(m.key(), v == null ? Double.NaN : ((Number) v).doubleValue());
    }
    return scores;
  }

  static String stated(Method m) {
    return m.key() + "_stated";
  }

  private List<Metric> metrics() {
    List<Metric> metrics = new ArrayList<>();
    metrics.add(MeanMetric.of(CORRECT));
    metrics.add(MeanMetric.of(stated(Method.NUMBERS)));
    metrics.add(MeanMetric.of(stated(Method.WORDS)));
    for (Method m : Method.values()) {
      metrics.add(
          new CalibrationMetric(
              m.key() + "_mse", CalibrationMetric.Kind.MSE, m.key(), CORRECT, config.bins()));
      metrics.add(
          new CalibrationMetric(
              m.key() + "_mad",
              CalibrationMetric.Kind.MAD_EQUAL_MASS,
              m.key(),
              CORRECT,
              config.bins()));
    }
    return metrics;
  }

  private static Object nullIfNaN(double v) {
    return Double.isNaN(v) ? null : v;
  }

  private static Sampling greedy(int maxTokens) {
    return Sampling.builder()
        .optTemperature(0)
        .optMaxTokens(maxTokens)
        .optStop(List.of("\n"))
        .build();
  }

  // ------------------------------------------------------------------------ summaries

  /**
   * Standard deviation, range and explained share of sub-task accuracies, each measured on {@code
   * n} questions. The share is the between-sub-task variance over the answers' variance p(1 - p):
   * the accuracies' variance less its binomial noise (each p_T(1 - p_T)/(n - 1), unbiased for
   * Var(p_T) around the sub-task's true accuracy), floored at 0, so that noise alone does not pass
   * for variation.
   *
   * @throws IllegalArgumentException with no accuracies or n < 2
   */
  static Spread spread(java.util.Collection<Double> accuracies, int n) {
    if (accuracies.isEmpty() || n < 2) {
      throw new IllegalArgumentException(
          "need sub-task accuracies of at least 2 questions each, got "
              + accuracies.size()
              + " of "
              + n);
    }
    double[] p = accuracies.stream().mapToDouble(Double::doubleValue).toArray();
    double mean = java.util.Arrays.stream(p).average().orElseThrow();
    double var = 0;
    double noise = 0;
    for (double v : p) {
      var += (v - mean) * (v - mean);
      noise += v * (1 - v) / (n - 1);
    }
    var /= p.length;
    noise /= p.length;
    double total = mean * (1 - mean);
    double between = Math.max(0, var - noise);
    return new Spread(
        Math.sqrt(var),
        java.util.Arrays.stream(p).min().orElseThrow(),
        java.util.Arrays.stream(p).max().orElseThrow(),
        total > 0 ? between / total : 0,
        100 * between);
  }

  private List<SetAccuracy> accuracy(Map<Long, Map<QuestionSet, EvalRun>> runs) {
    List<SetAccuracy> out = new ArrayList<>();
    for (QuestionSet set : QuestionSet.values()) {
      double[] values =
          runs.values().stream()
              .mapToDouble(r -> 100 * r.get(set).metric(CORRECT).value())
              .toArray();
      out.add(new SetAccuracy(set.label(), MeanInterval.ofBounded(0, 100, values)));
    }
    return out;
  }

  private List<Cell> cells(Map<Long, Map<QuestionSet, EvalRun>> runs) {
    List<Cell> out = new ArrayList<>();
    for (QuestionSet set : QuestionSet.values()) {
      for (Method m : Method.values()) {
        List<Double> mse = new ArrayList<>();
        List<Double> mad = new ArrayList<>();
        double stated = 0;
        for (Map<QuestionSet, EvalRun> bySet : runs.values()) {
          EvalRun run = bySet.get(set);
          mse.add(100 * run.metric(m.key() + "_mse").value());
          mad.add(100 * run.metric(m.key() + "_mad").value());
          stated += (double) run.metric(m.key() + "_mse").n() / run.results().size();
        }
        double[] paper = PaperTable.scores(set, m);
        out.add(
            new Cell(
                set.label(),
                m.title(),
                summarise(mse),
                summarise(mad),
                mse,
                mad,
                stated / runs.size(),
                paper == null ? null : paper[0],
                paper == null ? null : paper[1]));
      }
    }
    return out;
  }

  /**
   * Mean with its t interval over seeds, clipped to the scores' range [0, 100]; NaN seeds (no
   * confidence read at all) are left out.
   */
  private static MeanInterval summarise(List<Double> values) {
    double[] v = values.stream().filter(x -> !x.isNaN()).mapToDouble(Double::doubleValue).toArray();
    return v.length == 0
        ? new MeanInterval(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0.95)
        : MeanInterval.ofBounded(0, 100, v);
  }

  private List<Curve> curves(Map<Long, Map<QuestionSet, EvalRun>> runs) {
    List<Curve> out = new ArrayList<>();
    for (QuestionSet set : QuestionSet.values()) {
      for (Method m : Method.values()) {
        List<double[]> rows = new ArrayList<>();
        for (Map<QuestionSet, EvalRun> bySet : runs.values()) {
          for (SampleResult r : bySet.get(set).results()) {
            double c = r.score(m.key());
            if (!Double.isNaN(c)) {
              rows.add(new double[] {c, r.score(CORRECT)});
            }
          }
        }
        double[] conf = rows.stream().mapToDouble(r -> r[0]).toArray();
        double[] correct = rows.stream().mapToDouble(r -> r[1]).toArray();
        List<Point> points = new ArrayList<>();
        for (Calibration.Bin b : Calibration.equalMassBins(conf, correct, config.bins())) {
          Interval w = Wilson.interval(b.accuracy() * b.count(), b.count());
          points.add(new Point(b.meanConfidence(), b.accuracy(), w.lower(), w.upper(), b.count()));
        }
        out.add(new Curve(set.label(), m.title(), points));
      }
    }
    return out;
  }

  private static List<Example> examples(Map<QuestionSet, EvalRun> runs) {
    List<Example> out = new ArrayList<>();
    for (QuestionSet set : List.of(QuestionSet.MULTI_ANSWER, QuestionSet.MULTIPLY_DIVIDE)) {
      List<SampleResult> results = runs.get(set).results();
      // Two right and two wrong answers where there are, so both kinds are shown.
      int right = 0;
      int wrong = 0;
      for (SampleResult r : results) {
        boolean correct = r.score(CORRECT) == 1;
        if (correct ? right++ < 2 : wrong++ < 2) {
          Map<String, Object> d = r.output().details();
          out.add(
              new Example(
                  set.label(),
                  r.input(),
                  String.valueOf(d.get("answer")),
                  correct,
                  String.valueOf(d.get(Method.NUMBERS.key())),
                  String.valueOf(d.get(Method.WORDS.key())),
                  r.score(Method.INDIRECT.key()),
                  r.score(Method.ANSWER_LOGIT.key())));
        }
      }
    }
    return out;
  }
}
