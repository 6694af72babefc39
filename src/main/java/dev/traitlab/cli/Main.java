package dev.traitlab.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point: one picocli sub-command per verb. */
@Command(
    name = "traitlab",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A laboratory for empirical AI-alignment experiments.",
    subcommands = {
      CommandLine.HelpCommand.class,
      DemoCommand.class,
      EvalCommand.class,
      RunCommand.class,
      RunsCommand.class,
      ReportCommand.class,
      PretrainCommand.class,
      CheckBaseCommand.class,
      ChatCommand.class,
      GenerateCommand.class,
      ServeCommand.class
    })
public final class Main implements Runnable {

  @Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    // usageError adds the hint to 'traitlab --help'.
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code: 0 ok, 1 runtime error, 2 usage error. */
  public static int execute(String... args) {
    return execute(new java.io.PrintWriter(System.err, true), args);
  }

  /** As {@link #execute(String...)}, with error messages going to {@code err}. */
  public static int execute(java.io.PrintWriter err, String... args) {
    return execute(commandLine(), err, args);
  }

  /** As {@link #execute(String...)} on a given command line (tests set its output). */
  static int execute(CommandLine cli, java.io.PrintWriter err, String... args) {
    cli.setErr(err);
    verboseRequested = java.util.Arrays.asList(args).contains("--verbose");
    // A run records its command line (secret-looking values redacted) with its provenance.
    dev.traitlab.lab.runs.Invocation.set(java.util.Arrays.asList(args));
    try {
      return cli.execute(args);
    } catch (RuntimeException | Error e) {
      // What picocli lets through (an OutOfMemoryError is no Exception) is still one line; a
      // recorded run is already marked failed.
      return runtimeError(e, cli);
    } finally {
      dev.traitlab.lab.runs.Invocation.clear();
    }
  }

  private static volatile boolean verboseRequested;

  /** Whether --verbose was given: stack traces are printed (and logged by the server). */
  static boolean verbose() {
    return verboseRequested;
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    // Before the handlers: picocli gives them only to subcommands that exist when they are set.
    RunCommand.addExperiments(cli.getSubcommands().get("run"));
    cli.setExecutionStrategy(Main::validateThenRun);
    cli.setParameterExceptionHandler(Main::usageError);
    cli.setExecutionExceptionHandler(Main::runtimeError);
    return cli;
  }

  /**
   * The one place where option values are checked: every {@link Validated} command of the command
   * line and every validated mixin of theirs, before the last command runs (unless help is asked).
   */
  private static int validateThenRun(CommandLine.ParseResult parsed) {
    List<CommandLine> commands = parsed.asCommandLineList();
    boolean help =
        commands.stream().anyMatch(c -> c.isUsageHelpRequested() || c.isVersionHelpRequested());
    if (!help) {
      for (CommandLine command : commands) {
        try {
          validate(command.getCommandSpec());
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(command, e.getMessage(), e);
        } catch (dev.traitlab.core.TraitlabException e) {
          // what the world gets wrong, found while checking (a runs directory that is not there):
          // a runtime error, one line, as if the command had found it
          throw new CommandLine.ExecutionException(command, e.getMessage(), e);
        }
      }
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  private static void validate(CommandLine.Model.CommandSpec spec) {
    for (CommandLine.Model.CommandSpec mixin : spec.mixins().values()) {
      validate(mixin);
    }
    if (spec.userObject() instanceof Validated validated) {
      validated.validate();
    }
  }

  /** One line: the message and the one hint to the failing command's --help. */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    String message = e.getMessage();
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
      message = RunCommand.unknownExperiment(unmatched).orElse(message);
    }
    cli.getErr()
        .println(
            "traitlab: "
                + message
                + " (try '"
                + cli.getCommandSpec().qualifiedName()
                + " --help')");
    return 2;
  }

  private static int runtimeError(
      Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
    return runtimeError(e, cli);
  }

  private static int runtimeError(Throwable e, CommandLine cli) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (e instanceof OutOfMemoryError) {
      message = outOfMemory(message);
    }
    cli.getErr().println("traitlab: " + message.lines().findFirst().orElse(message));
    if (verboseRequested) {
      e.printStackTrace(cli.getErr());
    }
    return 1;
  }

  /** "out of memory (Java heap space) ...": the limit that was hit and how to raise it. */
  static String outOfMemory(String what) {
    return String.format(
        java.util.Locale.ROOT,
        "out of memory (%s) with the JVM limited to %.1f GiB: choose smaller sizes or allow more"
            + " (e.g. TRAITLAB_JAVA_OPTS=-Xmx8g)",
        what,
        Runtime.getRuntime().maxMemory() / (double) (1L << 30));
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"traitlab " + dev.traitlab.core.Provenance.traitlabVersion()};
    }
  }
}
