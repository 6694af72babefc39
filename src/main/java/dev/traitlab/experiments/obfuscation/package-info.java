/**
 * {@code traitlab run obfuscation}: latent-space monitors and obfuscation attacks (Bailey et al.
 * 2024) on an aligned toy-world assistant. The config, the aligned assistant's fine-tuning data,
 * the per-seed request split, the pipeline of cached stages (monitors before and after soft-prompt
 * attacks, a GCG token suffix, the defence game, the capability cost), the result and its report.
 * Builds on {@code probes} (monitors, attacks) and {@code lab}; imports no other experiment.
 */
package dev.traitlab.experiments.obfuscation;
