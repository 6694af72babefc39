/**
 * Activation oracles (Karvonen, Chua et al. 2025, arXiv:2512.15674) in the toy world: a LoRA
 * fine-tune of the base model that reads another model's activations, injected at placeholder
 * tokens, and answers questions about them; trained on system-prompt questions, toy-world
 * classification and next/previous-token prediction, evaluated on four held-out auditing tasks
 * (taboo secret word, inferred user gender, secret side constraint, persona facts) against chance,
 * asking the target, and a linear probe.
 */
package dev.traitlab.experiments.activationoracle;
