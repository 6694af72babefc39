/**
 * Reward models learnt from preferences: the Bradley-Terry pairwise loss, InstructGPT's K-way
 * ranking loss over all C(K, 2) pairs of a ranking ({@link dev.traitlab.rl.reward.RankingLoss}),
 * stacks of MLP reward heads over fixed features (a frozen model's activations) trained on
 * comparisons as one computation, a head trained on rankings that scores new responses ({@link
 * dev.traitlab.rl.reward.RankedRewardModel} over {@link dev.traitlab.rl.reward.ResponseFeatures}),
 * and post-hoc recalibration (Gao, Schulman and Hilton 2022). May import {@code nn}, {@code stats}
 * and {@code core}.
 */
package dev.traitlab.rl.reward;
