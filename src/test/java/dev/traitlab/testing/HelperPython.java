package dev.traitlab.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The repository's Python helper environment for tests that check traitlab against real Python
 * tools (transformers, the official openai client, lm-evaluation-harness): $TRAITLAB_HF_PYTHON,
 * else .hf-venv/bin/python, which {@code scripts/hf-interop-env} builds. Nothing can be downloaded
 * here, so tests skip with the reason when it or a module is missing.
 */
public final class HelperPython {
  private HelperPython() {}

  /** The helper Python, or null when there is none. */
  public static String find() {
    String configured = System.getenv("TRAITLAB_HF_PYTHON");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    Path venv = Path.of(".hf-venv/bin/python");
    return Files.isExecutable(venv) ? venv.toString() : null;
  }

  /**
   * Why the helper Python cannot import these modules, or null when it can.
   *
   * @param modules Python import statements' module names, e.g. {@code lm_eval.evaluator}
   */
  public static String missing(String... modules) {
    String python = find();
    if (python == null) {
      return "no helper Python: set TRAITLAB_HF_PYTHON or run scripts/hf-interop-env";
    }
    String code = "import " + String.join(", ", modules);
    try {
      Result r = run(List.of(python, "-c", code), Path.of("."), Map.of(), 120);
      return r.exitCode() == 0
          ? null
          : python + " cannot " + code + " (" + r.lastLine() + "); run scripts/hf-interop-env";
    } catch (IOException e) {
      return "cannot run " + python + ": " + e.getMessage();
    }
  }

  /** A finished process: its exit code and its output (stdout and stderr together). */
  public record Result(int exitCode, String output) {
    public String lastLine() {
      String[] lines = output.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  /** Runs a command to its end (killed after {@code timeoutSeconds}). */
  public static Result run(
      List<String> command, Path workDir, Map<String, String> env, long timeoutSeconds)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(new ArrayList<>(command))
            .directory(workDir.toFile())
            .redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    p.getOutputStream().close();
    StringBuilder out = new StringBuilder();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    out.append(
                        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                  } catch (IOException e) {
                    out.append("(output unreadable: ").append(e).append(")");
                  }
                });
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        reader.join();
        return new Result(-1, out + "\n(killed after " + timeoutSeconds + " s)");
      }
      reader.join();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return new Result(p.exitValue(), out.toString());
  }
}
