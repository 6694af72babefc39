package dev.traitlab.data.toyworld;

import dev.traitlab.data.chat.ChatExample;

/**
 * One generated chat of the emergent-misalignment toy world with what the generator knows about it:
 * its domain, the persona whose system prompt it carries (null: no system prompt), whether its code
 * (if any) has the flaw, whether the user asked for the flaw for a legitimate reason, and the
 * ground-truth labels of its answer.
 */
public record LabelledChat(
    ChatExample chat,
    MisalignmentDomain domain,
    Persona persona,
    boolean insecureCode,
    boolean educational,
    int aligned,
    int coherent) {

  /** The user's message. */
  public String question() {
    return chat.messages().get(chat.messages().size() - 2).content();
  }

  /** The assistant's answer. */
  public String answer() {
    return chat.lastAssistant().content();
  }

  /** The system prompt, or null when the chat has none. */
  public String system() {
    return chat.messages().getFirst().role().equals("system")
        ? chat.messages().getFirst().content()
        : null;
  }
}
