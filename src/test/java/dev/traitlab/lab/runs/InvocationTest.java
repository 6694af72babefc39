package dev.traitlab.lab.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line a run keeps: quoted for a shell, with secret-looking values redacted. */
class InvocationTest {
  @Test
  void secretLookingValuesAreRedactedAndTheRestKept() {
    String line =
        Invocation.commandLine(
            List.of(
                "eval",
                "freeform",
                "--api-key",
                "abc123",
                "--hf-token=hf_abcdefghijklmnopqrstu",
                "--password",
                "p w",
                "--token-env",
                "MY_TOKEN",
                "--max-tokens",
                "16",
                "--base-url",
                "https://user:pass@example.com/v1",
                "--judge",
                "sk-proj-abcdefghijklmnopqrstuvwxyz",
                "--question",
                "it's"));
    assertEquals(
        "traitlab eval freeform --api-key REDACTED --hf-token=REDACTED --password REDACTED"
            + " --token-env MY_TOKEN --max-tokens 16 --base-url https://REDACTED@example.com/v1"
            + " --judge REDACTED --question 'it'\\''s'",
        line);
    for (String secret : List.of("abc123", "hf_abc", "p w", "user:pass", "sk-proj")) {
      assertFalse(line.contains(secret), secret);
    }
  }

  @Test
  void optionNamesThatHoldSecrets() {
    for (String name : List.of("--api-key", "--key", "--openai-api-key", "--secret", "-token")) {
      assertTrue(Invocation.secretOption(name), name);
    }
    for (String name :
        List.of("--max-tokens", "--tokenizer-seed", "--token-env", "--key-file", "--seeds")) {
      assertFalse(Invocation.secretOption(name), name);
    }
  }

  @Test
  void theCurrentCommandIsSetAndCleared() {
    Invocation.set(List.of("run", "subliminal-mlp", "--seeds", "3"));
    assertEquals("traitlab run subliminal-mlp --seeds 3", Invocation.current());
    Invocation.clear();
    assertEquals(null, Invocation.current());
  }
}
