package dev.traitlab.model;

import java.util.List;

/**
 * One sample of a chat or completion call. finishReason is "stop" or "length"; logprobs is empty
 * unless the call asked for them.
 *
 * @param truncatedTokens how many of the prompt's first tokens were dropped to leave room for the
 *     answer ({@link Sampling#truncateLeft}); 0 when the whole prompt was read
 */
public record Completion(
    int index, String text, String finishReason, List<TokenLogprob> logprobs, int truncatedTokens) {
  public Completion {
    logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
    if (truncatedTokens < 0) {
      throw new IllegalArgumentException("truncatedTokens " + truncatedTokens + " < 0");
    }
  }

  /** A sample after the whole prompt. */
  public Completion(int index, String text, String finishReason, List<TokenLogprob> logprobs) {
    this(index, text, finishReason, logprobs, 0);
  }
}
