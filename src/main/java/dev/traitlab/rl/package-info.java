/**
 * Reinforcement learning on language models and small policies: rollouts, advantages (GAE), PPO
 * with a KL penalty or adaptive KL control, best-of-n sampling and reward models (pairwise
 * Bradley-Terry). The home of what the RLHF, reward-model overoptimisation and RL scaling-law
 * experiments share; none of it lives in an experiment package.
 *
 * <p>May import {@code model}, {@code nn}, {@code text}, {@code data}, {@code stats} and {@code
 * core}; never {@code eval}, {@code lab}, {@code experiments} or {@code cli}.
 */
package dev.traitlab.rl;
