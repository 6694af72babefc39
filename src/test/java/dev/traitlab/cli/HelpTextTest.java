package dev.traitlab.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** What every {@code --help} shows a new user: whole summaries and readable labels. */
class HelpTextTest {

  private static List<CommandLine> allCommands() {
    List<CommandLine> out = new ArrayList<>();
    List<CommandLine> todo = new ArrayList<>(List.of(Main.commandLine()));
    while (!todo.isEmpty()) {
      CommandLine c = todo.removeLast();
      out.add(c);
      todo.addAll(c.getSubcommands().values());
    }
    return out;
  }

  /** The command list shows only the first line: it must be a whole sentence. */
  @Test
  void everySummaryLineIsASentence() {
    List<String> bad = new ArrayList<>();
    for (CommandLine c : allCommands()) {
      CommandSpec spec = c.getCommandSpec();
      if (spec.parent() == null || spec.name().equals("help")) {
        continue;
      }
      String[] summary =
          spec.usageMessage().header().length > 0
              ? spec.usageMessage().header()
              : spec.usageMessage().description();
      String first = summary.length == 0 ? "" : summary[0].strip();
      if (!first.endsWith(".") && !first.endsWith("?")) {
        bad.add(spec.qualifiedName() + ": '" + first + "'");
      }
    }
    assertTrue(bad.isEmpty(), "summaries cut off in the command list: " + bad);
  }

  /** picocli's fallback label is the Java field name in angle brackets: no user should see it. */
  @Test
  void noOptionShowsAJavaFieldName() {
    List<String> bad = new ArrayList<>();
    for (CommandLine c : allCommands()) {
      CommandSpec spec = c.getCommandSpec();
      for (OptionSpec o : spec.options()) {
        if (o.paramLabel().startsWith("<") && o.arity().max() > 0) {
          bad.add(spec.qualifiedName() + " " + o.longestName() + "=" + o.paramLabel());
        }
      }
      for (PositionalParamSpec p : spec.positionalParameters()) {
        if (p.paramLabel().startsWith("<")) {
          bad.add(spec.qualifiedName() + " " + p.paramLabel());
        }
      }
    }
    assertTrue(bad.isEmpty(), "options labelled with Java field names: " + bad);
  }

  /**
   * An option with a default value says what it is in --help, as picocli's ${DEFAULT-VALUE} or in
   * words (on/off switches and --help/--version aside).
   */
  @Test
  void everyDefaultIsShown() {
    List<String> bad = new ArrayList<>();
    for (CommandLine c : allCommands()) {
      CommandSpec spec = c.getCommandSpec();
      for (OptionSpec o : spec.options()) {
        if (o.defaultValue() == null
            || o.arity().max() == 0
            || o.usageHelp()
            || o.versionHelp()
            || o.hidden()) {
          continue;
        }
        String description = String.join(" ", o.description());
        if (!description.contains("${DEFAULT-VALUE}") && !description.contains("default")) {
          bad.add(spec.qualifiedName() + " " + o.longestName());
        }
      }
    }
    assertTrue(bad.isEmpty(), "defaults not shown in --help: " + bad);
  }

  @Test
  void evalHelpShowsTheDefaults() {
    String help = Main.commandLine().getSubcommands().get("eval").getUsageMessage();
    for (String s :
        List.of(
            "0 for all (default: 0).",
            "Times each sample is run (default: 1).",
            "Generation length in tokens (default: 64).",
            "questions to generate (default: 500).")) {
      assertTrue(help.contains(s), "missing '" + s + "':\n" + help);
    }
  }

  @Test
  void listOptionsShowTheirRepetitionOnce() {
    CommandLine run = Main.commandLine().getSubcommands().get("run");
    String help = run.getSubcommands().get("defendability").getUsageMessage();
    assertTrue(help.contains("--epsilons=E[,E...]"), help);
    assertTrue(!help.contains(",...,"), help);
  }

  @Test
  void commandsThatOnlyReadRunsOfferNoFresh() {
    for (String name : List.of("runs", "report")) {
      CommandLine c = Main.commandLine().getSubcommands().get(name);
      assertTrue(c.getCommandSpec().findOption("--fresh") == null, name + " offers --fresh");
      assertTrue(c.getCommandSpec().findOption("--runs-dir") != null, name);
    }
  }

  /** --seed and --seeds differ by one letter: each one's help must say which it is. */
  @Test
  void seedAndSeedsSayWhichIsTheCount() {
    List<String> bad = new ArrayList<>();
    for (CommandLine c : allCommands()) {
      CommandSpec spec = c.getCommandSpec();
      OptionSpec seed = spec.findOption("--seed");
      OptionSpec seeds = spec.findOption("--seeds");
      if (seed == null || seeds == null) {
        continue;
      }
      if (!String.join(" ", seed.description()).contains("not a count")
          || !String.join(" ", seeds.description()).contains("Not --seed")) {
        bad.add(spec.qualifiedName());
      }
    }
    assertTrue(bad.isEmpty(), "--seed/--seeds help does not tell them apart: " + bad);
  }

  /**
   * Experiments whose intervals pool rounds or expressions across seeds say so in --seeds' help,
   * rather than the claim that intervals are over the seeds.
   */
  @Test
  void seedsHelpOfPoolingExperimentsSaysWhatIntervalsAreOver() {
    CommandLine run = Main.commandLine().getSubcommands().get("run");
    for (String name : List.of("defendability", "heuristic-estimators")) {
      OptionSpec seeds = run.getSubcommands().get(name).getCommandSpec().findOption("--seeds");
      String help = String.join(" ", seeds.description());
      assertTrue(help.contains("pooled") && help.contains("not over seeds"), name + ": " + help);
      assertTrue(!help.contains("intervals are over them"), name + ": " + help);
    }
  }

  /** A local-only experiment does not offer the HTTP options; one that can run remotely does. */
  @Test
  void onlyExperimentsThatCanCallAnApiOfferBaseUrl() {
    CommandLine run = Main.commandLine().getSubcommands().get("run");
    for (String local : List.of("obfuscation", "activation-oracle", "overoptimisation")) {
      String help = run.getSubcommands().get(local).getUsageMessage();
      for (String http : List.of("--base-url", "--max-in-flight", "--max-retries")) {
        assertTrue(!help.contains(http), local + " offers " + http + ":\n" + help);
      }
    }
    for (String remote : List.of("emergent-misalignment", "inductive-backdoors", "rlhf")) {
      String help = run.getSubcommands().get(remote).getUsageMessage();
      for (String http : List.of("--base-url", "--max-in-flight", "--max-retries")) {
        assertTrue(help.contains(http), remote + " hides " + http);
      }
    }
  }

  /** run inductive-backdoors --help names its controls, where models live and what it costs. */
  @Test
  void inductiveBackdoorsHelpNamesControlsModelsAndTime() {
    String help =
        Main.commandLine()
            .getSubcommands()
            .get("run")
            .getSubcommands()
            .get("inductive-backdoors")
            .getUsageMessage();
    for (String s :
        List.of("base as Kestrel", "base as Hollis", "$TRAITLAB_MODELS", "--models-dir", "min")) {
      assertTrue(help.contains(s), "missing '" + s + "':\n" + help);
    }
  }
}
