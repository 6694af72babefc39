package dev.traitlab.probes;

/**
 * Which tokens of a conversation a monitor reads: the last user message (an input-based monitor) or
 * the last assistant message, the answer (a generation-based monitor). Bailey et al. study both;
 * generation-based monitors were the harder to evade.
 */
public enum MonitoredTokens {
  PROMPT("user"),
  ANSWER("assistant");

  private final String role;

  MonitoredTokens(String role) {
    this.role = role;
  }

  /** The role of the message whose content is read. */
  public String role() {
    return role;
  }
}
