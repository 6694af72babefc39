package dev.traitlab.data.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.traitlab.core.Json;
import dev.traitlab.core.TraitlabException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** Reads a banned-number list: a JSON array of integers, or an object with "union_sorted". */
public final class BannedNumbers {
  private BannedNumbers() {}

  public static Set<Integer> read(Path file) {
    JsonNode root = Json.readTree(file);
    JsonNode list = root.isArray() ? root : root.path("union_sorted");
    if (!list.isArray()) {
      throw new TraitlabException(
          "banned numbers " + file + ": expected an array or an object with 'union_sorted'");
    }
    Set<Integer> out = new TreeSet<>();
    for (int i = 0; i < list.size(); i++) {
      if (!list.get(i).canConvertToInt()) {
        throw new TraitlabException(
            "banned numbers " + file + ": entry " + i + " is not an integer: " + list.get(i));
      }
      out.add(list.get(i).asInt());
    }
    return out;
  }
}
