package dev.traitlab.model;

import java.util.List;

/**
 * A raw prompt and the continuations to score after it, one item of a batched score call.
 *
 * @param truncateLeft when prompt and continuation do not fit the model's context, drop the
 *     prompt's first tokens until they do (as lm-evaluation-harness does) instead of refusing; the
 *     score says how many went ({@link ContinuationScore#truncatedTokens}). Only backends that see
 *     tokens can do this (the embedded model); an API model's server refuses such a prompt.
 */
public record ScoreRequest(String prompt, List<String> continuations, boolean truncateLeft) {
  public ScoreRequest {
    continuations = List.copyOf(continuations);
  }

  /** A request that is refused when it does not fit the context. */
  public ScoreRequest(String prompt, List<String> continuations) {
    this(prompt, continuations, false);
  }
}
