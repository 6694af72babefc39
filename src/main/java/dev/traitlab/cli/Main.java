package dev.traitlab.cli;

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
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (see --help)");
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
    CommandLine cli = commandLine();
    cli.setErr(err);
    verboseRequested = java.util.Arrays.asList(args).contains("--verbose");
    return cli.execute(args);
  }

  private static volatile boolean verboseRequested;

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    // Before the handlers: picocli gives them only to subcommands that exist when they are set.
    RunCommand.addExperiments(cli.getSubcommands().get("run"));
    cli.setParameterExceptionHandler(Main::usageError);
    cli.setExecutionExceptionHandler(Main::runtimeError);
    return cli;
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    cli.getErr()
        .println(
            "traitlab: "
                + e.getMessage()
                + " (try '"
                + cli.getCommandSpec().qualifiedName()
                + " --help')");
    return 2;
  }

  private static int runtimeError(
      Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    cli.getErr().println("traitlab: " + message.lines().findFirst().orElse(message));
    if (verboseRequested) {
      e.printStackTrace(cli.getErr());
    }
    return 1;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"traitlab " + dev.traitlab.core.Provenance.traitlabVersion()};
    }
  }
}
