/**
 * Reward models learnt from pairwise preferences: the Bradley-Terry loss, stacks of MLP reward
 * heads over fixed features (a frozen model's activations) trained on comparisons as one
 * computation, and their post-hoc recalibration (Gao, Schulman and Hilton 2022). May import {@code
 * nn}, {@code stats} and {@code core}.
 */
package dev.traitlab.rl.reward;
