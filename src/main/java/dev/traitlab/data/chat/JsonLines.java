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
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What every JSONL dataset of this package shares: one JSON object per line, blank lines skipped,
 * errors that name the file and line ("data.jsonl:3: ...").
 */
final class JsonLines {
  static final ObjectMapper JSON = new ObjectMapper();

  private JsonLines() {}

  /** Writes one line per item (parent folders created). */
  static <T> void write(Path file, Collection<T> items, Function<T, String> line) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        for (T item : items) {
          out.write(line.apply(item));
          out.write('\n');
        }
      }
    } catch (IOException e) {
      throw new TraitlabException("cannot write " + file + ": " + e.getMessage());
    }
  }

  /** An object as one JSON line. */
  static String line(ObjectNode root) {
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses every non-blank line with {@code parse(line, "file:N")}.
   *
   * @throws TraitlabException when the file is missing ("no {what} at file") or a line is bad
   */
  static <T> List<T> read(Path file, String what, BiFunction<String, String, T> parse) {
    if (!Files.isRegularFile(file)) {
      throw new TraitlabException("no " + what + " at " + file);
    }
    List<T> out = new ArrayList<>();
    List<String> lines = TextFiles.read(file).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        out.add(parse.apply(lines.get(i), file + ":" + (i + 1)));
      }
    }
    return out;
  }

  /**
   * One line as a JSON object.
   *
   * @param expected what the object should hold, said when the line is not an object
   * @throws TraitlabException naming {@code where} when the line is not JSON or not an object
   */
  static JsonNode object(String line, String where, String expected) {
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
      throw new TraitlabException(where + ": expected a JSON object with " + expected);
    }
    return root;
  }
}
