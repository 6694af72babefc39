package dev.traitlab.eval.truthfulqa;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.traitlab.core.TextFiles;
import dev.traitlab.core.TraitlabException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads TruthfulQA.csv, either the v1 file (2021-2025) or the 2025 one with its "Best Incorrect
 * Answer" column. Errors name the file, the row (1 = first line after the header) and the column.
 */
public final class TruthfulQaCsv {
  static final List<String> V1_COLUMNS =
      List.of(
          "Type", "Category", "Question", "Best Answer", "Correct Answers", "Incorrect Answers");
  static final String BEST_INCORRECT = "Best Incorrect Answer";

  private TruthfulQaCsv() {}

  public static List<TruthfulQaQuestion> load(Path file) {
    String text = TextFiles.read(file);
    CsvMapper mapper = new CsvMapper();
    mapper.enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS);
    mapper.enable(CsvParser.Feature.FAIL_ON_MISSING_HEADER_COLUMNS);
    CsvSchema schema = CsvSchema.emptySchema().withHeader().withStrictHeaders(false);
    List<TruthfulQaQuestion> out = new ArrayList<>();
    try (MappingIterator<Map<String, String>> rows =
        mapper.readerForMapOf(String.class).with(schema).readValues(text)) {
      CsvSchema header = (CsvSchema) rows.getParserSchema();
      List<String> columns = new ArrayList<>();
      header.forEach(c -> columns.add(c.getName()));
      for (String required : V1_COLUMNS) {
        if (!columns.contains(required)) {
          throw new TraitlabException(
              file + ": missing column '" + required + "' (header has " + columns + ")");
        }
      }
      boolean has2025 = columns.contains(BEST_INCORRECT);
      int row = 0;
      while (true) {
        Map<String, String> values;
        try {
          if (!rows.hasNextValue()) {
            break;
          }
          values = rows.nextValue();
        } catch (IOException | RuntimeException e) {
          throw new TraitlabException(
              file + " row " + (row + 1) + ": malformed CSV: " + firstLine(e.getMessage()), e);
        }
        row++;
        out.add(toQuestion(file + " row " + row, values, has2025));
      }
    } catch (IOException e) {
      throw new TraitlabException(file + ": malformed CSV: " + firstLine(e.getMessage()), e);
    }
    if (out.isEmpty()) {
      throw new TraitlabException(file + ": no questions");
    }
    return out;
  }

  private static TruthfulQaQuestion toQuestion(
      String where, Map<String, String> values, boolean has2025) {
    String question = required(where, values, "Question").strip();
    String best = TruthfulQaAnswers.close(required(where, values, "Best Answer"));
    String bestIncorrect =
        has2025 ? TruthfulQaAnswers.close(required(where, values, BEST_INCORRECT)) : "";
    List<String> correct = TruthfulQaAnswers.split(required(where, values, "Correct Answers"));
    List<String> incorrect = TruthfulQaAnswers.split(required(where, values, "Incorrect Answers"));
    if (incorrect.isEmpty()) {
      throw new TraitlabException(where + ": column 'Incorrect Answers' has no answers");
    }
    return new TruthfulQaQuestion(
        where,
        values.getOrDefault("Type", ""),
        values.getOrDefault("Category", ""),
        question,
        best,
        bestIncorrect,
        correct,
        incorrect);
  }

  private static String required(String where, Map<String, String> values, String column) {
    String v = values.get(column);
    if (v == null || v.isBlank()) {
      throw new TraitlabException(where + ": empty column '" + column + "'");
    }
    return v;
  }

  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    return message.lines().findFirst().orElse(message);
  }
}
