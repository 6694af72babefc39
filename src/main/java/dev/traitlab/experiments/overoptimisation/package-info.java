/**
 * Reward-model overoptimisation (Gao, Schulman and Hilton 2022), run as {@code traitlab run
 * overoptimisation}: a hand-written gold reward on the toy world's arithmetic answers, proxy reward
 * heads of several sizes over the frozen base model's activations trained on gold-labelled
 * comparisons, best-of-n against each proxy measured with the unbiased estimator, and the fitted
 * R_bon(d) = d (alpha - beta d); and token-level PPO from the base policy against chosen proxies
 * with fixed KL penalties, measured at checkpoints on held-out questions, with the fitted R_RL(d) =
 * d (alpha - beta ln d) and an early-stopping comparison. Imports {@code lab}, {@code rl}, {@code
 * model}, {@code text}, {@code data}, {@code report}, {@code stats} and {@code core}; never another
 * experiment or {@code cli}.
 */
package dev.traitlab.experiments.overoptimisation;
