package dev.traitlab.experiments.inductivebackdoors;

import dev.traitlab.lab.stages.Stages;
import java.util.List;

/**
 * An inductive-backdoors run: the hostile rate per arm and test year (backdoor part), the target
 * persona's rate per arm and format (persona part), example answers, and the stages.
 */
public record InductiveBackdoorsResult(
    InductiveBackdoorsConfig config,
    List<ConditionRate> hostile,
    List<ConditionRate> persona,
    List<Sample> examples,
    List<Stages.StageRecord> stages) {}
