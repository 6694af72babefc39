package dev.traitlab.eval.store;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.traitlab.core.Json;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.eval.task.EvalRun;
import dev.traitlab.eval.task.SampleResult;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples of an eval run as JSON Lines, one {@link SampleRecord} per line, snake_case keys.
 *
 * <p>The mapper is {@link Json#MAPPER} rebuilt with snake_case keys in the record's order: NaN is
 * written as {@code null} and {@code null} read back as NaN where a number is expected, as in every
 * other file traitlab writes.
 */
public final class SampleJsonl {
  static final ObjectMapper MAPPER =
      Json.MAPPER
          .rebuild()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, false)
          .build();

  private SampleJsonl() {}

  public static void write(Path file, EvalRun run) {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (SampleResult r : run.results()) {
        w.write(MAPPER.writeValueAsString(SampleRecord.of(run.task(), run.model(), r)));
        w.write('\n');
      }
    } catch (IOException e) {
      throw new TraitlabException("cannot write samples " + file + ": " + e.getMessage(), e);
    }
  }

  public static List<SampleRecord> read(Path file) {
    List<SampleRecord> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          out.add(MAPPER.readValue(line, SampleRecord.class));
        } catch (IOException e) {
          throw new TraitlabException(
              file
                  + " line "
                  + n
                  + ": not a sample record: "
                  + e.getMessage().lines().findFirst().orElse(""),
              e);
        }
      }
    } catch (IOException e) {
      throw new TraitlabException("cannot read samples " + file + ": " + e.getMessage(), e);
    }
    return out;
  }
}
