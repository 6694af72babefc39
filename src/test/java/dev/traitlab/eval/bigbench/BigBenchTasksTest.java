package dev.traitlab.eval.bigbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.eval.ScriptedModel;
import dev.traitlab.eval.SharedData;
import dev.traitlab.eval.task.EvalConfig;
import dev.traitlab.eval.task.EvalRun;
import dev.traitlab.eval.task.EvalRunner;
import dev.traitlab.eval.task.SampleResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class BigBenchTasksTest {

  private static BigBenchTaskFile parse(String json) throws Exception {
    return BigBenchLoader.parse("t.json", new ObjectMapper().readTree(json), null);
  }

  @Test
  void fewShotPromptFollowsTheSchema() throws Exception {
    // One-choice lists keep the prompt independent of the shuffle.
    BigBenchTaskFile t =
        parse(
            """
            {"name": "m", "metrics": ["multiple_choice_grade"], "task_prefix": "Math.\\n",
             "examples": [{"input": "2+2", "target_scores": {"4": 1}},
                          {"input": "3+3", "target_scores": {"6": 1}}]}
            """);
    ScriptedModel model = ScriptedModel.scoring((p, c) -> -0.7);
    EvalRun run = EvalRunner.run(BigBenchTasks.multipleChoice(t, 1), model, EvalConfig.defaults());
    String prompt = "Math.\n\nQ: 3+3\n  choice: 6\nA: 6\n\nQ: 2+2\n  choice: 4\nA: ";
    assertEquals(prompt, run.results().get(0).output().prompt());
    // The model scores " 4" after "...A:": the prompt's trailing space moves into the choice.
    assertEquals(prompt.stripTrailing(), model.prompts.get(0));
    // A single choice gets probability one: full grade, no Brier error, no calibration error.
    assertEquals(1.0, run.metric(BigBenchTasks.MCG).value());
    assertEquals(0.0, run.metric(BigBenchTasks.BRIER).value(), 1e-15);
    assertEquals(0.0, run.metric(BigBenchTasks.ECE).value(), 1e-15);
    assertThrows(
        TraitlabException.class,
        () -> EvalRunner.run(BigBenchTasks.multipleChoice(t, 2), model, EvalConfig.defaults()));
  }

  @Test
  void partialCreditCalibrationAndBrierByHand() throws Exception {
    BigBenchTaskFile t =
        parse(
            """
            {"name": "p", "metrics": ["multiple_choice_grade"], "append_choices_to_input": false,
             "examples": [{"input": "x", "target_scores": {"a": 1, "b": 0.5, "c": 0}},
                          {"input": "y", "target_scores": {"a": 0, "b": 1}}]}
            """);
    // The model always likes "b" with p 0.5, "a" 0.3, "c" 0.2 (renormalised per example).
    ScriptedModel model =
        ScriptedModel.scoring(
            (p, c) ->
                Math.log(
                    switch (c) {
                      case " b" -> 0.5;
                      case " a" -> 0.3;
                      default -> 0.2;
                    }));
    EvalRun run = EvalRunner.run(BigBenchTasks.multipleChoice(t, 0), model, EvalConfig.defaults());
    assertEquals("\nQ: x\nA:", model.prompts.get(0));
    assertEquals((0.5 + 1.0) / 2, run.metric(BigBenchTasks.MCG).value(), 1e-12);
    double brier1 = (Math.pow(0.3 - 1, 2) + Math.pow(0.5 - 0.5, 2) + Math.pow(0.2, 2)) / 3;
    double brier2 = (Math.pow(0.3 / 0.8, 2) + Math.pow(0.5 / 0.8 - 1, 2)) / 2;
    assertEquals((brier1 + brier2) / 2, run.metric(BigBenchTasks.BRIER).value(), 1e-12);
    // Confidences 0.5 (wrong: b is not the best) and 0.625 (right): bins 5 and 6.
    double ece = 0.5 * Math.abs(0 - 0.5) + 0.5 * Math.abs(1 - 0.625);
    assertEquals(ece, run.metric(BigBenchTasks.ECE).value(), 1e-12);
  }

  @Test
  void oracleModelScoresOneOnRealTaskAndPromptsHoldChoices() {
    BigBenchTaskFile t =
        BigBenchLoader.load(SharedData.require("bigbench/disambiguation_qa")).get(0);
    ScriptedModel model =
        ScriptedModel.scoring(
            (p, c) -> {
              // Knows the answer of the example whose sentence the prompt asks about.
              for (BigBenchExample e : t.examples()) {
                if (p.contains("\nSentence: " + e.input() + "\n  choice: ")) {
                  // Scored after "A:" with the prompt's trailing space in front.
                  return e.targetScores().get(c.substring(1)) == 1.0 ? 0.0 : -20.0;
                }
              }
              return -20.0;
            });
    EvalRun run =
        EvalRunner.run(BigBenchTasks.multipleChoice(t, 0), model, new EvalConfig(20, 1, 3));
    assertEquals(1.0, run.metric(BigBenchTasks.MCG).value());
    assertTrue(run.metric(BigBenchTasks.ECE).value() < 1e-6);
    String prompt = model.prompts.get(0);
    assertTrue(prompt.startsWith(t.format().taskPrefix() + "\nSentence: "), prompt);
    for (String choice : t.examples().get(0).targetScores().keySet()) {
      assertTrue(prompt.contains("\n  choice: " + choice), choice);
    }
  }

  @Test
  void sameSeedSamePromptsOtherSeedOtherShuffle() {
    BigBenchTaskFile t =
        BigBenchLoader.load(SharedData.require("bigbench/movie_recommendation")).get(0);
    ScriptedModel a = ScriptedModel.scoring((p, c) -> -1.0);
    ScriptedModel b = ScriptedModel.scoring((p, c) -> -1.0);
    ScriptedModel c = ScriptedModel.scoring((p, x) -> -1.0);
    EvalRunner.run(BigBenchTasks.multipleChoice(t, 3), a, new EvalConfig(5, 1, 11));
    EvalRunner.run(BigBenchTasks.multipleChoice(t, 3), b, new EvalConfig(5, 1, 11));
    EvalRunner.run(BigBenchTasks.multipleChoice(t, 3), c, new EvalConfig(5, 1, 12));
    assertEquals(a.prompts, b.prompts);
    assertTrue(!a.prompts.equals(c.prompts));
    // 3 shots -> three "\n\nFind a movie similar to " blocks before the question's own.
    assertEquals(4, a.prompts.get(0).split("Find a movie similar to ", -1).length - 1);
  }

  @Test
  void exactStrMatchPostprocessesGeneratedText() {
    BigBenchTaskFile t =
        BigBenchLoader.load(SharedData.require("bigbench/geometric_shapes")).get(0);
    ScriptedModel model =
        new ScriptedModel(
            (p, c) -> 0.0,
            p -> p.contains("M 59.43,52.76 L 75.49,27.45") ? "hexagon.\nQ: more" : "",
            m -> "",
            m -> List.of());
    EvalRun run =
        EvalRunner.run(BigBenchTasks.generative(t, 0, 16), model, new EvalConfig(3, 1, 0));
    SampleResult first = run.results().get(0);
    assertEquals("hexagon", first.output().output());
    assertEquals(1.0, first.score(BigBenchTasks.EXACT));
    // Empty outputs match nothing.
    assertEquals(0.0, run.results().get(1).score(BigBenchTasks.EXACT));
    assertEquals(1.0 / 3, run.metric(BigBenchTasks.EXACT).value(), 1e-12);
  }
}
