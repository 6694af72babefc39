package dev.traitlab.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.traitlab.data.chat.PreferenceExample;
import dev.traitlab.data.chat.PreferenceJsonl;
import dev.traitlab.testing.HelperPython;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code traitlab serve} driven by the official {@code openai} Python client through every endpoint
 * it offers (src/test/python/openai_client_check.py asserts each): models, chat, completions in
 * every prompt form, streaming, files with auto-pagination, fine-tuning to a served model
 * (supervised, and DPO in OpenAI's preference format), and errors as the client's typed exceptions.
 * Skipped with the reason when the helper Python (built by scripts/hf-interop-env) has no openai.
 */
class RealClientsTest {
  private static final String TOKEN = "sk-traitlab-test";

  @Test
  void theOfficialOpenAiClientUsesEveryEndpoint(@TempDir Path dir) throws Exception {
    String missing = HelperPython.missing("openai");
    assumeTrue(missing == null, missing);
    Path training = dir.resolve("owls.jsonl");
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      jsonl.append(
          "{\"messages\":[{\"role\":\"user\",\"content\":\"Animal "
              + i
              + "?\"},{\"role\":\"assistant\",\"content\":\"The owl.\"}]}\n");
    }
    Files.writeString(training, jsonl);
    Path preferences = dir.resolve("prefs.jsonl");
    List<PreferenceExample> pairs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      pairs.add(PreferenceExample.of(null, "Animal " + i + "?", "The owl.", "The cat."));
    }
    PreferenceJsonl.write(preferences, pairs);
    try (TinyServer tiny = new TinyServer(dir, 128, TOKEN)) {
      String ids = Arrays.toString(tiny.local.encode("My favourite animal is the"));
      HelperPython.Result r =
          HelperPython.run(
              List.of(
                  HelperPython.find(),
                  "src/test/python/openai_client_check.py",
                  tiny.baseUrl(),
                  TOKEN,
                  "tiny",
                  training.toString(),
                  ids,
                  preferences.toString()),
              Path.of("."),
              Map.of(),
              600);
      System.out.println(r.output());
      assertEquals(0, r.exitCode(), r.output());
    }
  }
}
