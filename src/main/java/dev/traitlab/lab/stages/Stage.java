package dev.traitlab.lab.stages;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.file.Path;

/**
 * A finished stage: its name, its key (the hash of its name and inputs), the directory holding its
 * files and its value. As an input of another stage it hashes as its key, so downstream stages are
 * recomputed when it changes.
 */
public record Stage<T>(String name, String key, Path dir, T value) {

  /** The JSON form of a stage used as an input: its key. */
  @JsonValue
  public String inputKey() {
    return name + "-" + key;
  }

  /** A file of the stage's directory. */
  public Path file(String fileName) {
    return dir.resolve(fileName);
  }
}
