package dev.traitlab.eval.freeform;

import dev.traitlab.core.TextFiles;
import dev.traitlab.core.TextTemplate;
import dev.traitlab.core.TraitlabException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads question files in the emergent-misalignment YAML format (a list of questions; anchors and
 * aliases allowed). Errors name the file and the question (its id, or its 0-based index).
 */
public final class FreeFormYaml {
  private FreeFormYaml() {}

  public static List<FreeFormQuestion> load(Path file) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(TextFiles.read(file));
    } catch (MarkedYAMLException e) {
      throw new TraitlabException(
          file + ": bad YAML at line " + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem(),
          e);
    } catch (YAMLException e) {
      throw new TraitlabException(file + ": bad YAML: " + e.getMessage(), e);
    }
    if (!(root instanceof List<?> items) || items.isEmpty()) {
      throw new TraitlabException(file + ": expected a non-empty YAML list of questions");
    }
    List<FreeFormQuestion> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String where = file + " question " + i;
      if (!(items.get(i) instanceof Map<?, ?> m)) {
        throw new TraitlabException(where + ": expected a mapping");
      }
      Object idValue = m.get("id");
      if (!(idValue instanceof String id) || id.isBlank()) {
        throw new TraitlabException(where + ": missing field 'id'");
      }
      where = file + " question '" + id + "'";
      if (!ids.add(id)) {
        throw new TraitlabException(where + ": duplicate id");
      }
      Object type = m.get("type");
      if (!FreeFormQuestion.JUDGE_0_100.equals(type)
          && !FreeFormQuestion.JUDGE_LABEL.equals(type)) {
        throw new TraitlabException(
            where
                + ": 'type' must be "
                + FreeFormQuestion.JUDGE_0_100
                + " or "
                + FreeFormQuestion.JUDGE_LABEL
                + ", got "
                + type);
      }
      List<String> paraphrases = new ArrayList<>();
      if (!(m.get("paraphrases") instanceof List<?> ps) || ps.isEmpty()) {
        throw new TraitlabException(where + ": missing field 'paraphrases' (a non-empty list)");
      }
      for (Object p : ps) {
        if (!(p instanceof String s) || s.isBlank()) {
          throw new TraitlabException(where + ": paraphrase " + p + " is not text");
        }
        paraphrases.add(s);
      }
      Object system = m.get("system");
      if (system != null && !(system instanceof String)) {
        throw new TraitlabException(where + ": 'system' must be text");
      }
      Object samples =
          m.containsKey("samples_per_paraphrase") ? m.get("samples_per_paraphrase") : 1;
      if (!(samples instanceof Integer n) || n < 1) {
        throw new TraitlabException(
            where + ": 'samples_per_paraphrase' must be a positive integer");
      }
      Object judge = m.get("judge");
      if (judge != null && !(judge instanceof String)) {
        throw new TraitlabException(where + ": 'judge' must be text");
      }
      if (!(m.get("judge_prompts") instanceof Map<?, ?> jp) || jp.isEmpty()) {
        throw new TraitlabException(
            where + ": missing field 'judge_prompts' (a non-empty mapping)");
      }
      Map<String, String> prompts = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : jp.entrySet()) {
        if (!(e.getKey() instanceof String k) || !(e.getValue() instanceof String v)) {
          throw new TraitlabException(where + ": judge prompt " + e.getKey() + " is not text");
        }
        Set<String> placeholders;
        try {
          placeholders = TextTemplate.parse(v).placeholders();
        } catch (IllegalArgumentException bad) {
          throw new TraitlabException(where + ": judge prompt '" + k + "': " + bad.getMessage());
        }
        if (!placeholders.contains("answer")) {
          throw new TraitlabException(where + ": judge prompt '" + k + "' has no {answer}");
        }
        for (String p : placeholders) {
          if (!p.equals("question") && !p.equals("answer")) {
            throw new TraitlabException(
                where
                    + ": judge prompt '"
                    + k
                    + "' has placeholder {"
                    + p
                    + "} (only {question} and {answer} are filled)");
          }
        }
        prompts.put(k, v);
      }
      out.add(
          new FreeFormQuestion(
              where,
              id,
              (String) type,
              paraphrases,
              system == null ? "" : (String) system,
              n,
              judge == null ? "" : (String) judge,
              prompts));
    }
    return out;
  }
}
