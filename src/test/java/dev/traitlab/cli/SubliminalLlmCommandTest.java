package dev.traitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubliminalLlmCommandTest {
  @TempDir Path tmp;

  private static String[] run(int expectedCode, String... args) {
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(err, true), args);
    assertEquals(expectedCode, code, err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    return new String[] {err.toString()};
  }

  @Test
  void badOptionsAreOneLineUsageErrors() {
    assertTrue(
        run(2, "run", "subliminal-llm", "--trait-mode", "dream")[0].contains("--trait-mode"));
    assertTrue(run(2, "run", "subliminal-llm", "--samples", "0")[0].contains("--samples"));
    assertTrue(run(2, "run", "subliminal-llm", "--lora-rank", "-1")[0].contains("--lora-rank"));
    assertTrue(
        run(2, "run", "subliminal-llm", "--student-loss", "logits")[0].contains("--student-loss"));
  }

  @Test
  void missingModelThatIsNoDefaultBaseFailsTheRunAndSaysWhatIsMissing() {
    // Default base names (local:base, local:base-seedN) are pretrained on first use; another name
    // cannot be, so the run fails and says what it looked for.
    String err =
        run(
            1,
            "run",
            "subliminal-llm",
            "--teacher",
            "local:mine",
            "--student",
            "local:mine",
            "--models-dir",
            tmp.resolve("models").toString(),
            "--runs-dir",
            tmp.resolve("runs").toString())[0];
    assertTrue(err.contains("no model 'local:mine'") && err.contains("model.safetensors"), err);
    assertFalse(
        java.nio.file.Files.exists(tmp.resolve("models").resolve("base-seed2")),
        "nothing pretrained for a run that cannot start");
  }
}
