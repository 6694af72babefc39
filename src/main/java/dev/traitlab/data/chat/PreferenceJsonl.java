package dev.traitlab.data.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.core.TextFiles;
import dev.traitlab.core.TraitlabException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
  private static final ObjectMapper JSON = new ObjectMapper();

  private PreferenceJsonl() {}

  public static void write(Path file, Collection<PreferenceExample> examples) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        for (PreferenceExample example : examples) {
          out.write(toLine(example));
          out.write('\n');
        }
      }
    } catch (IOException e) {
      throw new TraitlabException("cannot write " + file + ": " + e.getMessage());
    }
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
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static List<PreferenceExample> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new TraitlabException("no preference dataset at " + file);
    }
    List<PreferenceExample> out = new ArrayList<>();
    List<String> lines = TextFiles.read(file).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        out.add(parseLine(lines.get(i), file + ":" + (i + 1)));
      }
    }
    return out;
  }

  /** Parses one line; where names the place in error messages (e.g. "data.jsonl:12"). */
  public static PreferenceExample parseLine(String line, String where) {
    JsonNode root;
    try {
      root = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new TraitlabException(
          where
              + ": not valid JSON ("
              + e.getOriginalMessage().lines().findFirst().orElse("")
              + ")");
    }
    if (root == null || !root.isObject()) {
      throw new TraitlabException(
          where + ": expected a JSON object with input, preferred_output and non_preferred_output");
    }
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
