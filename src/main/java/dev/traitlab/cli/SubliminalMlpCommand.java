package dev.traitlab.cli;

import dev.traitlab.experiments.subliminalmlp.SubliminalMlpConfig;
import dev.traitlab.experiments.subliminalmlp.SubliminalMlpExperiment;
import dev.traitlab.experiments.subliminalmlp.SubliminalMlpReport;
import dev.traitlab.experiments.subliminalmlp.SubliminalMlpResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = SubliminalMlpExperiment.NAME,
    mixinStandardHelpOptions = true,
    description = {
      "Subliminal learning in an MLP (Cloud, Le et al. 2025): does a student distilled only on a"
          + " teacher's auxiliary logits, on pure noise, learn to classify images?",
      "Prints the accuracy table and writes config.json, results.json and report.html to the run"
          + " directory. Finished stages (trained teachers, students) are cached and reused."
    })
final class SubliminalMlpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RunOptions run;
  @Mixin SeedOptions seeds;

  @Option(
      names = "--epochs",
      defaultValue = "5",
      description = "Epochs for the teacher and each student (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = {"-m", "--aux-logits"},
      defaultValue = "3",
      description = "Auxiliary logits m (default: ${DEFAULT-VALUE}).")
  int auxLogits;

  @Option(
      names = "--hidden",
      defaultValue = "256",
      description = "Width of both hidden layers (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(
      names = "--batch",
      defaultValue = "1024",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--lr",
      defaultValue = "3e-4",
      description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(
      names = "--noise-samples",
      defaultValue = "60000",
      description = "Noise inputs the students are distilled on (default: ${DEFAULT-VALUE}).")
  int noiseSamples;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = SubliminalMlpConfig.DEFAULT_DATA,
      description = "MNIST-format IDX directory, gzipped or not (default: ${DEFAULT-VALUE}).")
  String data;

  @Override
  public Integer call() {
    SubliminalMlpConfig config;
    try {
      config =
          new SubliminalMlpConfig(
              seeds.seeds, seeds.seed, epochs, auxLogits, hidden, batch, lr, noiseSamples, data);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    execute(config, run, ProgressBar.onStderr());
    return 0;
  }

  /** Runs the experiment as a recorded run; shared with {@code traitlab demo}. */
  static SubliminalMlpResult execute(
      SubliminalMlpConfig config, RunOptions options, ProgressBar progress) {
    List<Long> seedList = SeedOptions.list(config.seedOf(0), config.seeds());
    return RecordedRun.execute(
        SubliminalMlpExperiment.NAME,
        config,
        seedList,
        options,
        progress,
        cache -> new SubliminalMlpExperiment(config, cache, progress).run(),
        new RecordedRun.Presentation<>(
            SubliminalMlpResult::stages,
            SubliminalMlpReport::build,
            SubliminalMlpCommand::metrics,
            SubliminalMlpReport::textTable));
  }

  private static Map<String, ?> metrics(SubliminalMlpResult r) {
    Map<String, Object> metrics = new LinkedHashMap<>();
    r.summary().forEach((k, v) -> metrics.put(k, v.mean()));
    metrics.put("chance", r.chance());
    return metrics;
  }
}
