package dev.traitlab.experiments.activationoracle;

import dev.traitlab.experiments.activationoracle.ActivationOracleResult.TargetCheck;
import java.util.List;

/**
 * The targets' greedy answers on held-out prompts (a cached stage): premise checks, and the
 * black-box baseline (asked directly, the answer names the truth) per task.
 */
public record Behaviour(List<TargetCheck> checks, List<TargetCheck> blackBox) {}
