/**
 * Obfuscation attacks on latent-space monitors (Bailey et al. 2024): requests laid out with a
 * suffix ({@link dev.traitlab.probes.attack.AttackPrompt}), a differentiable pass through the
 * embedded transformer that scores a target answer and reads the monitor ({@link
 * dev.traitlab.probes.attack.SuffixPass}), the embedding-suffix attack trained by Adam ({@link
 * dev.traitlab.probes.attack.SoftPromptAttack}), a token-suffix search by greedy coordinate
 * gradient ({@link dev.traitlab.probes.attack.HardPromptAttack}) and greedy answers under a suffix
 * ({@link dev.traitlab.probes.attack.SuffixGeneration}). Embedded models only: the attacks need
 * gradients through the model. Imports {@code probes}, {@code nn}, {@code text} and {@code core}.
 */
package dev.traitlab.probes.attack;
