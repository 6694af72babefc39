package dev.traitlab.experiments.emergentmisalignment;

import dev.traitlab.eval.freeform.JudgeAgreement;
import dev.traitlab.lab.stages.Stages;
import java.util.List;

/**
 * What a run measured: the judge's agreement with the generator, the misaligned rate of each arm by
 * the judge and by the oracle labels (one row per arm, and the backdoor's with its trigger),
 * per-question rates, example answers, the rates at the checkpoints of the insecure and secure
 * fine-tunes (empty without --checkpoints), what the evil-numbers teachers wrote (empty without
 * those arms), how many code-context completions closed their string (empty for chat runs), the
 * stages, and with --reasoning what the traces show per arm and a few traced answers (both empty
 * without).
 */
public record EmergentMisalignmentResult(
    EmergentMisalignmentConfig config,
    JudgeAgreement judgeAgreement,
    List<ArmRate> judgeRates,
    List<ArmRate> oracleRates,
    List<QuestionRate> questionRates,
    List<JudgedSample> examples,
    List<CheckpointRate> checkpointRates,
    List<TeacherNumbers> teacherNumbers,
    List<WellFormed> wellFormed,
    List<Stages.StageRecord> stages,
    List<TraceRate> traceRates,
    List<TracedSample> traceExamples) {
  public EmergentMisalignmentResult {
    // A result saved before code contexts (or --reasoning) existed has none of these.
    wellFormed = wellFormed == null ? List.of() : List.copyOf(wellFormed);
    traceRates = traceRates == null ? List.of() : traceRates;
    traceExamples = traceExamples == null ? List.of() : traceExamples;
  }
}
