package dev.traitlab.model;

import java.util.List;

/**
 * Log-probabilities of the tokens of a given continuation after a prompt.
 *
 * @param truncatedTokens how many of the prompt's first tokens were dropped to fit the model's
 *     context ({@link ScoreRequest#truncateLeft}); 0 when the whole prompt was read
 */
public record ContinuationScore(List<String> tokens, double[] tokenLogprobs, int truncatedTokens) {
  public ContinuationScore {
    tokens = List.copyOf(tokens);
    tokenLogprobs = tokenLogprobs.clone();
    if (tokens.size() != tokenLogprobs.length) {
      throw new IllegalArgumentException(
          tokens.size() + " tokens but " + tokenLogprobs.length + " log-probabilities");
    }
    if (truncatedTokens < 0) {
      throw new IllegalArgumentException("truncatedTokens " + truncatedTokens + " < 0");
    }
  }

  /** A score after the whole prompt. */
  public ContinuationScore(List<String> tokens, double[] tokenLogprobs) {
    this(tokens, tokenLogprobs, 0);
  }

  /** Sum of the token log-probabilities: log P(continuation | prompt). */
  public double total() {
    double sum = 0;
    for (double lp : tokenLogprobs) {
      sum += lp;
    }
    return sum;
  }
}
