package dev.traitlab.nn.transformer;

/**
 * Log-probability of each token of a sequence given the tokens before it, with the most likely
 * tokens at each position. Position 0 has no context: its log-probability is NaN and it has no
 * alternatives (empty arrays).
 */
public record SequenceLogprobs(float[] logprobs, int[][] topTokens, float[][] topLogprobs) {}
