package dev.traitlab.model;

import java.util.List;

/**
 * A piece of sample {@code index}'s text as it is generated, with the log-probabilities of the
 * tokens it completes (empty unless the call asked for them). A sample's pieces, joined in order,
 * are its final text, and their logprobs its final logprobs.
 */
public record TextDelta(int index, String text, List<TokenLogprob> logprobs) {
  public TextDelta {
    logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
  }
}
