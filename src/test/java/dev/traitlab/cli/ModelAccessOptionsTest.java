package dev.traitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.traitlab.model.ModelOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelAccessOptionsTest {
  private static final Path RUNS = Path.of("some", "runs");

  private static ModelOptions parse(String... args) {
    ModelAccessOptions options = new ModelAccessOptions();
    new CommandLine(options).parseArgs(args);
    return options.options(RUNS);
  }

  @Test
  void theCallCacheLivesInTheCommandsRunsFolderUnlessToldOtherwise() {
    assertEquals(RUNS.resolve("calls.sqlite"), parse().cacheFile());
    ModelOptions cached = parse("--cache-file", "x.sqlite", "--max-in-flight", "3");
    assertEquals(Path.of("x.sqlite"), cached.cacheFile());
    assertEquals(3, cached.maxInFlight());
  }

  @Test
  void noCacheTurnsTheCacheOff() {
    ModelOptions parsed = parse("--no-cache", "--base-url", "http://127.0.0.1:1/v1");
    assertNull(parsed.cacheFile());
    assertEquals("http://127.0.0.1:1/v1", parsed.baseUrl());
  }
}
