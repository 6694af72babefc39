package dev.traitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.testing.TinyEmbeddedModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exit codes of the CLI's errors, command by command: every usage error (a value the command
 * line gets wrong, found before any work, a RUN that names no recorded run included) exits 2, every
 * runtime error (what the world gets wrong: missing files, models and runs directories, unset
 * variables) exits 1, each with one line on stderr. {@code RUNS} and {@code TMP} in the arguments
 * become a fresh runs directory and temporary folder; a usage error must leave the runs directory
 * uncreated.
 */
class ExitCodesTest {
  private static final int USAGE = 2;
  private static final int RUNTIME = 1;

  @TempDir Path tmp;

  static Stream<Arguments> errors() {
    return Stream.of(
        // no command, unknown options, missing arguments (picocli's own checks)
        usage("missing command"),
        usage("Unknown option: '--bogus'", "generate", "local:base", "--prompt", "hi", "--bogus"),
        usage("Missing required option: '--prompt", "generate", "local:base"),
        usage("Missing required parameter: 'RUN'", "report"),
        usage("Unmatched argument", "runs", "extra", "--runs-dir", "RUNS"),
        usage("Unknown option: '--bogus'", "demo", "--bogus", "--runs-dir", "RUNS"),
        // generate, chat: sampling options and their combinations
        usage("-n must be >= 1, got 0", "generate", "local:base", "--prompt", "hi", "-n", "0"),
        usage(
            "--system needs the chat template",
            "generate",
            "m",
            "--prompt",
            "p",
            "--raw",
            "--system",
            "s"),
        usage(
            "--temperature must be a number >= 0, got -1.0",
            "generate",
            "m",
            "--prompt",
            "p",
            "-t",
            "-1"),
        usage(
            "--top-p must be in (0, 1], got 1.5",
            "generate",
            "m",
            "--prompt",
            "p",
            "--top-p",
            "1.5"),
        usage(
            "--max-tokens must be >= 1, got 0",
            "generate",
            "m",
            "--prompt",
            "p",
            "--max-tokens",
            "0"),
        usage("--stop must not be empty", "generate", "m", "--prompt", "p", "--stop", ""),
        usage("--top-p must be in (0, 1], got 0.0", "chat", "--top-p", "0"),
        // check-base, pretrain
        usage("--number-prompts and --samples must be >= 1", "check-base", "--samples", "0"),
        usage("--examples and --epochs must be >= 1", "pretrain", "--examples", "0"),
        usage("--examples and --epochs must be >= 1", "pretrain", "--epochs", "0"),
        usage("--name must be a plain name", "pretrain", "--name", "a/b"),
        usage("--chunks must be >= 1 and is for --name em-doc-base", "pretrain", "--chunks", "1"),
        usage("--chunks must be >= 1", "pretrain", "--name", "em-doc-base", "--chunks", "0"),
        // serve
        usage("--port must be in [0, 65535], got 99999", "serve", "local:base", "--port", "99999"),
        usage("--port must be in [0, 65535], got -1", "serve", "local:base", "--port", "-1"),
        usage(
            "--model-concurrency must be >= 1", "serve", "local:base", "--model-concurrency", "0"),
        usage("'openai:x' is not a local:NAME model", "serve", "openai:x"),
        usage("has no backend prefix", "serve", "base"),
        usage("'local:a' is given twice", "serve", "local:a", "local:a"),
        usage("Missing required parameter: 'MODEL'", "serve"),
        // eval: its config and the model-access options
        usage(
            "--model: model 'base' has no backend prefix",
            "eval",
            "truthfulqa-mc",
            "--model",
            "base",
            "--data",
            "F"),
        usage(
            "--judge: model 'gpt' has no backend prefix",
            "eval",
            "freeform",
            "--model",
            "local:base",
            "--judge",
            "gpt",
            "--data",
            "F"),
        usage(
            "--context code asks a base-form model",
            "run",
            "emergent-misalignment",
            "--context",
            "code",
            "--runs-dir",
            "RUNS"),
        usage(
            "fine-tuning jobs send chat JSONL only",
            "run",
            "emergent-misalignment",
            "--context",
            "code",
            "--model",
            "openai:davinci-002",
            "--runs-dir",
            "RUNS"),
        usage(
            "--judge: model 'bogus:x': unknown backend prefix 'bogus' (accepted: local, openai)",
            "run",
            "emergent-misalignment",
            "--judge",
            "bogus:x",
            "--runs-dir",
            "RUNS"),
        usage(
            "--judge: model 'bogus:x': unknown backend prefix 'bogus' (accepted: local, openai)",
            "eval",
            "freeform",
            "--model",
            "local:base",
            "--judge",
            "bogus:x",
            "--data",
            "F"),
        usage(
            "--teacher: model 'base' has no backend prefix",
            "run",
            "subliminal-llm",
            "--teacher",
            "base"),
        usage(
            "--limit, --shots and --samples must be >= 0, got -5",
            "eval",
            "truthfulqa-mc",
            "--model",
            "local:base",
            "--data",
            "F",
            "--limit",
            "-5",
            "--runs-dir",
            "RUNS"),
        usage(
            "--epochs, --questions and --max-tokens must be >= 1",
            "eval",
            "calibratedmath",
            "--model",
            "local:m",
            "--epochs",
            "0",
            "--runs-dir",
            "RUNS"),
        usage(
            "--max-failed must be in [0, 1], got 2.0",
            "eval",
            "calibratedmath",
            "--model",
            "local:m",
            "--max-failed",
            "2",
            "--runs-dir",
            "RUNS"),
        usage(
            "unknown eval task 'mmlu'", "eval", "mmlu", "--model", "local:m", "--runs-dir", "RUNS"),
        usage(
            "eval bigbench needs --data",
            "eval",
            "bigbench",
            "--model",
            "local:m",
            "--runs-dir",
            "RUNS"),
        usage(
            "eval freeform needs --judge",
            "eval",
            "freeform",
            "--model",
            "local:m",
            "--data",
            "q.yaml",
            "--runs-dir",
            "RUNS"),
        usage("Missing required option: '--model", "eval", "bigbench", "--runs-dir", "RUNS"),
        usage(
            "--max-in-flight must be >= 1, got 0",
            "eval",
            "calibratedmath",
            "--model",
            "local:m",
            "--max-in-flight",
            "0",
            "--runs-dir",
            "RUNS"),
        usage(
            "--max-retries must be >= 0, got -1",
            "eval",
            "calibratedmath",
            "--model",
            "local:m",
            "--max-retries",
            "-1",
            "--runs-dir",
            "RUNS"),
        usage(
            "--base-url must be an http:// or https:// URL",
            "eval",
            "calibratedmath",
            "--model",
            "local:m",
            "--base-url",
            "ftp://x",
            "--runs-dir",
            "RUNS"),
        usage(
            "--no-cache and --cache-file exclude each other",
            "eval",
            "calibratedmath",
            "--model",
            "local:m",
            "--no-cache",
            "--cache-file",
            "c.sqlite",
            "--runs-dir",
            "RUNS"),
        // run: registered experiments' configs and sizes
        usage("missing experiment", "run"),
        usage(
            "unknown experiment 'no-such-experiment' (known: activation-oracle, defendability, ",
            "run",
            "no-such-experiment"),
        usage(
            "unknown experiment 'no-such-experiment' (known: ",
            "run",
            "no-such-experiment",
            "--seeds",
            "3"),
        usage(
            "--seeds must be >= 1, got 0",
            "run",
            "subliminal-mlp",
            "--seeds",
            "0",
            "--runs-dir",
            "RUNS"),
        usage("Invalid value for option '--seeds'", "run", "subliminal-mlp", "--seeds", "three"),
        usage("--lr must be > 0", "run", "subliminal-mlp", "--lr", "0", "--runs-dir", "RUNS"),
        usage(
            "--model: activation access: monitors read activations",
            "run",
            "obfuscation",
            "--model",
            "openai:gpt-4o-mini",
            "--runs-dir",
            "RUNS"),
        usage(
            "--model: it is fine-tuned here and its answers' probabilities are read: needs a local model",
            "run",
            "verbalized-calibration",
            "--model",
            "openai:gpt-4o-mini",
            "--runs-dir",
            "RUNS"),
        // local-only experiments refuse --base-url, naming themselves
        usage(
            "--base-url: run obfuscation uses local models only",
            "run",
            "obfuscation",
            "--base-url",
            "http://127.0.0.1:8000/v1",
            "--runs-dir",
            "RUNS"),
        usage(
            "--base-url: run activation-oracle uses local models only",
            "run",
            "activation-oracle",
            "--base-url",
            "http://127.0.0.1:8000/v1",
            "--runs-dir",
            "RUNS"),
        usage(
            "--base-url: run overoptimisation uses local models only",
            "run",
            "overoptimisation",
            "--base-url",
            "http://127.0.0.1:8000/v1",
            "--runs-dir",
            "RUNS"),
        usage(
            "--base-url: run verbalized-calibration uses local models only",
            "run",
            "verbalized-calibration",
            "--base-url",
            "http://127.0.0.1:8000/v1",
            "--runs-dir",
            "RUNS"),
        usage(
            "--per-sub-task must be >= 2, got 1",
            "run",
            "verbalized-calibration",
            "--per-sub-task",
            "1",
            "--runs-dir",
            "RUNS"),
        usage(
            "--layers: '1' given twice",
            "run",
            "rare-outputs",
            "--layers",
            "1,1",
            "--runs-dir",
            "RUNS"),
        usage(
            "--sizes: each size is WIDTHxLAYERS",
            "run",
            "scaling-evals",
            "--sizes",
            "32x1,64",
            "--runs-dir",
            "RUNS"),
        usage(
            "--sizes: list them smallest first",
            "run",
            "scaling-evals",
            "--sizes",
            "64x2,32x1",
            "--runs-dir",
            "RUNS"),
        usage(
            "--distributions: 'hex' given twice",
            "run",
            "rare-outputs",
            "--distributions",
            "hex,caps,hex",
            "--runs-dir",
            "RUNS"),
        usage(
            "subliminal-mlp with these sizes needs about",
            "run",
            "subliminal-mlp",
            "--seeds",
            "1",
            "--epochs",
            "1",
            "--hidden",
            "2000000000",
            "--runs-dir",
            "RUNS"),
        usage(
            "--questions must be >= 1",
            "run",
            "subliminal-llm",
            "--questions",
            "0",
            "--runs-dir",
            "RUNS"),
        usage(
            "--max-in-flight must be >= 1",
            "run",
            "subliminal-llm",
            "--max-in-flight",
            "0",
            "--runs-dir",
            "RUNS"),
        usage(
            "--student-loss: 'bogus' is not one of tokens, distill",
            "run",
            "subliminal-llm",
            "--student-loss",
            "bogus",
            "--runs-dir",
            "RUNS"),
        usage(
            "--model: proxy reward models read its activations: needs a local model",
            "run",
            "overoptimisation",
            "-m",
            "openai:gpt-4.1",
            "--runs-dir",
            "RUNS"),
        usage(
            "--reader: the reward head reads its activations: needs a local model",
            "run",
            "rlhf",
            "-m",
            "openai:gpt-4.1",
            "--reader",
            "openai:gpt-4.1",
            "--runs-dir",
            "RUNS"),
        usage(
            "--minibatches (128) cannot exceed --rollouts (64)",
            "run",
            "rlhf",
            "--minibatches",
            "128",
            "--runs-dir",
            "RUNS"),
        // runtime errors: the command line is right, the world is not
        runtime(
            "no model 'local:nope'",
            "generate",
            "local:nope",
            "--prompt",
            "hi",
            "--models-dir",
            "TMP"),
        runtime("no model 'local:nope'", "check-base", "local:nope", "--models-dir", "TMP"),
        runtime(
            "no model 'local:nope'", "serve", "local:nope", "--port", "0", "--models-dir", "TMP"),
        runtime(
            "--token-env TRAITLAB_TEST_UNSET_VARIABLE: that variable is not set",
            "serve",
            "local:base",
            "--token-env",
            "TRAITLAB_TEST_UNSET_VARIABLE"),
        runtime(
            "eval bigbench: no such file or folder",
            "eval",
            "bigbench",
            "--model",
            "local:m",
            "--data",
            "TMP/nope",
            "--runs-dir",
            "RUNS"),
        // a runs directory that does not exist is a missing folder; nothing is created
        runtime("no run 'nope': no runs directory ", "report", "nope", "--runs-dir", "RUNS"),
        runtime("no runs directory ", "runs", "--runs-dir", "RUNS"),
        runtime("missing", "run", "subliminal-mlp", "--data", "TMP/missing", "--runs-dir", "RUNS"));
  }

