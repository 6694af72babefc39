package dev.traitlab.cli;

import dev.traitlab.lab.Experiment;
import dev.traitlab.lab.ExperimentRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run an experiment as a recorded, cached, resumable run.",
      "Every registered experiment is a subcommand; 'traitlab run NAME --help' lists its options."
    })
final class RunCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    // Main's usage-error handler adds the hint to 'traitlab run --help'.
    throw new ParameterException(spec.commandLine(), "missing experiment");
  }

  /**
   * What an unmatched first argument of {@code run} means: "unknown experiment 'x' (known: a, b,
   * ...)" when it names no experiment (and is not an option), empty otherwise.
   */
  static java.util.Optional<String> unknownExperiment(CommandLine.UnmatchedArgumentException e) {
    CommandLine run = e.getCommandLine();
    if (!(run.getCommandSpec().userObject() instanceof RunCommand) || e.getUnmatched().isEmpty()) {
      return java.util.Optional.empty();
    }
    String name = e.getUnmatched().getFirst();
    if (name.startsWith("-")) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        "unknown experiment '"
            + name
            + "' (known: "
            + String.join(", ", run.getSubcommands().keySet())
            + ")");
  }

  /** Adds one subcommand per registered experiment to the {@code run} command. */
  static void addExperiments(CommandLine run) {
    for (Experiment<?, ?> experiment : ExperimentRegistry.all()) {
      if (experiment.hasOwnVerb()) {
        continue;
      }
      run.addSubcommand(experiment.name(), ExperimentCommand.create(experiment));
    }
  }
}
