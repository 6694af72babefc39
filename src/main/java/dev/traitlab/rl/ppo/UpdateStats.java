package dev.traitlab.rl.ppo;

/**
 * The standard diagnostics of one PPO update, one entry per model of the stack.
 *
 * @param interactions environment steps each model has taken so far, this update's included
 * @param rewardPerStep mean reward per step in this update's rollout (unscaled)
 * @param episodeReturn mean undiscounted return of the episodes that ended in the rollout; NaN
 *     where none did (a continuing task)
 * @param approxKl mean approximate KL(old || new) over the update's minibatches (nats)
 * @param entropy mean policy entropy over the minibatches (nats)
 * @param clipFraction mean share of samples whose ratio left [1 - eps, 1 + eps]
 * @param valueLoss mean 0.5 (V - R)^2 over the minibatches (scaled reward units squared)
 * @param policyLoss mean clipped surrogate loss over the minibatches
 * @param explainedVariance 1 - Var(R - V) / Var(R) of the rollout's value estimates before the
 *     update; NaN when the targets do not vary
 */
public record UpdateStats(
    long interactions,
    double[] rewardPerStep,
    double[] episodeReturn,
    double[] approxKl,
    double[] entropy,
    double[] clipFraction,
    double[] valueLoss,
    double[] policyLoss,
    double[] explainedVariance) {}
