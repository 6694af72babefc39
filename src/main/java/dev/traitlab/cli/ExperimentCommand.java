package dev.traitlab.cli;

import dev.traitlab.lab.ConfigSchema;
import dev.traitlab.lab.Experiment;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.MemoryEstimate;
import dev.traitlab.lab.RecordedRun;
import dev.traitlab.nn.mkl.EngineSwitch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code traitlab run NAME} for any registered experiment: its options come from the config
 * record's {@link dev.traitlab.lab.Param} components, plus the run options and, for experiments
 * that use language models, the model-access options.
 */
final class ExperimentCommand<C extends Record, R extends Record>
    implements Callable<Integer>, Validated {
  private final Experiment<C, R> experiment;
  private final ConfigSchema<C> schema;
  private final RunOptions run = new RunOptions();
  private final ModelAccessOptions access = new ModelAccessOptions();
  private CommandSpec spec;

  private ExperimentCommand(Experiment<C, R> experiment) {
    this.experiment = experiment;
    this.schema = ConfigSchema.of(experiment);
  }

  /** The subcommand of {@code run} for this experiment. */
  static <C extends Record, R extends Record> CommandLine create(Experiment<C, R> experiment) {
    ExperimentCommand<C, R> command = new ExperimentCommand<>(experiment);
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
    spec.name(experiment.name());
    spec.mixinStandardHelpOptions(true);
    List<String> description = new ArrayList<>();
    description.add(experiment.summary());
    description.addAll(experiment.description());
    // picocli reads descriptions as format strings: a literal % must be doubled.
    spec.usageMessage()
        .description(description.stream().map(d -> d.replace("%", "%%")).toArray(String[]::new));
    spec.addMixin("run", CommandSpec.forAnnotatedObject(command.run));
    if (experiment.usesModels()) {
      spec.addMixin("models", CommandSpec.forAnnotatedObject(command.access));
      if (experiment.localModelsOnly()) {
        // The HTTP options mean nothing here: kept (so that validate() can name the experiment
        // when --base-url is given) but hidden from --help.
        for (String name :
            List.of(ModelAccessOptions.BASE_URL, "--max-in-flight", "--max-retries")) {
          OptionSpec option = spec.findOption(name);
          spec.remove(option);
          spec.addOption(OptionSpec.builder(option).hidden(true).build());
        }
      }
    }
    for (ConfigSchema.Option option : command.schema.options()) {
      spec.addOption(optionSpec(option));
    }
    command.spec = spec;
    return new CommandLine(spec);
  }

  /** The label of one element of a list option: "E" for a record's label "E,E,...". */
  static String elementLabel(String label) {
    int comma = label.indexOf(',');
    return comma < 0 ? label : label.substring(0, comma);
  }

  private static OptionSpec optionSpec(ConfigSchema.Option option) {
    String description = option.description().replace("%", "%%");
    if (option.type().isEnum()) {
      description +=
          " One of: "
              + String.join(
                  ", ",
                  java.util.Arrays.stream(option.type().getEnumConstants())
                      .map(e -> ConfigSchema.enumText((Enum<?>) e))
                      .toList())
              + ".";
    }
    if (option.defaultText() != null) {
      description += " (default: ${DEFAULT-VALUE})";
    }
    OptionSpec.Builder b =
        OptionSpec.builder(option.names().toArray(String[]::new))
            .description(description)
            .paramLabel(option.isList() ? elementLabel(option.label()) : option.label());
    if (option.isList()) {
      // picocli writes the repetition itself (E[,E...]); a label that spells it out doubles it.
      b.type(List.class).auxiliaryTypes(String.class).splitRegex(",").splitRegexSynopsisLabel(",");
    } else if (option.type().isEnum()) {
      b.type(String.class);
    } else if (option.type() == boolean.class || option.type() == Boolean.class) {
      b.type(boolean.class).arity("0..1");
    } else {
      b.type(option.type());
    }
    if (option.defaultText() != null) {
      b.defaultValue(option.defaultText());
    }
    return b.build();
  }

  private C config;

  /** Builds the config record (which validates itself) and checks that its sizes fit memory. */
  @Override
  public void validate() {
    EngineSwitch.checkChoices();
    if (experiment.usesModels() && experiment.localModelsOnly() && access.baseUrl != null) {
      throw new IllegalArgumentException(
          ModelAccessOptions.BASE_URL
              + ": run "
              + experiment.name()
              + " uses local models only (local:NAME, from --models-dir); it calls no API");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (ConfigSchema.Option option : schema.options()) {
      Object value = spec.findOption(option.names().getFirst()).getValue();
      if (option.type().isEnum() && value != null) {
        value = enumValue(option, (String) value);
      }
      values.put(option.component(), value);
    }
    config = schema.build(values);
    MemoryEstimate.check(experiment, config);
    if (experiment.usesModels()) {
      experiment.validate(config, new dev.traitlab.model.Models(access.options(run.runsDir())));
    }
  }

  @Override
  public Integer call() {
    Lab lab =
        new Lab(
            run.runsDir(),
            run.fresh,
            experiment.usesModels() ? access.options(run.runsDir()) : null,
            ProgressBar.onStderr());
    RecordedRun.execute(experiment, config, lab, spec.commandLine().getOut());
    return 0;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumValue(ConfigSchema.Option option, String text) {
    try {
      return ConfigSchema.parseEnum((Class) option.type(), text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option.names().getLast() + ": " + e.getMessage());
    }
  }
}
