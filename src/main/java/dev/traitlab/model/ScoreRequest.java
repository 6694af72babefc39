package dev.traitlab.model;

import java.util.List;

/** A raw prompt and the continuations to score after it, one item of a batched score call. */
public record ScoreRequest(String prompt, List<String> continuations) {
  public ScoreRequest {
    continuations = List.copyOf(continuations);
  }
}
