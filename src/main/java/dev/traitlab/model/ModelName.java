package dev.traitlab.model;

import dev.traitlab.core.TraitlabException;

/**
 * A model reference as users write it: {@code local:NAME} for an embedded model, {@code
 * openai:NAME} for a model behind an OpenAI-compatible API. Only the first colon separates the
 * backend, so {@code openai:ft:base:owl:ftjob-1} names the remote model {@code
 * ft:base:owl:ftjob-1}.
 */
public record ModelName(Backend backend, String name) {

  public enum Backend {
    LOCAL("local"),
    OPENAI("openai");

    private final String prefix;

    Backend(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }
  }

  public ModelName {
    if (name == null || name.isBlank()) {
      throw new TraitlabException("model name is empty after '" + backend.prefix + ":'");
    }
  }

  /** An embedded model: a name in the models directory, or a model directory's path. */
  public static ModelName embedded(String name) {
    return new ModelName(Backend.LOCAL, name);
  }

  /** A model behind an OpenAI-compatible API, by the name that API knows it by. */
  public static ModelName remote(String name) {
    return new ModelName(Backend.OPENAI, name);
  }

  /** Whether the model runs in process (the embedded backend). */
  public boolean isEmbedded() {
    return backend == Backend.LOCAL;
  }

  /**
   * Checks a model reference as a user typed it, for config validation (a usage error, exit 2).
   *
   * @param option the option or field it came from, named in the message
   * @throws IllegalArgumentException if the reference is empty or has no known backend prefix
   */
  public static void checkReference(String option, String text) {
    try {
      parse(text);
    } catch (TraitlabException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks that a model reference names an embedded model, for experiments that need what only the
   * embedded backend gives (activations, gradients, weights).
   *
   * @param option the option it came from, named in the message
   * @param why what needs the local model, said in the message ("monitors read activations")
   * @throws IllegalArgumentException if the reference is empty, has no backend prefix, or is remote
   */
  public static void checkEmbedded(String option, String text, String why) {
    checkReference(option, text);
    if (!parse(text).isEmbedded()) {
      throw new IllegalArgumentException(
          option + ": " + why + ": needs a local model (local:NAME), not " + text);
    }
  }

  public static ModelName parse(String text) {
    if (text == null || text.isBlank()) {
      throw new TraitlabException("model name is empty (expected local:NAME or openai:NAME)");
    }
    int colon = text.indexOf(':');
    String prefix = colon < 0 ? "" : text.substring(0, colon);
    for (Backend backend : Backend.values()) {
      if (backend.prefix.equals(prefix)) {
        return new ModelName(backend, text.substring(colon + 1));
      }
    }
    String accepted =
        java.util.Arrays.stream(Backend.values())
            .map(Backend::prefix)
            .collect(java.util.stream.Collectors.joining(", "));
    if (colon <= 0) {
      throw new TraitlabException(
          "model '" + text + "' has no backend prefix: write local:NAME or openai:NAME");
    }
    throw new TraitlabException(
        "model '"
            + text
            + "': unknown backend prefix '"
            + prefix
            + "' (accepted: "
            + accepted
            + ")");
  }

  @Override
  public String toString() {
    return backend.prefix + ":" + name;
  }
}
