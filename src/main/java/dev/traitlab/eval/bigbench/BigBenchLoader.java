package dev.traitlab.eval.bigbench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.traitlab.core.Json;
import dev.traitlab.core.TraitlabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads BIG-bench JSON tasks. A path is a task.json, a folder holding one, or a folder whose
 * sub-folders hold subtasks (each sub-folder's task.json becomes task "parent:subtask"). Errors
 * name the file and the example (0-based index).
 */
public final class BigBenchLoader {
  private static final List<String> KNOWN_METRICS =
      List.of(
          "multiple_choice_grade",
          "exact_str_match",
          "bleu",
          "rouge",
          "bleurt",
          "log_likelihood",
          "case_insensitive_str_match",
          "numeric_match_with_0_1_relative_error",
          "expected_calibration_error",
          "calibration_multiple_choice_brier_score",
          "macro_f1",
          "sequence_f1");

  private BigBenchLoader() {}

  /** Every task (or subtask) found at the path, subtasks in name order. */
  public static List<BigBenchTaskFile> load(Path path) {
    if (Files.isRegularFile(path)) {
      return List.of(loadFile(path, null));
    }
    if (!Files.isDirectory(path)) {
      throw new TraitlabException("no BIG-bench task at " + path + " (not a file or folder)");
    }
    Path own = path.resolve("task.json");
    List<Path> subfolders;
    try (Stream<Path> s = Files.list(path)) {
      subfolders = s.filter(p -> Files.isRegularFile(p.resolve("task.json"))).sorted().toList();
    } catch (IOException e) {
      throw new TraitlabException("cannot list " + path + ": " + e.getMessage(), e);
    }
    if (!subfolders.isEmpty()) {
      String parent = path.getFileName().toString();
      List<BigBenchTaskFile> out = new ArrayList<>();
      for (Path sub : subfolders) {
        out.add(loadFile(sub.resolve("task.json"), parent));
      }
      return out;
    }
    if (Files.isRegularFile(own)) {
      return List.of(loadFile(own, null));
    }
    throw new TraitlabException(path + ": no task.json in it or in its sub-folders");
  }

  static BigBenchTaskFile loadFile(Path file, String parent) {
    return parse(file.toString(), Json.readTree(file), parent);
  }

  /** Parses a task.json tree; {@code where} names it in errors. */
  public static BigBenchTaskFile parse(String where, JsonNode root, String parent) {
    if (root == null || !root.isObject()) {
      throw new TraitlabException(where + ": expected a JSON object");
    }
    String name = requiredText(where, root, "name");
    String description = optionalText(where, root, "description", "");
    JsonNode metricsNode = root.get("metrics");
    if (metricsNode == null || !metricsNode.isArray() || metricsNode.isEmpty()) {
      throw new TraitlabException(where + ": missing field 'metrics' (a non-empty list)");
    }
    List<String> metrics = new ArrayList<>();
    for (JsonNode m : metricsNode) {
      if (!m.isTextual() || !KNOWN_METRICS.contains(m.asText())) {
        throw new TraitlabException(where + ": unknown metric " + m + " in 'metrics'");
      }
      metrics.add(m.asText());
    }
    String preferred = optionalText(where, root, "preferred_score", metrics.get(0));
    BigBenchFormat d = BigBenchFormat.defaults();
    JsonNode append = root.get("append_choices_to_input");
    if (append != null && !append.isBoolean()) {
      throw new TraitlabException(where + ": 'append_choices_to_input' must be true or false");
    }
    BigBenchFormat format =
        new BigBenchFormat(
            optionalText(where, root, "task_prefix", d.taskPrefix()),
            optionalText(where, root, "example_input_prefix", d.exampleInputPrefix()),
            optionalText(where, root, "example_output_prefix", d.exampleOutputPrefix()),
            optionalText(where, root, "choice_prefix", d.choicePrefix()),
            append == null ? d.appendChoicesToInput() : append.asBoolean(),
            optionalText(where, root, "few_shot_example_separator", d.fewShotExampleSeparator()),
            optionalText(where, root, "stop_string", null),
            optionalText(where, root, "output_regex", null));
    if (format.outputRegex() != null) {
      try {
        java.util.regex.Pattern.compile(format.outputRegex());
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new TraitlabException(where + ": bad 'output_regex': " + firstLine(e.getMessage()));
      }
    }
    JsonNode examplesNode = root.get("examples");
    if (examplesNode == null || !examplesNode.isArray() || examplesNode.isEmpty()) {
      throw new TraitlabException(where + ": missing field 'examples' (a non-empty list)");
    }
    List<BigBenchExample> examples = new ArrayList<>();
    for (int i = 0; i < examplesNode.size(); i++) {
      examples.add(example(where + " example " + i, examplesNode.get(i)));
    }
    if (metrics.contains("multiple_choice_grade")
        && examples.stream().anyMatch(e -> !e.isMultipleChoice())) {
      int i = 0;
      while (examples.get(i).isMultipleChoice()) {
        i++;
      }
      throw new TraitlabException(
          where + " example " + i + ": multiple_choice_grade needs 'target_scores'");
    }
    return new BigBenchTaskFile(
        where,
        parent == null ? name : parent + ":" + name,
        description,
        metrics,
        preferred,
        format,
        examples);
  }

  private static BigBenchExample example(String where, JsonNode node) {
    if (!node.isObject()) {
      throw new TraitlabException(where + ": expected an object");
    }
    String input = requiredText(where, node, "input");
    Map<String, Double> scores = new LinkedHashMap<>();
    JsonNode ts = node.get("target_scores");
    if (ts != null) {
      if (!ts.isObject() || ts.isEmpty()) {
        throw new TraitlabException(where + ": 'target_scores' must be a non-empty object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = ts.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNumber()) {
          throw new TraitlabException(
              where + ": target_scores value of '" + e.getKey() + "' is not a number");
        }
        scores.put(e.getKey(), e.getValue().asDouble());
      }
      // No correct choice: every answer would score 0 and the calibration figures would be noise.
      if (scores.values().stream().noneMatch(v -> v > 0)) {
        throw new TraitlabException(
            where
                + ": no choice in 'target_scores' has a score above 0, so the example cannot be"
                + " scored");
      }
    }
    List<String> targets = new ArrayList<>();
    JsonNode t = node.get("target");
    if (t != null) {
      if (t.isTextual()) {
        targets.add(t.asText());
      } else if (t.isArray() && !t.isEmpty()) {
        for (JsonNode x : t) {
          if (!x.isTextual()) {
            throw new TraitlabException(where + ": 'target' list holds a non-string " + x);
          }
          targets.add(x.asText());
        }
      } else {
        throw new TraitlabException(where + ": 'target' must be a string or a list of strings");
      }
    } else if (!scores.isEmpty()) {
      double max = scores.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      scores.forEach(
          (k, v) -> {
            if (v == max) {
              targets.add(k);
            }
          });
    } else {
      throw new TraitlabException(where + ": missing field 'target' or 'target_scores'");
    }
    return new BigBenchExample(input, targets, scores);
  }

  private static String requiredText(String where, JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new TraitlabException(where + ": missing field '" + field + "' (a string)");
    }
    return v.asText();
  }

  private static String optionalText(String where, JsonNode node, String field, String fallback) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isTextual()) {
      throw new TraitlabException(where + ": '" + field + "' must be a string, got " + v);
    }
    return v.asText();
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse(message);
  }
}
