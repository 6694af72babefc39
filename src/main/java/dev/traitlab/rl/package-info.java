/**
 * Reinforcement learning on language models and small policies: rollouts, advantages (GAE), PPO
 * with a KL penalty or adaptive KL control, best-of-n sampling and reward models (pairwise
 * Bradley-Terry). The home of what the RLHF, reward-model overoptimisation and RL scaling-law
 * experiments share; none of it lives in an experiment package.
 *
 * <p>Built so far: {@link dev.traitlab.rl.Gae} (advantages on arrays, independent of any policy),
 * {@link dev.traitlab.rl.StackedPolicy} with {@link dev.traitlab.rl.MlpPolicy} (stacks of
 * actor-critic MLPs of several sizes trained as one computation), PPO in {@code rl.ppo}, vectorised
 * environments in {@code rl.env}, {@link dev.traitlab.rl.BestOfN} (the unbiased best-of-n estimator
 * and its KL), reward models in {@code rl.reward} (Bradley-Terry heads, InstructGPT's K-way ranking
 * loss, heads over a frozen language model's activations), token-level PPO for language-model
 * policies in {@code rl.lm} (per-token KL penalty to a reference, fixed or adaptive KL control,
 * value head, full or LoRA updates), and {@link dev.traitlab.rl.GoldPreferenceDpo}: DPO on
 * gold-labelled preferences of the toy world's arithmetic answers, with the gold win rate and KL
 * ({@link dev.traitlab.rl.GoldDpoDemo} runs it from the command line).
 *
 * <p>May import {@code model}, {@code nn}, {@code text}, {@code data}, {@code stats} and {@code
 * core}; never {@code eval}, {@code lab}, {@code experiments} or {@code cli}.
 */
package dev.traitlab.rl;
