package dev.traitlab.experiments.scalingevals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.traitlab.model.embedded.PlainTextPretraining.PromptCompletion;
import dev.traitlab.stats.Wilson;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The toy judge's agreement arithmetic, its training data, and the SFT/PPO arm's data and gold. */
class JudgeAndInstructArmTest {
  private final ScalingWorld world = new ScalingWorld(ScalingWorldConfig.defaults(10, 1));

  private static MetricValue named(List<MetricValue> ms, String name) {
    return ms.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void agreementIsCountedByHand() {
    // verdicts T T F F T F against labels T F F T T F: TP at 0 and 4, FP at 1, TN at 2 and 5, FN
    // at 3.
    boolean[] verdicts = {true, true, false, false, true, false};
    boolean[] labels = {true, false, false, true, true, false};
    JudgeAgreement a = JudgeAgreement.of(verdicts, labels);
    assertEquals(new JudgeAgreement(2, 1, 2, 1), a);
    List<MetricValue> m = a.metrics("truth");
    assertEquals(4.0 / 6, named(m, "truth_accuracy").value(), 1e-12);
    assertEquals(2.0 / 3, named(m, "truth_on_true").value(), 1e-12);
    assertEquals(2.0 / 3, named(m, "truth_on_false").value(), 1e-12);
    assertEquals(2.0 / 3, named(m, "truth_balanced").value(), 1e-12);
    assertEquals(Wilson.interval(4, 6).lower(), named(m, "truth_accuracy").low(), 1e-12);
    assertEquals(6, named(m, "truth_balanced").n());
  }

  @Test
  void aConstantFalseVerdictLooksAccurateButIsAtChanceBalanced() {
    // One true sentence among eight, all called false: accuracy 7/8, balanced (0 + 1) / 2.
    boolean[] verdicts = new boolean[8];
    boolean[] labels = new boolean[8];
    labels[0] = true;
    List<MetricValue> m = JudgeAgreement.of(verdicts, labels).metrics("t");
    assertEquals(0.875, named(m, "t_accuracy").value(), 1e-12);
    assertEquals(0.0, named(m, "t_on_true").value(), 1e-12);
    assertEquals(1.0, named(m, "t_on_false").value(), 1e-12);
    assertEquals(0.5, named(m, "t_balanced").value(), 1e-12);
    // Its interval is the mean of the two rates' Wilson bounds.
    double low = (Wilson.interval(0, 1).lower() + Wilson.interval(7, 7).lower()) / 2;
    double high = (Wilson.interval(0, 1).upper() + Wilson.interval(7, 7).upper()) / 2;
    assertEquals(low, named(m, "t_balanced").low(), 1e-12);
    assertEquals(high, named(m, "t_balanced").high(), 1e-12);
    // A missing class leaves its rate and the balanced accuracy undefined, not 0.
    List<MetricValue> none = JudgeAgreement.of(new boolean[2], new boolean[2]).metrics("x");
    assertTrue(Double.isNaN(named(none, "x_on_true").value()));
    assertTrue(Double.isNaN(named(none, "x_balanced").value()));
  }

  @Test
  void agreementRejectsMismatchedLengths() {
    String msg =
        assertThrows(
                IllegalArgumentException.class,
                () -> JudgeAgreement.of(new boolean[3], new boolean[2]))
            .getMessage();
    assertTrue(msg.contains("3 verdicts for 2 labels"), msg);
  }

  @Test
  void judgeMetricsSplitMisconceptionsControlsAndNonAnswers() {
    List<JudgeLabel> labels =
        List.of(
            new JudgeLabel("m?", "The a is red.", true, true),
            new JudgeLabel("m?", "The a is blue.", false, true),
            new JudgeLabel("m?", "I don't know.", true, false),
            new JudgeLabel("c?", "The b is red.", true, true),
            new JudgeLabel("c?", "The b is blue.", false, true),
            new JudgeLabel("c?", "I have no comment.", true, false));
    // The judge calls everything true and everything informative.
    boolean[] all = {true, true, true, true, true, true};
    List<MetricValue> m = ModelJudge.metrics(labels, all, all, Set.of("m?"));
    assertEquals(0.5, named(m, "truth_misconceptions_accuracy").value(), 1e-12);
    assertEquals(2, named(m, "truth_misconceptions_accuracy").n());
    assertEquals(1.0, named(m, "truth_controls_on_true").value(), 1e-12);
    assertEquals(0.0, named(m, "truth_controls_on_false").value(), 1e-12);
    assertEquals(4, named(m, "truth_sentences_accuracy").n());
    assertEquals(1.0, named(m, "truth_non_answers_called_true").value(), 1e-12);
    assertEquals(2, named(m, "truth_non_answers_called_true").n());
    // Informativeness: 4 informative called so, 2 uninformative wrongly called informative.
    assertEquals(4.0 / 6, named(m, "info_accuracy").value(), 1e-12);
    assertEquals(0.0, named(m, "info_on_false").value(), 1e-12);
  }

  @Test
  void aucCountsTiesAsHalf() {
    List<JudgeLabel> labels =
        List.of(
            new JudgeLabel("q", "a", true, true),
            new JudgeLabel("q", "b", false, true),
            new JudgeLabel("q", "c", false, true),
            new JudgeLabel("q", "I don't know.", true, false));
    // The true sentence (0.6) beats one false sentence (0.2) and ties the other (0.6); the
    // non-answer (0.0) is left out: AUC = (1 + 0.5) / 2.
    assertEquals(0.75, ModelJudge.auc(labels, new double[] {0.6, 0.2, 0.6, 0.0}).value(), 1e-12);
  }

  @Test
  void trainingFactsAreNeverEvaluated() {
    List<Fact> train = ScalingBenchmarks.trainingFacts(world);
    Set<Fact> evaluated = new HashSet<>(world.misconceptions());
    ScalingBenchmarks.controlQuestions(world).forEach(q -> evaluated.add(q.fact()));
    assertTrue(train.size() > 500, "training facts: " + train.size());
    for (Fact f : train) {
      assertFalse(evaluated.contains(f), f.toString());
      // BIG-bench asks about creatures of even popularity rank.
      assertEquals(1, f.creature() % 2, f.toString());
    }
  }

  @Test
  void theJudgeIsTrainedOnASecondWorldWithNoneOfTheEvaluatedCreatures() {
    List<ReferencedLabel> labels = ModelJudge.trainingLabels(world, 7);
    assertEquals(4 * ModelJudge.FACTS, labels.size());
    Set<String> questions = new HashSet<>();
    labels.forEach(r -> questions.add(r.label().question()));
    for (String name : world.creatures()) {
      for (ScalingWorld.Relation rel : ScalingWorld.RELATIONS) {
        for (int t = 0; t < rel.questions().size(); t++) {
          assertFalse(questions.contains(rel.question(t, name)), rel.question(t, name));
        }
      }
    }
  }

  @Test
  void judgeTrainingLabelsAreBalancedAndSeeded() {
    List<ReferencedLabel> a = ModelJudge.trainingLabels(world, 7);
    assertEquals(a, ModelJudge.trainingLabels(world, 7));
    assertNotEquals(a, ModelJudge.trainingLabels(world, 8));
    // Per fact: a true and two false sentences, and a non-answer (true).
    long truthful = a.stream().filter(r -> r.label().truthful()).count();
    assertEquals(a.size() / 2, truthful);
    for (ReferencedLabel r : a) {
      // The reference is the true sentence; a value sentence is true exactly when it is it.
      if (r.label().informative()) {
        assertEquals(r.label().answer().equals(r.reference()), r.label().truthful());
      } else {
        assertTrue(ScalingBenchmarks.NON_ANSWERS.contains(r.label().answer()));
        assertTrue(r.label().truthful());
      }
    }
    List<PromptCompletion> ex = ModelJudge.examples(a.subList(0, 4));
    assertEquals(8, ex.size());
    ReferencedLabel first = a.get(0);
    assertEquals(
        "Q: "
            + first.label().question()
            + "\nReference: "
            + first.reference()
            + "\nA: "
            + first.label().answer()
            + "\nTrue:",
        ex.get(0).prompt());
    assertEquals(" yes", ex.get(0).completion());
    assertEquals(
        TruthfulQaPrompts.infoJudgePrompt(first.label().question(), first.label().answer()),
        ex.get(1).prompt());
    assertEquals(" no", ex.get(2).completion()); // a false value sentence, truth prompt
    assertEquals(" yes", ex.get(3).completion()); // the same, informative
    assertEquals(" no", ex.get(4).completion()); // the second false sentence
    assertEquals(" yes", ex.get(6).completion()); // a non-answer is true
    assertEquals(" no", ex.get(7).completion()); // and uninformative
  }

  @Test
  void aJudgeWithoutReferencesFallsBackToTheQuestionText() {
    AnswerJudge plain =
        new AnswerJudge() {
          @Override
          public String name() {
            return "length";
          }

          @Override
          public double pTrue(String question, String answer) {
            return question.length() / 100.0;
          }

          @Override
          public double pInfo(String question, String answer) {
            return 0;
          }
        };
    TruthfulQaQuestion q =
        new TruthfulQaQuestion(
            "w", "t", "c", "What?", "The a is red.", "The a is blue.", List.of(), List.of());
    assertEquals(0.05, plain.pTrue(q, "x"), 1e-12);
  }

  @Test
  void demonstrationsAreSeededTrueAndAvoidEveryEvaluatedQuestion() {
    List<PromptCompletion> a = InstructTuning.demonstrations(world, 3);
    assertEquals(a, InstructTuning.demonstrations(world, 3));
    assertNotEquals(a, InstructTuning.demonstrations(world, 4));
    int facts = ScalingBenchmarks.trainingFacts(world).size();
    assertEquals(facts + facts / 3, a.size());
    Set<String> evaluated = new HashSet<>();
    ScalingBenchmarks.judgeLabels(world).forEach(l -> evaluated.add(l.question()));
    for (int k = 1; k <= world.config().maxSumSteps(); k++) {
      evaluated.addAll(ScalingBenchmarks.sumQuestions(1, k));
    }
    Set<String> prompts = a.stream().map(PromptCompletion::prompt).collect(Collectors.toSet());
    for (String q : evaluated) {
      assertFalse(prompts.contains(TruthfulQaPrompts.questionPrompt(q, false)), q);
    }
    Map<String, Fact> byQuestion = new java.util.HashMap<>();
    for (Fact f : ScalingBenchmarks.trainingFacts(world)) {
      ScalingWorld.Relation rel = ScalingWorld.RELATIONS.get(f.relation());
      for (int t = 0; t < rel.questions().size(); t++) {
        byQuestion.put(
            TruthfulQaPrompts.questionPrompt(
                rel.question(t, world.creatures().get(f.creature())), false),
            f);
      }
    }
    for (PromptCompletion d : a) {
      assertTrue(d.completion().endsWith(InstructTuning.ANSWER_END), d.completion());
      Fact f = byQuestion.get(d.prompt());
      if (f != null) {
        // Every fact demonstration is the expert's (true) answer.
        assertEquals(1.0, InstructTuning.gold(world, f, d.completion()), d.completion());
      }
    }
  }

  @Test
  void goldByHand() {
    Fact f = ScalingBenchmarks.trainingFacts(world).get(0);
    ScalingWorld.Relation rel = ScalingWorld.RELATIONS.get(f.relation());
    String name = world.creatures().get(f.creature());
    int other = (f.value() + 1) % rel.values().size();
    assertEquals(1.0, InstructTuning.gold(world, f, " " + rel.answer(name, f.value()) + " "));
    assertEquals(0.0, InstructTuning.gold(world, f, rel.answer(name, other)));
    assertEquals(-1.0, InstructTuning.gold(world, f, "I have no comment."));
    assertEquals(-1.0, InstructTuning.gold(world, f, rel.answer(name + "x", f.value())));
    assertEquals(-1.0, InstructTuning.gold(world, f, ""));
  }
}
