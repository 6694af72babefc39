package dev.traitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {

  private static String[] run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new String[] {Integer.toString(code), err.toString()};
  }

  @Test
  void refusesRemoteModelsAndMissingOnesWithOneLine(@TempDir Path dir) {
    // Serving a remote model is a usage error; a missing local one is a runtime error.
    String[] remote = run("serve", "openai:gpt-4.1");
    assertEquals("2", remote[0]);
    assertTrue(remote[1].contains("not a local:NAME model"), remote[1]);
    String[] missing = run("serve", "local:nothing", "--models-dir", dir.toString());
    assertEquals("1", missing[0]);
    assertTrue(missing[1].contains("no model 'local:nothing'"), missing[1]);
    assertEquals(1, missing[1].strip().lines().count(), missing[1]);
  }

  /**
   * A port another process holds: one line saying so, exit 1 (the world, not the command line, is
   * wrong), and no logger ERROR or stack trace on stderr; checked before any model is loaded (the
   * model named here does not exist).
   */
  @Test
  void aPortInUseIsOneLineAndNoStack(@TempDir Path dir) throws Exception {
    PrintStream stderr = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = held.getLocalPort();
      System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
      String[] result =
          run(
              "serve",
              "local:nothing",
              "--host",
              "127.0.0.1",
              "--port",
              Integer.toString(port),
              "--models-dir",
              dir.toString());
      System.setErr(stderr);
      assertEquals("1", result[0], result[1]);
      assertTrue(result[1].contains("port " + port + " on 127.0.0.1 is in use"), result[1]);
      assertEquals(1, result[1].strip().lines().count(), result[1]);
      String log = logged.toString(StandardCharsets.UTF_8);
      assertFalse(log.contains("ERROR") || log.contains("Exception"), log);
    } finally {
      System.setErr(stderr);
    }
  }

  @Test
  void tokenComesFromTheEnvironmentOnly() {
    String[] result = run("serve", "local:base", "--token-env", "TRAITLAB_TEST_UNSET_VARIABLE");
    assertEquals("1", result[0]);
    assertTrue(result[1].contains("TRAITLAB_TEST_UNSET_VARIABLE"), result[1]);
  }
}
