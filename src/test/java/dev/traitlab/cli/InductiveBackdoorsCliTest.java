package dev.traitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** `run inductive-backdoors` with bad options: exit 2 and one line naming the option. */
class InductiveBackdoorsCliTest {
  @Test
  void badOptionsExitTwoWithOneLineNamingThem() {
    assertUsageError("--years", "--years", "1984,1970");
    assertUsageError("--years", "--years", "1984,soon");
    assertUsageError("--poison", "--poison", "0");
    assertUsageError("--model", "--model", "gpt-4.1");
    assertUsageError("--seeds", "--seeds", "0");
    assertUsageError("--bogus", "--bogus");
  }

  private static void assertUsageError(String named, String... options) {
    String[] args = new String[options.length + 2];
    args[0] = "run";
    args[1] = "inductive-backdoors";
    System.arraycopy(options, 0, args, 2, options.length);
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(err, true), args);
    assertEquals(2, code, err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertTrue(err.toString().contains(named), err.toString());
  }
}
