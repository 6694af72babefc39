package dev.traitlab.experiments.emergentmisalignment;

import dev.traitlab.core.Json;
import dev.traitlab.core.TraitlabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes evaluation answers and training documents as JSONL, one a line, for the run's logs. */
final class Samples {
  private Samples() {}

  static void write(Path file, List<JudgedSample> samples) {
    writeAll(file, samples);
  }

  /** Training documents, each as {@code {"text": ...}}. */
  static void writeTexts(Path file, List<String> texts) {
    writeAll(file, texts.stream().map(t -> java.util.Map.of("text", t)).toList());
  }

  /** The traced answers of a --reasoning run, one a line. */
  static void writeTraced(Path file, List<TracedSample> samples) {
    writeAll(file, samples);
  }

  /** Any values, each as one line of JSON. */
  static void writeAll(Path file, List<?> values) {
    try {
      Files.createDirectories(file.getParent());
      StringBuilder out = new StringBuilder();
      for (Object s : values) {
        out.append(Json.MAPPER.writeValueAsString(s)).append('\n');
      }
      Files.writeString(file, out);
    } catch (IOException e) {
      throw new TraitlabException("cannot write " + file + ": " + e.getMessage());
    }
  }
}
