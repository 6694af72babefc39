package dev.traitlab.lab;

import dev.traitlab.core.Progress;
import dev.traitlab.model.ModelOptions;
import java.nio.file.Path;

/**
 * Where and how runs happen: the runs directory (run folders, {@code traitlab.db} and the stage
 * cache {@code cache/}), whether cached stages are ignored, how models are reached, and where
 * progress goes.
 */
public record Lab(Path runsDir, boolean fresh, ModelOptions modelOptions, Progress progress) {

  public Lab {
    if (runsDir == null) {
      throw new IllegalArgumentException("a lab needs a runs directory");
    }
    modelOptions = modelOptions == null ? ModelOptions.builder().build() : modelOptions;
    progress = progress == null ? Progress.NONE : progress;
  }

  /** The stage cache shared by every run of this runs directory. */
  public Path cacheDir() {
    return runsDir.resolve("cache");
  }
}
