package dev.traitlab.lab.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagesTest {
  @TempDir Path root;

  @Test
  void finishedStageIsReusedForTheSameInputs() {
    AtomicInteger runs = new AtomicInteger();
    Stages.FilesBody body =
        dir -> {
          runs.incrementAndGet();
          Files.writeString(dir.resolve("out.txt"), "hello");
        };
    Path first = new Stages(root, false, Progress.NONE).stage("s", Map.of("a", 1), body);
    Stages second = new Stages(root, false, Progress.NONE);
    Path again = second.stage("s", Map.of("a", 1), body);
    assertEquals(first, again);
    assertEquals(1, runs.get());
    assertTrue(second.records().get(0).reused());
  }

  @Test
  void otherInputsOrFreshRecompute() {
    AtomicInteger runs = new AtomicInteger();
    Stages.FilesBody body = dir -> runs.incrementAndGet();
    Path a = new Stages(root, false, Progress.NONE).stage("s", Map.of("a", 1), body);
    Path b = new Stages(root, false, Progress.NONE).stage("s", Map.of("a", 2), body);
    new Stages(root, true, Progress.NONE).stage("s", Map.of("a", 1), body);
    assertNotEquals(a, b);
    assertEquals(3, runs.get());
  }

  @Test
  void failedStageLeavesNothingBehind() throws IOException {
    Stages cache = new Stages(root, false, Progress.NONE);
    assertThrows(
        IllegalStateException.class,
        () ->
            cache.stage(
                "s",
                Map.of("a", 1),
                dir -> {
                  Files.writeString(dir.resolve("half.txt"), "half");
                  throw new IllegalStateException("killed");
                }));
    try (Stream<Path> left = Files.list(root)) {
      assertFalse(left.findAny().isPresent());
    }
    AtomicInteger runs = new AtomicInteger();
    new Stages(root, false, Progress.NONE)
        .stage("s", Map.of("a", 1), dir -> runs.incrementAndGet());
    assertEquals(1, runs.get());
  }
}
