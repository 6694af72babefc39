package dev.traitlab.eval.bigbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.TraitlabException;
import dev.traitlab.eval.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BigBenchLoaderTest {
  @TempDir Path dir;

  @Test
  void readsEverySharedTaskWithItsExampleCount() {
    Map<String, Integer> counts =
        Map.of(
            "snarks", 181,
            "disambiguation_qa", 258,
            "date_understanding", 369,
            "geometric_shapes", 360,
            "movie_recommendation", 500);
    counts.forEach(
        (name, n) -> {
          List<BigBenchTaskFile> tasks =
              BigBenchLoader.load(SharedData.require("bigbench/" + name));
          assertEquals(1, tasks.size());
          assertEquals(name, tasks.get(0).name());
          assertEquals(n, tasks.get(0).examples().size(), name);
          assertTrue(tasks.get(0).hasMultipleChoice());
        });
  }

  @Test
  void defaultsApplyWhenFieldsAreAbsent() {
    BigBenchTaskFile t =
        BigBenchLoader.load(SharedData.require("bigbench/geometric_shapes")).get(0);
    BigBenchFormat f = t.format();
    assertEquals("", f.taskPrefix());
    assertEquals("\nQ: ", f.exampleInputPrefix());
    assertEquals("\nA: ", f.exampleOutputPrefix());
    assertEquals("\n  choice: ", f.choicePrefix());
    assertEquals("\n", f.fewShotExampleSeparator());
    assertTrue(f.appendChoicesToInput());
    assertNull(f.stopString());
    assertEquals(BigBenchFormat.DEFAULT_OUTPUT_REGEX, f.effectiveOutputRegex());
    assertEquals(List.of("multiple_choice_grade", "exact_str_match"), t.metrics());
    assertTrue(t.isGenerative());
    assertEquals(
        72,
        t.examples().stream()
            .filter(e -> e.targetScores().values().stream().filter(v -> v == 1).count() > 1)
            .count());
    assertEquals(List.of("hexagon"), t.examples().get(0).targets());
  }

  @Test
  void explicitFormatFieldsAreRead() {
    BigBenchTaskFile d =
        BigBenchLoader.load(SharedData.require("bigbench/disambiguation_qa")).get(0);
    assertEquals("\nSentence: ", d.format().exampleInputPrefix());
    assertEquals("\nPronoun identification: ", d.format().exampleOutputPrefix());
    assertFalse(d.format().taskPrefix().isEmpty());
    BigBenchTaskFile s = BigBenchLoader.load(SharedData.require("bigbench/snarks")).get(0);
    assertFalse(s.format().appendChoicesToInput());
    // Without a "target", the targets are the choices of highest score.
    BigBenchExample e = s.examples().get(0);
    assertEquals(1, e.targets().size());
    assertEquals(1.0, e.targetScores().get(e.targets().get(0)));
  }

  @Test
  void subtaskFoldersBecomeNamedSubtasks() {
    List<BigBenchTaskFile> tasks =
        BigBenchLoader.load(SharedData.require("bigbench/logical_deduction"));
    assertEquals(1, tasks.size());
    BigBenchTaskFile t = tasks.get(0);
    assertEquals("logical_deduction:three_objects", t.name());
    assertEquals(300, t.examples().size());
    assertEquals("", t.format().exampleInputPrefix());
    assertEquals(" ", t.format().exampleOutputPrefix());
    assertEquals("", t.format().choicePrefix());
    assertEquals("\n\n", t.format().fewShotExampleSeparator());
    assertFalse(t.format().appendChoicesToInput());
  }

  @Test
  void malformedFilesNameFileAndExample() throws Exception {
    assertError(
        "{\"name\": \"t\", \"metrics\": [\"exact_str_match\"], \"examples\": [",
        "bad JSON at line 1");
    assertError("{\"metrics\": [\"exact_str_match\"], \"examples\": []}", "missing field 'name'");
    assertError(
        "{\"name\": \"t\", \"examples\": [{\"input\": \"a\", \"target\": \"b\"}]}",
        "missing field 'metrics'");
    assertError(
        "{\"name\": \"t\", \"metrics\": [\"exact_str_match\"], \"examples\": [{\"input\": \"a\","
            + " \"target\": \"b\"}, {\"input\": \"c\"}]}",
        "example 1: missing field 'target' or 'target_scores'");
    assertError(
        "{\"name\": \"t\", \"metrics\": [\"multiple_choice_grade\"], \"examples\": [{\"input\":"
            + " \"a\", \"target_scores\": {\"x\": \"high\"}}]}",
        "example 0: target_scores value of 'x' is not a number");
    assertError(
        "{\"name\": \"t\", \"metrics\": [\"multiple_choice_grade\"], \"examples\": [{\"input\":"
            + " \"a\", \"target\": \"b\"}]}",
        "example 0: multiple_choice_grade needs 'target_scores'");
    assertError(
        "{\"name\": \"t\", \"metrics\": [\"multiple_choice_grade\"], \"examples\": [{\"input\":"
            + " \"a\", \"target_scores\": {\"x\": 1, \"y\": 0}}, {\"input\": \"b\","
            + " \"target_scores\": {\"x\": 0, \"y\": 0}}]}",
        "example 1: no choice in 'target_scores' has a score above 0, so the example cannot be"
            + " scored");
    assertError(
        "{\"name\": \"t\", \"metrics\": [\"accuracy\"], \"examples\": [{\"input\": \"a\", \"target\": \"b\"}]}",
        "unknown metric \"accuracy\"");
    assertError(
        "{\"name\": \"t\", \"metrics\": [\"exact_str_match\"], \"task_prefix\": 3, \"examples\":"
            + " [{\"input\": \"a\", \"target\": \"b\"}]}",
        "'task_prefix' must be a string");
  }

  private void assertError(String json, String expected) throws Exception {
    Path f = dir.resolve("task.json");
    Files.writeString(f, json);
    TraitlabException e = assertThrows(TraitlabException.class, () -> BigBenchLoader.load(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
