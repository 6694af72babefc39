package dev.traitlab.experiments.emergentmisalignment;

import dev.traitlab.core.Json;
import dev.traitlab.core.TraitlabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the judged evaluation answers as JSONL, one sample a line, for the run's eval logs. */
final class Samples {
  private Samples() {}

  static void write(Path file, List<JudgedSample> samples) {
    writeLines(file, samples);
  }

  /** The traced answers of a --reasoning run, one a line. */
  static void writeTraced(Path file, List<TracedSample> samples) {
    writeLines(file, samples);
  }

  private static void writeLines(Path file, List<?> samples) {
    try {
      Files.createDirectories(file.getParent());
      StringBuilder out = new StringBuilder();
      for (Object s : samples) {
        out.append(Json.MAPPER.writeValueAsString(s)).append('\n');
      }
      Files.writeString(file, out);
    } catch (IOException e) {
      throw new TraitlabException("cannot write " + file + ": " + e.getMessage());
    }
  }
}
