/**
 * Stacks of ReLU multilayer perceptrons, for the MLP experiment of subliminal learning: {@link
 * BatchedMlp} holds M independent models of the same widths as (M, in, out) weights, so one batched
 * matmul runs a layer of all of them (initialise, forward, slice, concat, save, load); {@link
 * Losses} gives per-model cross-entropy, KL divergence (distillation) and accuracy over logits of
 * shape (M, B, C); {@link MklMlpStack} trains such stacks by hand-written passes whose products run
 * in MKL ({@code nn.mkl}). Imports only {@code core} and {@code nn}; never {@code text}, {@code
 * model} or any higher layer.
 */
package dev.traitlab.nn.mlp;
