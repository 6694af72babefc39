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
    throw new ParameterException(
        spec.commandLine(), "missing experiment (see 'traitlab run --help')");
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
