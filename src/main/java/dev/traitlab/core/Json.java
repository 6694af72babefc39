package dev.traitlab.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The project's JSON mapper: keys sorted so that equal values serialise to equal bytes. */
public final class Json {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .configure(
              com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
          .findAndAddModules()
          .build();

  private Json() {}

  /** Compact canonical form, used for hashing. */
  public static String canonical(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise " + value.getClass(), e);
    }
  }

  public static String pretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise " + value.getClass(), e);
    }
  }

  /** Writes atomically (temp file then rename), so a killed process never leaves half a file. */
  public static void write(Path file, Object value) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, pretty(value) + "\n");
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new TraitlabException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes values as JSON Lines (one compact value a line), atomically as {@link #write}: the eval
   * logs of labelled samples.
   */
  public static void writeLines(Path file, java.util.List<?> values) {
    StringBuilder out = new StringBuilder();
    for (Object v : values) {
      out.append(canonical(v)).append('\n');
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, out);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new TraitlabException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** A JSON file as {@code type}; the file is read through {@link TextFiles} (UTF-8 only). */
  public static <T> T read(Path file, Class<T> type) {
    String text = TextFiles.read(file);
    try {
      return MAPPER.readValue(text, type);
    } catch (IOException e) {
      throw new TraitlabException(
          file + ": not valid " + type.getSimpleName() + " JSON: " + firstLine(e.getMessage()), e);
    }
  }

  /**
   * A JSON file as a tree (object keys in file order), read through {@link TextFiles}: a file that
   * is not UTF-8 or not JSON is a one-line error naming the file and the line.
   */
  public static JsonNode readTree(Path file) {
    String text = TextFiles.read(file);
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new TraitlabException(
          file
              + ": bad JSON at line "
              + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
              + ": "
              + firstLine(e.getOriginalMessage()),
          e);
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
