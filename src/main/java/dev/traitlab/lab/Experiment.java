package dev.traitlab.lab;

import dev.traitlab.model.Models;
import dev.traitlab.report.HtmlReport;
import java.util.List;
import java.util.Map;

/**
 * The contract of every experiment: a config record in, a result record out, a report. An
 * experiment registers itself in {@code META-INF/services/dev.traitlab.lab.Experiment}; from then
 * on {@code traitlab run NAME} parses its config (the components marked {@link Param}), {@code
 * traitlab report RUN} rebuilds its report from {@code results.json}, and {@code traitlab runs}
 * lists it, with no code of its own in the CLI.
 *
 * <p>The config record validates itself in its compact constructor, throwing {@link
 * IllegalArgumentException} with a message that names the option; the CLI turns that into a usage
 * error. Both records must round-trip through JSON (Jackson), since {@code config.json} and {@code
 * results.json} are how a run is kept.
 *
 * @param <C> the config record
 * @param <R> the result record
 */
public interface Experiment<C extends Record, R extends Record> {

  /** The name runs and the CLI use, e.g. {@code subliminal-mlp}. */
  String name();

  /** One line: the question the experiment answers, with its paper. */
  String summary();

  /** Further paragraphs of {@code traitlab run NAME --help}: pipeline, defaults, what it shows. */
  default List<String> description() {
    return List.of();
  }

  Class<C> configType();

  Class<R> resultType();

  /** The default config; the CLI's defaults are its values. */
  C defaults();

  /** The seeds a run of this config uses, recorded with the run. */
  List<Long> seeds(C config);

  /**
   * Whether the experiment is started by a verb of its own (as {@code traitlab eval}) rather than
   * by {@code traitlab run NAME}; its runs are listed and reported like any other.
   */
  default boolean hasOwnVerb() {
    return false;
  }

  /**
   * What a run of this config is called in its run id and directory, after the time: the
   * experiment's name unless a config says more (an evaluation names its task and model). Only
   * letters, digits, '.', '_' and '-' are kept.
   */
  default String runLabel(C config) {
    return name();
  }

  /** Whether the experiment talks to language models (the CLI then offers the model options). */
  default boolean usesModels() {
    return false;
  }

  /**
   * Whether every model the experiment can name is embedded ({@code local:NAME}: it reads
   * activations, gradients or weights that no API gives). The CLI then hides {@code --base-url},
   * which only reaches {@code openai:} models, and refuses it as a usage error naming the
   * experiment rather than ignoring it. Only meaningful when {@link #usesModels()}.
   */
  default boolean localModelsOnly() {
    return false;
  }

  /**
   * The memory a run of this config needs at its peak, estimated from its sizes; {@link
   * MemoryEstimate#check} refuses a config that cannot fit this machine before anything runs. The
   * default knows nothing and checks nothing.
   */
  default MemoryEstimate memory(C config) {
    return MemoryEstimate.UNKNOWN;
  }

  /**
   * Checks of the config against the models it names, made with the command line's own checks (so a
   * failure is a usage error, exit 2, before any run is recorded): an option that names a block
   * beyond a model's depth, say. Called only when {@link #usesModels()}; a model not built yet is
   * left to {@link #prepare} and the run.
   *
   * @throws IllegalArgumentException with a one-line message naming the option and what is valid
   */
  default void validate(C config, Models models) {}

  /**
   * Checks made before the run is recorded, so that a config that cannot run fails at once: models
   * that must exist, files that must be readable. May build what the experiment builds on first use
   * (a default base model). Throws {@link dev.traitlab.core.TraitlabException}.
   */
  default void prepare(C config, Lab lab) {}

  /** Runs the pipeline; every expensive step should be a stage of {@code context.stages()}. */
  R run(C config, RunContext context);

  /** The run's HTML report. */
  HtmlReport report(String runId, R result);

  /** The plain-text summary printed at the end of a run and by {@code traitlab report}. */
  String textSummary(R result);

  /** Headline numbers for {@code traitlab runs} and the runs database, by name. */
  Map<String, Double> metrics(R result);
}
