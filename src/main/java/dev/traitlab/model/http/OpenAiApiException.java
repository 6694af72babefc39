package dev.traitlab.model.http;

import dev.traitlab.core.TraitlabException;

/**
 * An OpenAI-compatible API refused a request (4xx other than 429; refused credentials and over-long
 * prompts have their own exceptions) or kept failing.
 */
public final class OpenAiApiException extends TraitlabException {
  private final int status;
  private final String type;

  public OpenAiApiException(int status, String type, String message) {
    super(message);
    this.status = status;
    this.type = type;
  }

  /** The HTTP status, or 0 when no reply came (timeouts, refused connections). */
  public int status() {
    return status;
  }

  /** The error type from the body (e.g. {@code invalid_request_error}), or null. */
  public String type() {
    return type;
  }
}
