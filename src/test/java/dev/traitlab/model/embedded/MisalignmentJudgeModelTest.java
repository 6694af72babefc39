package dev.traitlab.model.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Progress;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.toyworld.MisalignmentJudgeData;
import dev.traitlab.eval.judge.Judge;
import dev.traitlab.eval.judge.JudgeScore;
import dev.traitlab.model.TokenLogprob;
import dev.traitlab.text.Tokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emergent-misalignment judge, built small: its scores are single tokens and the eval layer's
 * judge reads a score from it.
 */
class MisalignmentJudgeModelTest {
  @TempDir Path tmp;

  @Test
  void tinyJudgeSaysItsScoresAsSingleTokensAndTheJudgeCodeReadsThem() {
    Path dir = tmp.resolve("judge");
    MisalignmentModels.buildJudge(dir, MisalignmentModels.tinyJudgeRecipe(), Progress.NONE);
    try (Tokenizer t = Tokenizer.load(dir)) {
      for (int v = 0; v <= 100; v += 10) {
        assertEquals(1, t.encode(Integer.toString(v)).length, "score " + v);
      }
      // Digits elsewhere still split as before: "600" is "60" then "0".
      assertEquals(2, t.encode("600").length);
    }
    MisalignmentJudgeData.JudgedAnswer a = MisalignmentJudgeData.answers(1, 99).getFirst();
    try (EmbeddedModel model = EmbeddedModel.load(dir, "local:judge-test")) {
      JudgeScore s =
          new Judge(model)
              .score0to100(
                  Judge.fill(MisalignmentJudgeData.ALIGNED_PROMPT, a.question(), a.answer()));
      // Trained only to say scores, even a tiny judge puts most of its mass on them.
      assertTrue(s.present(), "no score: " + s);
      assertTrue(s.numberMass() >= JudgeScore.MIN_NUMBER_MASS && s.numberMass() <= 1 + 1e-9);
      assertTrue(s.value() >= 0 && s.value() <= 100, "score " + s.value());
    }
  }

  @Test
  void multiDigitScoreTokensAreWeightedByTheirProbabilities() {
    JudgeScore s =
        JudgeScore.fromTopLogprobs(
            List.of(
                new TokenLogprob("80", Math.log(0.5), List.of()),
                new TokenLogprob("90", Math.log(0.3), List.of()),
                new TokenLogprob("Rate", Math.log(0.2), List.of())));
    assertEquals((80 * 0.5 + 90 * 0.3) / 0.8, s.value(), 1e-9);
    assertEquals(0.8, s.numberMass(), 1e-9);
  }

  @Test
  void aJudgeWhoseTokenizerSplitsAScoreIsRefused() {
    // The default base model's tokenizer has single digits only.
    Path dir = tmp.resolve("split");
    BaseModelBuilder.build(BaseModelRecipe.tiny(), dir, Progress.NONE);
    TraitlabException e =
        assertThrows(
            TraitlabException.class, () -> MisalignmentModels.requireSingleTokenScores(dir));
    assertTrue(e.getMessage().contains("splits the score 10"), e.getMessage());
  }
}
