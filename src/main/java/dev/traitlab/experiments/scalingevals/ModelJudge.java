package dev.traitlab.experiments.scalingevals;

import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.data.toyworld.ScalingBenchmarks;
import dev.traitlab.data.toyworld.ScalingBenchmarks.JudgeLabel;
import dev.traitlab.data.toyworld.ScalingBenchmarks.ReferencedLabel;
import dev.traitlab.data.toyworld.ScalingWorld;
import dev.traitlab.data.toyworld.ScalingWorld.Fact;
import dev.traitlab.data.toyworld.ScalingWorldConfig;
import dev.traitlab.eval.task.MetricValue;
import dev.traitlab.eval.truthfulqa.AnswerJudge;
import dev.traitlab.eval.truthfulqa.TruthfulQaPrompts;
import dev.traitlab.eval.truthfulqa.TruthfulQaQuestion;
import dev.traitlab.model.embedded.PlainTextPretraining;
import dev.traitlab.model.embedded.PlainTextPretraining.PromptCompletion;
import dev.traitlab.nn.train.TrainingSettings;
import dev.traitlab.stats.roc.RocCurve;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The toy judge in GPT-judge's role (Lin, Hilton, Evans 2021, section 4.1: a GPT-3 fine-tuned to
 * answer " yes" or " no" after "True:" and after "Helpful:", scored by P(" yes")): a family model
 * fine-tuned on labelled answers whose labels the world's generator gives. Unlike GPT-judge it is
 * shown the question's reference true answer ({@link
 * TruthfulQaPrompts#referencedTruthJudgePrompt}): a 0.9M-parameter model cannot hold the truth of
 * questions it never saw, but it can learn to compare an answer with a reference, a skill that
 * carries over to questions it was not trained on. It is trained only on facts no evaluation file
 * asks about, so every evaluation question's answers are held out: {@value #FACTS} facts of a
 * second world (the same generator, another seed; creatures whose names the evaluated world does
 * not use), each seen once (per fact the true sentence, two false ones and a non-answer), so that
 * memorising which sentence is true cannot lower the loss and comparing with the reference must. It
 * does not learn the comparison well (held-out balanced accuracy about 0.69, see the README).
 * Tried: 2 passes over the evaluated world's own 670 unevaluated facts (memorised: loss near 0,
 * 0.23 of held-out true sentences called true); 12,000 facts of several worlds with one false
 * sentence each at 1e-3 (AUC 0.60) and about 10,000 at 2e-3 (diverged: "no" to every sentence).
 */
final class ModelJudge {
  /** Changes with the training recipe, so that an older judge stage is not reused. */
  static final String RECIPE = "reference-shown yes/no fine-tune on a second world, balanced v3";

  /** Facts of the second world the judge is trained on (4 labelled answers each). */
  static final int FACTS = 4000;

  static final int EPOCHS = 1;
  static final double LEARNING_RATE = 1e-3;
  static final int BATCH = 16;

  private ModelJudge() {}

  /**
   * The judge's training labels ({@link ScalingBenchmarks#referencedLabels}): {@value #FACTS} facts
   * drawn from {@code seed} out of a second world of {@link ScalingWorld#MAX_CREATURES} creatures
   * (lore seed derived from {@code seed}), leaving out creatures whose names {@code evaluated}
   * uses.
   */
  static List<ReferencedLabel> trainingLabels(ScalingWorld evaluated, long seed) {
    ScalingWorldConfig e = evaluated.config();
    ScalingWorld second =
        new ScalingWorld(
            new ScalingWorldConfig(
                1,
                Seeds.derive(seed, "judge-world"),
                ScalingWorld.MAX_CREATURES,
                e.zipfExponent(),
                e.misconceptions(),
                e.casualShare(),
                e.factShare(),
                e.maxSumSteps()));
    Set<String> taken = new HashSet<>(evaluated.creatures());
    List<Fact> facts = new ArrayList<>();
    for (Fact f : second.facts()) {
      if (!taken.contains(second.creatures().get(f.creature()))) {
        facts.add(f);
      }
    }
    Collections.shuffle(facts, new Random(Seeds.derive(seed, "judge-facts")));
    if (facts.size() < FACTS) {
      throw new IllegalStateException("the judge's world has only " + facts.size() + " facts");
    }
    return ScalingBenchmarks.referencedLabels(
        second, facts.subList(0, FACTS), Seeds.derive(seed, "judge-labels"));
  }

  /**
   * Each label as two examples: the referenced truth prompt followed by " yes" or " no", and the
   * GPT-info prompt followed by " yes" or " no".
   */
  static List<PromptCompletion> examples(List<ReferencedLabel> labels) {
    List<PromptCompletion> out = new ArrayList<>(2 * labels.size());
    for (ReferencedLabel r : labels) {
      JudgeLabel l = r.label();
      out.add(
          new PromptCompletion(
              TruthfulQaPrompts.referencedTruthJudgePrompt(l.question(), r.reference(), l.answer()),
              l.truthful() ? " yes" : " no"));
      out.add(
          new PromptCompletion(
              TruthfulQaPrompts.infoJudgePrompt(l.question(), l.answer()),
              l.informative() ? " yes" : " no"));
    }
    return out;
  }

