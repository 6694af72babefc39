/**
 * The InstructGPT pipeline (Ouyang et al. 2022) in miniature, run as {@code traitlab run rlhf}:
 * supervised fine-tuning on demonstrations of the toy world's arithmetic answers, a reward model
 * from K-way rankings by a gold preference ({@link dev.traitlab.data.toyworld.ArithmeticGold}),
 * token-level PPO with a per-token KL penalty to the SFT model ({@code rl.lm}), and best-of-n
 * beside it, optionally with InstructGPT's pretraining mix (PPO-ptx); gold win rates over the SFT
 * policy with intervals over seeds. On a remote model ({@code openai:NAME}) the part an API allows
 * runs ({@link dev.traitlab.experiments.rlhf.RemotePipeline}): SFT and DPO as fine-tuning jobs,
 * best-of-n by sampling; PPO is embedded only. Imports {@code lab}, {@code rl}, {@code model},
 * {@code nn}, {@code text}, {@code data}, {@code report}, {@code stats} and {@code core}; never
 * another experiment or {@code cli}.
 */
package dev.traitlab.experiments.rlhf;
