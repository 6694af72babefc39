package dev.traitlab.eval.calibratedmath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.eval.ScriptedModel;
import dev.traitlab.eval.task.EvalConfig;
import dev.traitlab.eval.task.EvalRun;
import dev.traitlab.eval.task.EvalRunner;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CalibratedMathTest {

  @Test
  void sameSeedSameQuestionsAndEverySubTaskCovered() {
    List<MathQuestion> a = MathQuestionGenerator.generate(5, 300);
    assertEquals(a, MathQuestionGenerator.generate(5, 300));
    assertNotEquals(a, MathQuestionGenerator.generate(6, 300));
    int subTasks = MathQuestionGenerator.subTasks().size();
    assertEquals(21, MathOperation.values().length);
    assertEquals(
        subTasks,
        a.subList(0, subTasks).stream()
            .map(q -> q.operation() + q.digits1() + "x" + q.digits2())
            .distinct()
            .count());
  }

  @Test
  void canonicalAnswersAreCorrectAndArithmeticChecksOut() {
    Pattern binary = Pattern.compile("What is (\\d+) ([-+*/]) (\\d+)\\?");
    for (MathQuestion q : MathQuestionGenerator.generate(1, 2000)) {
      assertTrue(q.isCorrect(q.answer()), q.toString());
      Matcher m = binary.matcher(q.question());
      if (m.matches()) {
        long x = Long.parseLong(m.group(1));
        long y = Long.parseLong(m.group(3));
        long expected =
            switch (m.group(2)) {
              case "+" -> x + y;
              case "-" -> x - y;
              case "*" -> x * y;
              default -> {
                assertEquals(0, x % y, q.question());
                yield x / y;
              }
            };
        assertEquals(Long.toString(expected), q.answer(), q.question());
      }
    }
  }

  @Test
  void digitCountsAreRespected() {
    Random r = new Random(0);
    for (int i = 0; i < 200; i++) {
      MathQuestion q = MathOperation.ADD.generate(3, 1, r);
      Matcher m = Pattern.compile("What is (\\d+) \\+ (\\d+)\\?").matcher(q.question());
      assertTrue(m.matches());
      assertEquals(3, m.group(1).length());
      assertEquals(1, m.group(2).length());
    }
  }

  @Test
  void multiAnswerAndNumberParsing() {
    MathQuestion gt =
        new MathQuestion("GREATER_THAN", 2, 0, "Name any number greater than 50.", "51", '>', 50);
    assertTrue(gt.isCorrect("1,000"));
    assertFalse(gt.isCorrect("50"));
    assertFalse(gt.isCorrect("fifty-one"));
    MathQuestion sub = new MathQuestion("SUBTRACT", 1, 2, "What is 3 - 10?", "-7", '=', 0);
    assertTrue(sub.isCorrect("-7."));
    assertFalse(sub.isCorrect("7"));
    assertFalse(sub.isCorrect(""));
  }

  @Test
  void confidenceParsing() {
    assertEquals(0.85, ConfidenceParser.parse("59\nConfidence: 85%"), 1e-12);
    assertEquals(0.075, ConfidenceParser.parse("confidence:7.5 %"), 1e-12);
    assertTrue(Double.isNaN(ConfidenceParser.parse("59")));
    assertTrue(Double.isNaN(ConfidenceParser.parse("Confidence: 150%")));
    assertEquals("59", ConfidenceParser.answer("  59 \nConfidence: 85%"));
    assertEquals("", ConfidenceParser.answer(""));
  }

  @Test
  void endToEndCalibrationByHand() {
    List<MathQuestion> qs =
        List.of(
            new MathQuestion("ADD", 1, 1, "What is 2 + 3?", "5", '=', 0),
            new MathQuestion("ADD", 1, 1, "What is 4 + 4?", "8", '=', 0),
            new MathQuestion("ADD", 1, 1, "What is 1 + 1?", "2", '=', 0),
            new MathQuestion("ADD", 1, 1, "What is 9 + 9?", "18", '=', 0));
    // Right on the first two with 90% / 70%, wrong on the third with 90%, no confidence on the
    // last.
    ScriptedModel model =
        new ScriptedModel(
            (p, c) -> Math.log(c.equals(" 5") ? 0.8 : 0.4),
            p ->
                switch (p) {
                  case "Q: What is 2 + 3?\nA:" -> " 5\nConfidence: 90%";
                  case "Q: What is 4 + 4?\nA:" -> " 8\nConfidence: 70%";
                  case "Q: What is 1 + 1?\nA:" -> " 3\nConfidence: 90%";
                  default -> " 18";
                },
            m -> "",
            m -> List.of());
    EvalRun run = EvalRunner.run(CalibratedMathTask.task(qs, 16), model, EvalConfig.defaults());
    assertEquals(0.75, run.metric(CalibratedMathTask.CORRECT).value(), 1e-12);
    double mse = (0.01 + 0.09 + 0.81) / 3;
    assertEquals(mse, run.metric("verbal_confidence_mse").value(), 1e-12);
    assertEquals(3, run.metric("verbal_confidence_mse").n());
    // Bins: 0.7 -> bin 7 (acc 1), 0.9 twice -> bin 9 (acc 0.5).
    assertEquals((0.3 + 0.4) / 2, run.metric("verbal_confidence_mad").value(), 1e-12);
    assertEquals(1.0 / 3 * 0.3 + 2.0 / 3 * 0.4, run.metric("verbal_confidence_ece").value(), 1e-12);
    // Answer probabilities 0.8, 0.4, 0.4, 0.4 against correct 1, 1, 0, 1.
    double probMse = (0.04 + 0.36 + 0.16 + 0.36) / 4;
    assertEquals(probMse, run.metric("answer_probability_mse").value(), 1e-12);
    assertEquals(4, run.metric("answer_probability_ece").n());
  }

  @Test
  void confidenceWordsFollowThePapersIntervalsOfWidthPointTwo() {
    assertEquals(VerbalizedWord.LOWEST, VerbalizedWord.of(0));
    assertEquals(VerbalizedWord.LOWEST, VerbalizedWord.of(0.1999));
    assertEquals(VerbalizedWord.LOW, VerbalizedWord.of(0.2));
    assertEquals(VerbalizedWord.MEDIUM, VerbalizedWord.of(0.5));
    assertEquals(VerbalizedWord.HIGH, VerbalizedWord.of(0.79));
    assertEquals(VerbalizedWord.HIGHEST, VerbalizedWord.of(0.8));
    assertEquals(VerbalizedWord.HIGHEST, VerbalizedWord.of(1));
    assertEquals(0.1, VerbalizedWord.LOWEST.midpoint(), 1e-12);
    assertEquals(0.9, VerbalizedWord.HIGHEST.midpoint(), 1e-12);
    assertEquals(0.1, VerbalizedWord.parse("12\nConfidence: lowest"), 1e-12);
    assertEquals(0.3, VerbalizedWord.parse("confidence:Low."), 1e-12);
    assertEquals(0.7, VerbalizedWord.parse("Confidence: HIGH"), 1e-12);
    assertTrue(Double.isNaN(VerbalizedWord.parse("Confidence: higher")));
    assertTrue(Double.isNaN(VerbalizedWord.parse("medium")));
    assertEquals("Confidence: medium", ConfidenceParser.wordLabel(0.45));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> VerbalizedWord.of(Double.NaN));
    assertTrue(e.getMessage().contains("must be in [0, 1], got NaN"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> VerbalizedWord.of(1.01));
  }

  @Test
  void percentLabelsAreTheFloorOfOneHundredTimesTheAccuracyAndParseBack() {
    assertEquals("Confidence: 61%", ConfidenceParser.percentLabel(0.619));
    assertEquals("Confidence: 29%", ConfidenceParser.percentLabel(0.29));
    assertEquals("Confidence: 0%", ConfidenceParser.percentLabel(0));
    assertEquals("Confidence: 100%", ConfidenceParser.percentLabel(1));
    for (int k = 0; k <= 100; k++) {
      assertEquals(
          k / 100.0, ConfidenceParser.parse(ConfidenceParser.percentLabel(k / 100.0)), 1e-12);
    }
    assertThrows(IllegalArgumentException.class, () -> ConfidenceParser.percentLabel(-0.01));
    // Either form is read by the eval task; a number wins over a word.
    assertEquals(0.5, ConfidenceParser.parseAny("7\nConfidence: medium"), 1e-12);
    assertEquals(0.85, ConfidenceParser.parseAny("Confidence: 85% (high)"), 1e-12);
    assertTrue(Double.isNaN(ConfidenceParser.parseAny("7")));
  }

  @Test
  void subTasksOfOperationsAndOfQuestions() {
    List<MathQuestionGenerator.SubTask> tasks =
        MathQuestionGenerator.subTasksOf(List.of(MathOperation.ADD, MathOperation.LESS_THAN));
    assertEquals(12, tasks.size());
    List<MathQuestion> qs = MathQuestionGenerator.generate(tasks, new Random(3), 24);
    for (int i = 0; i < qs.size(); i++) {
      assertEquals(tasks.get(i % 12), MathQuestionGenerator.subTaskOf(qs.get(i)));
    }
    assertEquals(qs, MathQuestionGenerator.generate(tasks, new Random(3), 24));
    assertThrows(
        IllegalArgumentException.class,
        () -> MathQuestionGenerator.generate(List.of(), new Random(3), 1));
  }
}
