package dev.traitlab.model;

import dev.traitlab.core.TraitlabException;

/**
 * A model service refused the credentials (HTTP 401 or 403). Every further call would be refused
 * too, so callers stop at the first one instead of counting it against a single item.
 */
public final class AuthenticationException extends TraitlabException {
  private final int status;

  public AuthenticationException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status: 401 (no or wrong key) or 403 (the key may not do this). */
  public int status() {
    return status;
  }
}
