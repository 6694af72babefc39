package dev.traitlab.experiments.inductivebackdoors;

import dev.traitlab.eval.freeform.JudgeAgreement;
import dev.traitlab.lab.stages.Stages;
import java.util.List;

/**
 * An inductive-backdoors run: the hostile rate per arm and test year (backdoor part), the target
 * persona's rate per arm and format (persona part), example answers, and the stages; and the
 * judge's misaligned rate (aligned &lt; 30 among coherent &ge; 50) per arm and test year beside the
 * oracle's hostile rate, with the judge's agreement with the generator on held-out answers.
 */
public record InductiveBackdoorsResult(
    InductiveBackdoorsConfig config,
    List<ConditionRate> hostile,
    List<ConditionRate> persona,
    List<Sample> examples,
    List<ConditionRate> judged,
    JudgeAgreement judgeAgreement,
    List<Stages.StageRecord> stages) {}
