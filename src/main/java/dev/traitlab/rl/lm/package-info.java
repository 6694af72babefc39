/**
 * Token-level PPO for language-model policies (the RLHF fine-tuning stage of Ziegler et al. 2019,
 * Stiennon et al. 2020 and InstructGPT, Ouyang et al. 2022, as TRL's PPO trainer implements it):
 * responses sampled with the batched KV-cache sampler, per-token log-probabilities under the policy
 * and a frozen reference (SFT) model, the per-token KL penalty with a fixed or adaptive coefficient
 * ({@link dev.traitlab.rl.lm.KlController}), the sequence reward at the last token ({@link
 * dev.traitlab.rl.lm.TokenRewards}), a value head on the policy's last residual stream, GAE ({@link
 * dev.traitlab.rl.Gae}), the clipped objective ({@link dev.traitlab.rl.ppo.PpoLoss}) over minibatch
 * epochs, full or LoRA updates ({@link dev.traitlab.rl.lm.LmPpoTrainer}), and the standard
 * diagnostics per step ({@link dev.traitlab.rl.lm.PpoStepStats}); sampling a policy on held-out
 * prompts and the sampled KL to the reference ({@link dev.traitlab.rl.lm.PolicySamples}). May
 * import {@code rl}, {@code rl.ppo}, {@code nn}, {@code stats} and {@code core}.
 */
package dev.traitlab.rl.lm;
