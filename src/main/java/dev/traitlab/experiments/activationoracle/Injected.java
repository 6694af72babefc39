package dev.traitlab.experiments.activationoracle;

/**
 * A question to the oracle about activations: the target's block they come from (the prompt names
 * it), the vectors [placeholders][hidden], the question, and for training the answer (null at
 * evaluation).
 */
record Injected(int layer, float[][] vectors, String question, String answer, String source) {}
