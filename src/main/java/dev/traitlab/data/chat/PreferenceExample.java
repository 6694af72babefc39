package dev.traitlab.data.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * One preference, as one line of OpenAI's DPO fine-tuning JSONL: the conversation so far ({@code
 * input.messages}), the preferred assistant reply and the non-preferred one to it.
 */
public record PreferenceExample(
    List<ChatMessage> input, ChatMessage preferred, ChatMessage nonPreferred) {
  public PreferenceExample {
    input = List.copyOf(input);
    if (input.isEmpty()) {
      throw new IllegalArgumentException("a preference example needs at least one input message");
    }
    if (!preferred.role().equals("assistant") || !nonPreferred.role().equals("assistant")) {
      throw new IllegalArgumentException("preferred and non-preferred outputs must be assistant");
    }
  }

  /**
   * A user question with a preferred and a non-preferred answer, under a system prompt (or null).
   */
  public static PreferenceExample of(
      String system, String user, String preferred, String nonPreferred) {
    List<ChatMessage> input = new ArrayList<>(2);
    if (system != null) {
      input.add(ChatMessage.system(system));
    }
    input.add(ChatMessage.user(user));
    return new PreferenceExample(
        input, ChatMessage.assistant(preferred), ChatMessage.assistant(nonPreferred));
  }
}
