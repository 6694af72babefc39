package dev.traitlab.experiments.emergentmisalignment;

import dev.traitlab.lab.stages.Stages;
import java.util.List;

/**
 * What a run measured: the judge's agreement with the generator, the misaligned rate of each arm by
 * the judge and by the oracle labels (one row per arm, and the backdoor's with its trigger),
 * per-question rates, example answers, the rates at the checkpoints of the insecure and secure
 * fine-tunes (empty without --checkpoints), what the evil-numbers teachers wrote (empty without
 * those arms), the stages, and with --reasoning what the traces show per arm and a few traced
 * answers (both empty without).
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
    List<Stages.StageRecord> stages,
    List<TraceRate> traceRates,
    List<TracedSample> traceExamples) {

  /** A result without reasoning traces. */
  public EmergentMisalignmentResult(
      EmergentMisalignmentConfig config,
      JudgeAgreement judgeAgreement,
      List<ArmRate> judgeRates,
      List<ArmRate> oracleRates,
      List<QuestionRate> questionRates,
      List<JudgedSample> examples,
      List<CheckpointRate> checkpointRates,
      List<TeacherNumbers> teacherNumbers,
      List<Stages.StageRecord> stages) {
    this(
        config,
        judgeAgreement,
        judgeRates,
        oracleRates,
        questionRates,
        examples,
        checkpointRates,
        teacherNumbers,
        stages,
        List.of(),
        List.of());
  }

  public EmergentMisalignmentResult {
    // results.json written before --reasoning has neither list.
    traceRates = traceRates == null ? List.of() : traceRates;
    traceExamples = traceExamples == null ? List.of() : traceExamples;
  }
}
