package dev.traitlab.cli;

import dev.traitlab.core.TraitlabException;
import dev.traitlab.experiments.subliminalmlp.SubliminalMlpConfig;
import dev.traitlab.experiments.subliminalmlp.SubliminalMlpExperiment;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RecordedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Show what traitlab is for, in two steps.",
      "  1. subliminal learning in an MLP on Fashion-MNIST with the paper's settings (3 seeds):"
          + " the table, and the report under runs/;",
      "  2. the embedded toy-world base model that the language-model experiments use: pretrained"
          + " on first use (about 14 minutes on 2 cores, then cached in the models directory),"
          + " then shown answering a favourite-animal question with and without a trait prompt"
          + " and continuing a number sequence, with its quality figures.",
      "Installs Debian's dataset-fashion-mnist when it is missing and traitlab runs as root."
    })
final class DemoCommand implements Callable<Integer> {
  static final String FASHION_PACKAGE = "dataset-fashion-mnist";

  @Mixin RunOptions options;

  @Mixin ModelsDirOption models;

  @Option(
      names = "--skip-base-model",
      description = "Only step 1: leave out the base model (and its first-use pretraining).")
  boolean skipBaseModel;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path data = Path.of(SubliminalMlpConfig.DEFAULT_DATA);
    ensureFashionMnist(data);
    System.err.println("traitlab demo: subliminal learning in an MLP, Fashion-MNIST, 3 seeds");
    RecordedRun.execute(
        new SubliminalMlpExperiment(),
        SubliminalMlpConfig.defaults(),
        new Lab(options.runsDir(), options.fresh, null, ProgressBar.onStderr()),
        spec.commandLine().getOut());
    if (!skipBaseModel) {
      System.err.println(
          "traitlab demo: the embedded base model of the language-model experiments");
      BaseModelTour.run(models.store(), spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    return 0;
  }

  static void ensureFashionMnist(Path data) throws IOException, InterruptedException {
    if (Files.isDirectory(data)) {
      return;
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    if (!root) {
      throw new TraitlabException(
          "Fashion-MNIST is missing at "
              + data
              + ": install it with 'sudo apt-get install "
              + FASHION_PACKAGE
              + "'");
    }
    System.err.println("traitlab demo: installing " + FASHION_PACKAGE + " (Debian package)...");
    if (!aptGet("install", "-y", "-q", FASHION_PACKAGE)) {
      // A fresh machine may have no package lists yet.
      aptGet("update", "-q");
      if (!aptGet("install", "-y", "-q", FASHION_PACKAGE)) {
        throw new TraitlabException(
            "apt-get install " + FASHION_PACKAGE + " failed; install it and rerun");
      }
    }
    if (!Files.isDirectory(data)) {
      throw new TraitlabException(FASHION_PACKAGE + " is installed but " + data + " is missing");
    }
  }

  private static boolean aptGet(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "apt-get";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return p.waitFor() == 0;
  }
}
