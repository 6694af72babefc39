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

  /**
   * A key inside a longer argument (a URL's query or path) and a URL's user and password anywhere
   * in one are redacted, the rest of the argument kept; a word that merely contains "sk-" is not.
   */
  @Test
  void keysAndUserInfoInsideLongerArgumentsAreRedacted() {
    String line =
        Invocation.commandLine(
            List.of(
                "eval",
                "--base-url",
                "https://gw/v1?key=sk-abcdefghijklmnopqrstuvwxyz&model=m",
                "--judge-url",
                "https://proxy/sk-abcdefghijklmnopqrstuvwxyz/v1",
                "--base-url=https://u:p@h/v1",
                "--note=see http://me:pw@host:8080/x",
                "--endpoint",
                "https://gw/v1?api_key=plain123&model=m",
                "--task",
                "my-task-with-a-very-long-name"));
    assertEquals(
        "traitlab eval --base-url 'https://gw/v1?key=REDACTED&model=m'"
            + " --judge-url https://proxy/REDACTED/v1 --base-url=https://REDACTED@h/v1"
            + " '--note=see http://REDACTED@host:8080/x'"
            + " --endpoint 'https://gw/v1?api_key=REDACTED&model=m'"
            + " --task my-task-with-a-very-long-name",
        line);
    for (String secret : List.of("sk-abc", "u:p@", "me:pw", "plain123")) {
      assertFalse(line.contains(secret), secret);
    }
  }

  /**
   * The command shown to resume a run drops --fresh (which would recompute every finished stage),
   * keeps quoted words whole, and says when a secret in it was redacted.
   */
  @Test
  void theResumeCommandDropsFreshAndSaysWhenASecretWasRedacted() {
    assertEquals(
        "traitlab run subliminal-mlp --seeds 3 --question 'it'\\''s --fresh'",
        Invocation.resumeCommand(
            "traitlab run subliminal-mlp --fresh --seeds 3 --question 'it'\\''s --fresh'"));
    assertEquals(
        "traitlab run x --seeds 3", Invocation.resumeCommand("traitlab run x --seeds 3 --fresh"));
    assertEquals(
        "traitlab eval freeform --api-key REDACTED"
            + " (a secret was redacted: put it back before running)",
        Invocation.resumeCommand(
            Invocation.commandLine(List.of("eval", "freeform", "--fresh", "--api-key", "abc123"))));
  }
}
