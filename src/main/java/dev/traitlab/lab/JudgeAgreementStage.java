package dev.traitlab.lab;

import dev.traitlab.data.toyworld.MisalignmentJudgeData.JudgedAnswer;
import dev.traitlab.eval.freeform.Agreement;
import dev.traitlab.eval.freeform.JudgeAgreement;
import dev.traitlab.eval.judge.Judge;
import dev.traitlab.model.LanguageModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A judge model's agreement with a toy world's generator on held-out judged answers ({@link
 * Agreement#measure}), as the cached stage {@code judge-agreement} of a run: keyed by the judge's
 * identity, the number of held-out answers and their seed, so a rerun with the same judge reads it
 * back. Shared by the experiments that judge toy-world answers with a learned judge.
 */
public final class JudgeAgreementStage {
  private JudgeAgreementStage() {}

  /**
   * The agreement of {@code judgeRef} on {@code heldOut} answers; {@code held} and {@code trained}
   * are only called when the stage is not cached ({@code trained}: the judge's own training
   * answers, to count held-out answers it also saw).
   */
  public static JudgeAgreement measure(
      RunContext context,
      String judgeRef,
      int heldOut,
      long seed,
      Supplier<List<JudgedAnswer>> held,
      Supplier<List<JudgedAnswer>> trained) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("judge", context.lab().models().identity(judgeRef));
    in.put("answers", heldOut);
    in.put("seed", seed);
    return context
        .stages()
        .value(
            "judge-agreement",
            in,
            JudgeAgreement.class,
            dir -> {
              try (LanguageModel model = context.lab().open(judgeRef)) {
                return Agreement.measure(
                    new Judge(model), held.get(), trained.get(), context.progress());
              }
            })
        .value();
  }
}
