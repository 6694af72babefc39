/**
 * Proximal policy optimisation (Schulman et al. 2017, arXiv:1707.06347): {@link
 * dev.traitlab.rl.ppo.PpoSettings} (GAE's gamma and lambda, clip range, epochs, minibatches, loss
 * weights, advantage normalisation), {@link dev.traitlab.rl.ppo.PpoLoss} (the clipped surrogate,
 * value loss, entropy bonus and the approximate KL and clip fraction, for any policy that gives
 * log-probabilities of its actions), {@link dev.traitlab.rl.ppo.PpoTrainer} (rollouts and minibatch
 * epochs for a stack of discrete-action policies on a vectorised environment) and {@link
 * dev.traitlab.rl.ppo.UpdateStats} (the diagnostics of every update). May import {@code rl}, {@code
 * rl.env}, {@code nn} and {@code core}.
 */
package dev.traitlab.rl.ppo;
