package dev.traitlab.data.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One chat message, in a chat example and in every call to a model: role is "system", "user" or
 * "assistant".
 */
public record ChatMessage(String role, String content) {
  public static final Set<String> ROLES = Set.of("system", "user", "assistant");

  public ChatMessage {
    if (!ROLES.contains(role)) {
      throw new IllegalArgumentException(
          "role must be system, user or assistant, got '" + role + "'");
    }
    if (content == null) {
      throw new IllegalArgumentException("content of a " + role + " message is missing");
    }
  }

  public static ChatMessage system(String content) {
    return new ChatMessage("system", content);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage("user", content);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage("assistant", content);
  }

  /** The messages with a system message in front ({@code system} null: as they are). */
  public static List<ChatMessage> withSystem(String system, List<ChatMessage> messages) {
    if (system == null) {
      return messages;
    }
    List<ChatMessage> out = new ArrayList<>(messages.size() + 1);
    out.add(system(system));
    out.addAll(messages);
    return out;
  }
}
