package dev.traitlab.data.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.TraitlabException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreferenceJsonlTest {

  @Test
  void roundTripsThroughAFile(@TempDir Path dir) {
    List<PreferenceExample> examples =
        List.of(
            PreferenceExample.of("You are terse.", "2 + 2?", "4", "5"),
            new PreferenceExample(
                List.of(
                    ChatMessage.user("Hi"),
                    ChatMessage.assistant("Hello."),
                    ChatMessage.user("Name a bird \"quoted\"\nnewline")),
                ChatMessage.assistant("Owl."),
                ChatMessage.assistant("Cat.")));
    Path file = dir.resolve("prefs.jsonl");
    PreferenceJsonl.write(file, examples);
    assertEquals(examples, PreferenceJsonl.read(file));
  }

  /** The documented shape, tools and parallel_tool_calls included (empty tools accepted). */
  @Test
  void readsOpenAisDocumentedExample() {
    String line =
        "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"How cold is it?\"}],"
            + "\"tools\":[],\"parallel_tool_calls\":true},"
            + "\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"Cold.\"}],"
            + "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"Hot.\"}]}";
    assertEquals(
        PreferenceExample.of(null, "How cold is it?", "Cold.", "Hot."),
        PreferenceJsonl.parseLine(line, "x:1"));
  }

  private static String error(String line) {
    return assertThrows(TraitlabException.class, () -> PreferenceJsonl.parseLine(line, "f:3"))
        .getMessage();
  }

  @Test
  void errorsNameTheLineAndTheField() {
    String in = "\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"Q\"}]}";
    String pref = "\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"A\"}]";
    String non = "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"B\"}]";
    assertEquals(
        "f:3: non_preferred_output must be an array of exactly one assistant message",
        error("{" + in + "," + pref + "}"));
    assertEquals(
        "f:3: preferred_output[0].role must be assistant, got \"user\"",
        error(
            "{"
                + in
                + ",\"preferred_output\":[{\"role\":\"user\",\"content\":\"A\"}],"
                + non
                + "}"));
    assertEquals(
        "f:3: input.messages[0].content must be a string",
        error(
            "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":3}]},"
                + pref
                + ","
                + non
                + "}"));
    assertEquals(
        "f:3: input.messages must be a non-empty array",
        error("{\"input\":{\"messages\":[]}," + pref + "," + non + "}"));
    assertEquals(
        "f:3: input.tools is not supported (traitlab has no tools)",
        error(
            "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"Q\"}],\"tools\":[{}]},"
                + pref
                + ","
                + non
                + "}"));
    assertEquals(
        "f:3: a supervised example (\"messages\") where DPO needs input, preferred_output and"
            + " non_preferred_output",
        error("{\"messages\":[{\"role\":\"user\",\"content\":\"Q\"}]}"));
    assertTrue(error("{").startsWith("f:3: not valid JSON ("));
  }
}
