package dev.traitlab.model;

import java.util.ArrayList;
import java.util.List;

/** One chat message: role is "system", "user" or "assistant". */
public record Message(String role, String content) {
  public static Message system(String content) {
    return new Message("system", content);
  }

  public static Message user(String content) {
    return new Message("user", content);
  }

  public static Message assistant(String content) {
    return new Message("assistant", content);
  }

  /** The messages with a system message in front ({@code system} null: as they are). */
  public static List<Message> withSystem(String system, List<Message> messages) {
    if (system == null) {
      return messages;
    }
    List<Message> out = new ArrayList<>(messages.size() + 1);
    out.add(system(system));
    out.addAll(messages);
    return out;
  }
}
