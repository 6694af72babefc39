package dev.traitlab.experiments.emergentmisalignment;

import dev.traitlab.lab.stages.Stages;
import java.util.List;

/**
 * What a run measured: the judge's agreement with the generator, the misaligned rate of each arm by
 * the judge and by the oracle labels, per-question rates, example answers, and the stages.
 */
public record EmergentMisalignmentResult(
    EmergentMisalignmentConfig config,
    JudgeAgreement judgeAgreement,
    List<ArmRate> judgeRates,
    List<ArmRate> oracleRates,
    List<QuestionRate> questionRates,
    List<JudgedSample> examples,
    List<Stages.StageRecord> stages) {}
