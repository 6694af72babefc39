package dev.traitlab.model;

import dev.traitlab.core.TraitlabException;

/**
 * A prompt (with its continuation or answer) does not fit the model's context. It is the caller's
 * input that is wrong, not the model: the server answers it with HTTP 400 and OpenAI's code {@value
 * #CODE}, and an evaluation counts the sample as failed.
 */
public final class ContextLengthExceededException extends TraitlabException {
  /** OpenAI's error code for a request longer than the model's context. */
  public static final String CODE = "context_length_exceeded";

  public ContextLengthExceededException(String message) {
    super(message);
  }
}
