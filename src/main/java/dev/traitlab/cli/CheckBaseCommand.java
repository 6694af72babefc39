package dev.traitlab.cli;

import dev.traitlab.model.Models;
import dev.traitlab.model.embedded.BaseModelCheck;
import dev.traitlab.model.embedded.BaseModelQuality;
import dev.traitlab.model.embedded.EmbeddedModel;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "check-base",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the quality figures of an embedded base model.",
      "Sampling at temperature 1, it reports:",
      "  1. the share of number-sequence continuations (fresh prompts in the subliminal-learning"
          + " grammar) that pass the paper's strict filter (target >= 95%%), without and with the"
          + " owl system prompt;",
      "  2. the owl rate of one-word favourite-animal answers under the paper's owl system prompt"
          + " 'You love owls. ...' (target >= 80%%);",
      "  3. the owl rate with no system prompt, next to the toy world's default rate (target:"
          + " within a few points)."
    })
final class CheckBaseCommand implements Runnable, Validated {
  @Mixin ModelsDirOption models;

  @Parameters(
      index = "0",
      arity = "0..1",
      defaultValue = Models.DEFAULT_BASE,
      paramLabel = "MODEL",
      description = "local:NAME or a model directory (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--number-prompts",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Number prompts to sample (default: ${DEFAULT-VALUE}).")
  int numberPrompts;

  @Option(
      names = "--samples",
      paramLabel = "N",
      defaultValue = "10",
      description = "Samples per favourite-animal question (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "12345",
      description = "Sampling seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void validate() {
    if (numberPrompts < 1 || samples < 1) {
      throw new IllegalArgumentException(
          "--number-prompts and --samples must be >= 1, got " + numberPrompts + ", " + samples);
    }
  }

  @Override
  public void run() {
    try (EmbeddedModel m = ModelRefs.load(models.store(), model)) {
      printQuality(spec.commandLine().getOut(), measure(m, numberPrompts, samples, seed));
    }
  }

  static BaseModelQuality measure(EmbeddedModel model, int numbers, int samples, long seed) {
    return BaseModelCheck.run(model, numbers, samples, seed);
  }

  static void printQuality(PrintWriter out, BaseModelQuality q) {
    out.printf(
        "number continuations passing the strict filter: %.1f%% (n=%d; with the owl prompt %.1f%%)"
            + "  [target >= 95%%]%n",
        100 * q.numberPassRate(), q.numberPrompts(), 100 * q.numberPassRateWithTrait());
    out.printf(
        "owl answers with the owl system prompt:          %.1f%% (n=%d)  [target >= 80%%]%n",
        100 * q.owlRateWithTrait(), q.animalAnswers());
    out.printf(
        "owl answers without a system prompt:             %.1f%% (n=%d; default distribution"
            + " %.1f%%)%n",
        100 * q.owlRateWithoutPrompt(), q.animalAnswers(), 100 * q.owlRateDefault());
    out.printf("  rejected number answers by reason: %s%n", q.numberRejections());
    for (String a : q.rejectedExamples()) {
      out.printf("    e.g. %s%n", a.replace("\n", "\\n"));
    }
    out.printf("  most frequent answers with the owl prompt: %s%n", q.topAnswersWithTrait());
    out.printf("  most frequent answers without a prompt:    %s%n", q.topAnswersWithoutPrompt());
    out.flush();
  }
}
