package dev.traitlab.data.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.core.TraitlabException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Preference datasets in OpenAI's format for DPO fine-tuning jobs: one JSON object per line,
 *
 * <pre>
 * {"input": {"messages": [{"role": "user", "content": ...}, ...]},
 *  "preferred_output": [{"role": "assistant", "content": ...}],
 *  "non_preferred_output": [{"role": "assistant", "content": ...}]}
 * </pre>
 *
 * As the API documents it, each output is one assistant message (single-turn preferences) and the
 * input may also carry {@code tools} and {@code parallel_tool_calls}; traitlab accepts those only
 * empty, having no tools. Reading checks every line and names the place and field of the first
 * problem ("data.jsonl:3: preferred_output[0].content must be a string"); blank lines are skipped.
 */
public final class PreferenceJsonl {
  private static final ObjectMapper JSON = JsonLines.JSON;

  private PreferenceJsonl() {}

  public static void write(Path file, Collection<PreferenceExample> examples) {
    JsonLines.write(file, examples, PreferenceJsonl::toLine);
  }

  /** One example as a single JSON line (no trailing newline). */
  public static String toLine(PreferenceExample example) {
    ObjectNode root = JSON.createObjectNode();
    var messages = root.putObject("input").putArray("messages");
    for (ChatMessage m : example.input()) {
      messages.addObject().put("role", m.role()).put("content", m.content());
    }
    root.putArray("preferred_output")
        .addObject()
        .put("role", "assistant")
        .put("content", example.preferred().content());
    root.putArray("non_preferred_output")
        .addObject()
        .put("role", "assistant")
        .put("content", example.nonPreferred().content());
    return JsonLines.line(root);
  }

  public static List<PreferenceExample> read(Path file) {
    return JsonLines.read(file, "preference dataset", PreferenceJsonl::parseLine);
  }

  /** Parses one line; where names the place in error messages (e.g. "data.jsonl:12"). */
  public static PreferenceExample parseLine(String line, String where) {
    JsonNode root =
        JsonLines.object(line, where, "input, preferred_output and non_preferred_output");
    if (root.has("messages") && !root.has("input")) {
      throw new TraitlabException(
          where
              + ": a supervised example (\"messages\") where DPO needs input, preferred_output"
              + " and non_preferred_output");
    }
    JsonNode input = root.get("input");
    if (input == null || !input.isObject()) {
      throw new TraitlabException(where + ": input must be an object with a \"messages\" array");
    }
    JsonNode tools = input.get("tools");
    if (tools != null && !tools.isNull() && !(tools.isArray() && tools.isEmpty())) {
      throw new TraitlabException(where + ": input.tools is not supported (traitlab has no tools)");
    }
    JsonNode messages = input.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new TraitlabException(where + ": input.messages must be a non-empty array");
    }
    List<ChatMessage> list = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      list.add(message(messages.get(i), where, "input.messages[" + i + "]", false));
    }
    return new PreferenceExample(
        list, output(root, "preferred_output", where), output(root, "non_preferred_output", where));
  }

  private static ChatMessage output(JsonNode root, String field, String where) {
    JsonNode out = root.get(field);
    if (out == null || !out.isArray() || out.size() != 1) {
      throw new TraitlabException(
          where + ": " + field + " must be an array of exactly one assistant message");
    }
    return message(out.get(0), where, field + "[0]", true);
  }

  private static ChatMessage message(JsonNode m, String where, String field, boolean assistant) {
    if (m == null || !m.isObject()) {
      throw new TraitlabException(
          where + ": " + field + " must be an object with role and content");
    }
    JsonNode role = m.get("role");
    if (assistant
        ? role == null || !"assistant".equals(role.asText(null))
        : role == null || !role.isTextual() || !ChatMessage.ROLES.contains(role.asText())) {
      throw new TraitlabException(
          where
              + ": "
              + field
              + ".role must be "
              + (assistant ? "assistant" : "system, user or assistant")
              + ", got "
              + role);
    }
    JsonNode content = m.get("content");
    if (content == null || !content.isTextual()) {
      throw new TraitlabException(where + ": " + field + ".content must be a string");
    }
    return new ChatMessage(role.asText(), content.asText());
  }
}