  /** Fine-tunes the model in {@code from} into {@code dir} on {@link #examples} of the labels. */
  static PlainTextPretraining.Trained train(
      List<ReferencedLabel> labels,
      Path from,
      int maxLength,
      long seed,
      Path dir,
      Progress progress)
      throws IOException {
    TrainingSettings settings =
        TrainingSettings.builder()
            .optEpochs(EPOCHS)
            .optBatchSize(BATCH)
            .optLearningRate(LEARNING_RATE)
            .optWarmupRatio(0.05)
            .optSeed(seed)
            .optMaxSequenceLength(maxLength)
            .build();
    return PlainTextPretraining.fineTune(
        examples(labels), from, settings, dir, progress, "fine-tuning the toy judge");
  }

  /**
   * The judge's agreement with labelled answers it was not trained on, through {@code judge} (the
   * same calls the generation task makes): truth verdicts on the value sentences of misconception
   * questions, of control questions and of both ({@link JudgeAgreement#metrics}); the share of
   * non-answers called true; informativeness verdicts on every answer.
   *
   * @param questions the evaluation questions by their text (the references come from them)
   * @param misconceptions the texts of the misconception questions
   * @throws IllegalArgumentException when a label's question is not among {@code questions}
   */
  static List<MetricValue> agreement(
      AnswerJudge judge,
      List<JudgeLabel> labels,
      Map<String, TruthfulQaQuestion> questions,
      Set<String> misconceptions,
      Progress progress) {
    int n = labels.size();
    boolean[] truthVerdict = new boolean[n];
    boolean[] infoVerdict = new boolean[n];
    double[] pTrue = new double[n];
    progress.start("judging held-out labelled answers", n);
    for (int i = 0; i < n; i++) {
      JudgeLabel l = labels.get(i);
      TruthfulQaQuestion q = questions.get(l.question());
      if (q == null) {
        throw new IllegalArgumentException("judge agreement: no question '" + l.question() + "'");
      }
      pTrue[i] = judge.pTrue(q, l.answer());
      truthVerdict[i] = pTrue[i] >= 0.5;
      infoVerdict[i] = judge.pInfo(l.question(), l.answer()) >= 0.5;
      progress.step(i + 1, "");
    }
    progress.finish();
    List<MetricValue> out =
        new ArrayList<>(metrics(labels, truthVerdict, infoVerdict, misconceptions));
    out.add(auc(labels, pTrue));
    return out;
  }

  /**
   * The area under the ROC curve of P(true) between the true and the false value sentences
   * (threshold-free: whether the judge ranks true sentences above false ones at all; 0.5 when it
   * does not separate them), without an interval.
   */
  static MetricValue auc(List<JudgeLabel> labels, double[] pTrue) {
    List<Double> pos = new ArrayList<>();
    List<Double> neg = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      if (labels.get(i).informative()) {
        (labels.get(i).truthful() ? pos : neg).add(pTrue[i]);
      }
    }
    if (pos.isEmpty() || neg.isEmpty()) {
      return new MetricValue("truth_sentences_auc", Double.NaN, Double.NaN, Double.NaN, 0, "auc");
    }
    double a =
        RocCurve.of(
                neg.stream().mapToDouble(Double::doubleValue).toArray(),
                pos.stream().mapToDouble(Double::doubleValue).toArray())
            .auc();
    return new MetricValue(
        "truth_sentences_auc", a, Double.NaN, Double.NaN, pos.size() + neg.size(), "auc");
  }

  /** The agreement metrics of given verdicts (see {@link #agreement}). */
  static List<MetricValue> metrics(
      List<JudgeLabel> labels,
      boolean[] truthVerdict,
      boolean[] infoVerdict,
      Set<String> misconceptions) {
    List<MetricValue> out = new ArrayList<>();
    for (String group :
        List.of(
            ScalingEvalsExperiment.MISCONCEPTIONS, ScalingEvalsExperiment.CONTROLS, "sentences")) {
      List<Boolean> v = new ArrayList<>();
      List<Boolean> y = new ArrayList<>();
      for (int i = 0; i < labels.size(); i++) {
        JudgeLabel l = labels.get(i);
        boolean mis = misconceptions.contains(l.question());
        boolean in =
            group.equals("sentences")
                || (group.equals(ScalingEvalsExperiment.MISCONCEPTIONS) == mis);
        if (l.informative() && in) {
          v.add(truthVerdict[i]);
          y.add(l.truthful());
        }
      }
      out.addAll(JudgeAgreement.of(array(v), array(y)).metrics("truth_" + group));
    }
    int non = 0;
    int nonTrue = 0;
    boolean[] infoLabels = new boolean[labels.size()];
    for (int i = 0; i < labels.size(); i++) {
      infoLabels[i] = labels.get(i).informative();
      if (!labels.get(i).informative()) {
        non++;
        nonTrue += truthVerdict[i] ? 1 : 0;
      }
    }
    out.add(JudgeAgreement.rate("truth_non_answers_called_true", nonTrue, non));
    out.addAll(JudgeAgreement.of(infoVerdict, infoLabels).metrics("info"));
    return out;
  }

  private static boolean[] array(List<Boolean> values) {
    boolean[] out = new boolean[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
