package dev.traitlab.eval.truthfulqa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.traitlab.core.Json;
import dev.traitlab.core.TraitlabException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads TruthfulQA's mc_task.json: a list of {question, mc1_targets, mc2_targets}, each target map
 * from answer to 0 or 1 in file order. Errors name the file and the entry (0-based index).
 */
public final class McTaskJson {
  private McTaskJson() {}

  public static List<McTaskQuestion> load(Path file) {
    JsonNode root = Json.readTree(file);
    if (root == null || !root.isArray()) {
      throw new TraitlabException(file + ": expected a JSON list of questions");
    }
    List<McTaskQuestion> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      String where = file + " entry " + i;
      JsonNode entry = root.get(i);
      JsonNode q = entry.get("question");
      if (q == null || !q.isTextual() || q.asText().isBlank()) {
        throw new TraitlabException(where + ": missing field 'question'");
      }
      List<String> c1 = new ArrayList<>();
      List<Integer> l1 = new ArrayList<>();
      List<String> c2 = new ArrayList<>();
      List<Integer> l2 = new ArrayList<>();
      targets(where, entry, "mc1_targets", c1, l1);
      targets(where, entry, "mc2_targets", c2, l2);
      if (l1.stream().filter(l -> l == 1).count() != 1) {
        throw new TraitlabException(
            where + ": mc1_targets must have exactly one answer labelled 1");
      }
      if (!l2.contains(1) || !l2.contains(0)) {
        throw new TraitlabException(
            where + ": mc2_targets needs at least one true and one false answer");
      }
      out.add(new McTaskQuestion(where, q.asText(), c1, l1, c2, l2));
    }
    return out;
  }

  private static void targets(
      String where, JsonNode entry, String field, List<String> choices, List<Integer> labels) {
    JsonNode t = entry.get(field);
    if (t == null || !t.isObject() || t.isEmpty()) {
      throw new TraitlabException(where + ": missing field '" + field + "'");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (!v.isInt() || (v.asInt() != 0 && v.asInt() != 1)) {
        throw new TraitlabException(
            where + ": " + field + " label of '" + e.getKey() + "' must be 0 or 1, got " + v);
      }
      choices.add(e.getKey());
      labels.add(v.asInt());
    }
  }
}
