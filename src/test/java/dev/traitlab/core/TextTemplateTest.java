package dev.traitlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextTemplateTest {
  @Test
  void valuesAreInsertedOnceAndNeverReadAgain() {
    String template = "Question: {question}\nAnswer: {answer}";
    Map<String, String> values =
        Map.of("question", "What does {answer} mean in a template?", "answer", "a placeholder");
    assertEquals(
        "Question: What does {answer} mean in a template?\nAnswer: a placeholder",
        TextTemplate.fill(template, values));
    // What chained replacements give: the answer pasted into the question as well.
    assertEquals(
        "Question: What does a placeholder mean in a template?\nAnswer: a placeholder",
        template
            .replace("{question}", values.get("question"))
            .replace("{answer}", values.get("answer")));
  }

  @Test
  void bracesFollowPythonsFormat() {
    // As '{{x}} = {x}'.format(x='1') in Python.
    assertEquals("{x} = 1", TextTemplate.fill("{{x}} = {x}", Map.of("x", "1")));
    assertEquals("}{", TextTemplate.fill("}}{{", Map.of()));
    TextTemplate t = TextTemplate.parse("{b}{a}{b}");
    assertEquals(List.of("b", "a"), List.copyOf(t.placeholders()));
    assertEquals("212", t.fill(Map.of("a", "1", "b", "2")));
    assertEquals("", TextTemplate.fill("", Map.of()));
  }

  @Test
  void malformedTemplatesAndMissingValuesAreRefusedWithTheirPlace() {
    assertMessage("template has a single '}' at index 3", () -> TextTemplate.parse("ab }"));
    assertMessage("'{' at index 2 that is never closed", () -> TextTemplate.parse("a {b"));
    assertMessage(
        "placeholder '{\"k\": 1}' at index 0 is not a name",
        () -> TextTemplate.parse("{\"k\": 1}"));
    assertMessage("placeholder '{}' at index 1", () -> TextTemplate.parse("x{}"));
    assertMessage(
        "placeholder {answer} has no value",
        () -> TextTemplate.fill("{question} {answer}", Map.of("question", "q")));
  }

  private static void assertMessage(String expected, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
