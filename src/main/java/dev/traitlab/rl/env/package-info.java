/**
 * Environments for reinforcement learning, vectorised in Java: a {@link
 * dev.traitlab.rl.env.VectorEnv} steps many copies at once with flat float observations and
 * discrete actions, auto-resetting ended episodes. {@link dev.traitlab.rl.env.CartPole} follows
 * gymnasium's CartPole-v1 (checked against it where gymnasium is installed); {@link
 * dev.traitlab.rl.env.ImageClassificationEnv} is the MNIST-based environment of the RL scaling-law
 * paper. May import {@code data} and {@code core}.
 */
package dev.traitlab.rl.env;
