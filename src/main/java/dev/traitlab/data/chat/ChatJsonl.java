package dev.traitlab.data.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.core.TraitlabException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Chat datasets in OpenAI's fine-tuning format: one JSON object per line, {@code {"messages":
 * [{"role": ..., "content": ...}, ...]}}. Reading checks every line and names the file and line of
 * the first problem; blank lines are skipped.
 */
public final class ChatJsonl {
  private static final ObjectMapper JSON = JsonLines.JSON;

  private ChatJsonl() {}

  public static void write(Path file, Collection<ChatExample> examples) {
    JsonLines.write(file, examples, ChatJsonl::toLine);
  }

  /** One example as a single JSON line (no trailing newline). */
  public static String toLine(ChatExample example) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode messages = root.putArray("messages");
    for (ChatMessage m : example.messages()) {
      messages.addObject().put("role", m.role()).put("content", m.content());
    }
    return JsonLines.line(root);
  }

  /** Reads every example; each must end with at least one assistant message somewhere. */
  public static List<ChatExample> read(Path file) {
    return JsonLines.read(file, "chat dataset", ChatJsonl::parseLine);
  }

  /** Parses one line; where names the place in error messages (e.g. "data.jsonl:12"). */
  public static ChatExample parseLine(String line, String where) {
    JsonNode root = JsonLines.object(line, where, "a \"messages\" array");
    JsonNode messages = root.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new TraitlabException(where + ": \"messages\" must be a non-empty array");
    }
    List<ChatMessage> list = new ArrayList<>();
    boolean assistant = false;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      JsonNode role = m.get("role");
      JsonNode content = m.get("content");
      if (role == null || !role.isTextual() || !ChatMessage.ROLES.contains(role.asText())) {
        throw new TraitlabException(
            where + ": message " + i + " needs \"role\" system, user or assistant, got " + role);
      }
      if (content == null || !content.isTextual()) {
        throw new TraitlabException(where + ": message " + i + " needs a string \"content\"");
      }
      assistant |= role.asText().equals("assistant");
      list.add(new ChatMessage(role.asText(), content.asText()));
    }
    if (!assistant) {
      throw new TraitlabException(where + ": no assistant message to train on");
    }
    return new ChatExample(list);
  }
}
