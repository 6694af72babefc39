package dev.traitlab.lab;

import dev.traitlab.core.Progress;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.ModelOptions;
import dev.traitlab.model.ModelResolver;
import dev.traitlab.model.Models;
import java.nio.file.Path;

/**
 * Where and how runs happen: the runs directory (run folders, {@code traitlab.db} and the stage
 * cache {@code cache/}), whether cached stages are ignored, how models are reached and opened, and
 * where progress goes.
 *
 * @param opener opens a model by name ({@code local:NAME}, {@code openai:NAME}); by default through
 *     the model layer with {@code modelOptions}; tests put scripted models here
 */
public record Lab(
    Path runsDir, boolean fresh, ModelOptions modelOptions, Progress progress, ModelOpener opener) {

  /** Opens a language model by the name a user gives. */
  @FunctionalInterface
  public interface ModelOpener {
    LanguageModel open(String name);
  }

  public Lab {
    if (runsDir == null) {
      throw new IllegalArgumentException("a lab needs a runs directory");
    }
    modelOptions = modelOptions == null ? ModelOptions.builder().build() : modelOptions;
    progress = progress == null ? Progress.NONE : progress;
    if (opener == null) {
      ModelOptions options = modelOptions;
      opener = name -> ModelResolver.resolve(name, options);
    }
  }

  /** A lab that opens models through the model layer. */
  public Lab(Path runsDir, boolean fresh, ModelOptions modelOptions, Progress progress) {
    this(runsDir, fresh, modelOptions, progress, null);
  }

  /** The stage cache shared by every run of this runs directory. */
  public Path cacheDir() {
    return runsDir.resolve("cache");
  }

  /** The model layer's facade over this lab's model options (identities, sampling, tuning). */
  public Models models() {
    return new Models(modelOptions);
  }

  /** Opens a model by name; the caller closes it. */
  public LanguageModel open(String name) {
    return opener.open(name);
  }
}