  private static Arguments usage(String message, String... args) {
    return Arguments.of(USAGE, message, args);
  }

  private static Arguments runtime(String message, String... args) {
    return Arguments.of(RUNTIME, message, args);
  }

  /** A file given where a directory belongs: the error says so, not "no such directory". */
  @Test
  void aFileForADirectoryIsARuntimeErrorThatSaysSo() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "not a directory\n");
    StringWriter err = new StringWriter();
    int exit =
        Main.execute(
            new PrintWriter(err, true),
            "run",
            "subliminal-mlp",
            "--data",
            file.toString(),
            "--runs-dir",
            tmp.resolve("runs").toString());
    assertEquals(RUNTIME, exit, err.toString());
    assertTrue(err.toString().contains(file + ": a file, not a directory"), err.toString());

    err = new StringWriter();
    exit = Main.execute(new PrintWriter(err, true), "runs", "--runs-dir", file.toString());
    assertEquals(RUNTIME, exit, err.toString());
    assertEquals("traitlab: " + file + ": a file, not a runs directory", err.toString().strip());
  }

  /**
   * A RUN that names no recorded run, or a prefix of several, is the command line's mistake: a
   * usage error, one line. The runs database is only read.
   */
  @Test
  void anUnknownOrAmbiguousRunIsAUsageError() throws Exception {
    Path runs = tmp.resolve("runs");
    dev.traitlab.lab.runs.RunStore store = new dev.traitlab.lab.runs.RunStore(runs);
    for (String id : List.of("20261201-000000-x-aaaa", "20261201-000001-x-bbbb")) {
      store.insert(
          new dev.traitlab.lab.runs.RunRecord(
              id,
              "x",
              dev.traitlab.lab.runs.RunRecord.FINISHED,
              "2026-12-01T00:00:00Z",
              null,
              runs.resolve(id).toString(),
              null,
              "{}",
              "[0]",
              null,
              null,
              null,
              null,
              null));
    }
    StringWriter err = new StringWriter();
    assertEquals(
        USAGE,
        Main.execute(new PrintWriter(err, true), "report", "nosuch", "--runs-dir", runs.toString()),
        err.toString());
    assertEquals(
        "traitlab: no run 'nosuch' in "
            + runs
            + "; 'traitlab runs' lists them (try 'traitlab report --help')",
        err.toString().strip());

    err = new StringWriter();
    assertEquals(
        USAGE,
        Main.execute(
            new PrintWriter(err, true), "report", "20261201", "--runs-dir", runs.toString()),
        err.toString());
    assertEquals(
        "traitlab: run id prefix '20261201' matches 2 runs (20261201-000000-x-aaaa,"
            + " 20261201-000001-x-bbbb); give more of it (try 'traitlab report --help')",
        err.toString().strip());
  }

  /**
   * The commands that only read runs create nothing: 'runs' and 'report' on a runs directory that
   * does not exist say so and leave it uncreated; on one without a database they create none.
   */
  @Test
  void readingRunsCreatesNothing() throws Exception {
    Path missing = tmp.resolve("x").resolve("nonexist");
    StringWriter err = new StringWriter();
    assertEquals(
        RUNTIME,
        Main.execute(new PrintWriter(err, true), "runs", "--runs-dir", missing.toString()),
        err.toString());
    assertEquals("traitlab: no runs directory " + missing, err.toString().strip());
    err = new StringWriter();
    assertEquals(
        RUNTIME,
        Main.execute(new PrintWriter(err, true), "report", "x", "--runs-dir", missing.toString()),
        err.toString());
    assertEquals("traitlab: no run 'x': no runs directory " + missing, err.toString().strip());
    assertFalse(Files.exists(tmp.resolve("x")), "a read-only command created a directory");

    Path empty = Files.createDirectories(tmp.resolve("empty"));
    StringWriter out = new StringWriter();
    picocli.CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    err = new StringWriter();
    assertEquals(
        0,
        Main.execute(cli, new PrintWriter(err, true), "runs", "--runs-dir", empty.toString()),
        err.toString());
    assertEquals("no runs in " + empty, out.toString().strip());
    assertEquals(
        USAGE,
        Main.execute(new PrintWriter(err, true), "report", "x", "--runs-dir", empty.toString()));
    try (Stream<Path> left = Files.list(empty)) {
      assertEquals(List.of(), left.toList(), "a read-only command created a file");
    }
  }

  /** The hint to --help is given once, naming the command whose help to read. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("oneHint")
  void aUsageErrorHintsAtHelpOnce(String expected, String[] args) {
    StringWriter err = new StringWriter();
    assertEquals(USAGE, Main.execute(new PrintWriter(err, true), args), err.toString());
    assertEquals(expected, err.toString().strip());
  }

  static Stream<Arguments> oneHint() {
    return Stream.of(
        Arguments.of("traitlab: missing command (try 'traitlab --help')", new String[] {}),
        Arguments.of(
            "traitlab: missing experiment (try 'traitlab run --help')", new String[] {"run"}),
        Arguments.of(
            "traitlab: Unknown option: '--bogus' (try 'traitlab run --help')",
            new String[] {"run", "--bogus"}));
  }

  /** Every experiment without a verb of its own is named in the unknown-experiment message. */
  @Test
  void anUnknownExperimentListsTheKnownOnes() {
    StringWriter err = new StringWriter();
    assertEquals(USAGE, Main.execute(new PrintWriter(err, true), "run", "subliminal-mpl"));
    String text = err.toString();
    for (String name : Main.commandLine().getSubcommands().get("run").getSubcommands().keySet()) {
      assertTrue(text.contains(name), name + " missing from: " + text);
    }
    assertTrue(text.startsWith("traitlab: unknown experiment 'subliminal-mpl' (known: "), text);
    assertTrue(text.strip().endsWith(") (try 'traitlab run --help')"), text);
  }

  @ParameterizedTest(name = "exit {0}: {1}")
  @MethodSource("errors")
  void exitCodeAndOneLine(int code, String message, String[] template) throws Exception {
    Path runs = tmp.resolve("runs");
    List<String> args = new ArrayList<>();
    for (String a : template) {
      args.add(a.replace("RUNS", runs.toString()).replace("TMP", tmp.toString()));
    }
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(err, true), args.toArray(String[]::new));
    String text = err.toString();
    assertEquals(code, exit, text);
    assertEquals(1, text.strip().lines().count(), text);
    assertTrue(text.startsWith("traitlab: "), text);
    assertTrue(text.contains(message), text);
    if (code == USAGE) {
      assertFalse(Files.exists(runs), "a usage error must come before any work: " + text);
    }
  }

  /**
   * An option checked against the model's own config (activation-oracle's --inject-layer against
   * its depth) is a usage error too, made before any run directory: here a tiny 2-block model.
   */
  @Test
  void injectLayerBeyondTheModelIsAUsageError() {
    Path models = tmp.resolve("models");
    TinyEmbeddedModels.create(models, "tiny", 1);
    Path runs = tmp.resolve("runs");
    StringWriter err = new StringWriter();
    int exit =
        Main.execute(
            new PrintWriter(err, true),
            "run",
            "activation-oracle",
            "--model",
            "local:tiny",
            "--models-dir",
            models.toString(),
            "--inject-layer",
            "2",
            "--runs-dir",
            runs.toString());
    String text = err.toString();
    assertEquals(USAGE, exit, text);
    assertEquals(1, text.strip().lines().count(), text);
    assertTrue(
        text.startsWith(
            "traitlab: --inject-layer 2: must be a block in 0..1 (the model has 2 blocks)"),
        text);
    assertFalse(Files.exists(runs), text);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("helpWithBadValues")
  void helpIsShownWhateverTheValues(String command, String[] args) {
    StringWriter err = new StringWriter();
    assertEquals(0, Main.execute(new PrintWriter(err, true), args), err.toString());
  }

  static Stream<Arguments> helpWithBadValues() {
    return Stream.of(
        Arguments.of("generate", new String[] {"generate", "m", "--prompt", "p", "-n", "0", "-h"}),
        Arguments.of("serve", new String[] {"serve", "local:base", "--port", "99999", "--help"}));
  }
}
