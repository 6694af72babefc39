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
import java.util.List;
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
    Path first = new Stages(root, false, Progress.NONE).files("s", Map.of("a", 1), body).dir();
    Stages second = new Stages(root, false, Progress.NONE);
    Path again = second.files("s", Map.of("a", 1), body).dir();
    assertEquals(first, again);
    assertEquals(1, runs.get());
    assertTrue(second.records().get(0).reused());
  }

  @Test
  void otherInputsOrFreshRecompute() {
    AtomicInteger runs = new AtomicInteger();
    Stages.FilesBody body = dir -> runs.incrementAndGet();
    Path a = new Stages(root, false, Progress.NONE).files("s", Map.of("a", 1), body).dir();
    Path b = new Stages(root, false, Progress.NONE).files("s", Map.of("a", 2), body).dir();
    new Stages(root, true, Progress.NONE).files("s", Map.of("a", 1), body);
    assertNotEquals(a, b);
    assertEquals(3, runs.get());
  }

  @Test
  void failedStageLeavesNothingBehind() throws IOException {
    Stages cache = new Stages(root, false, Progress.NONE);
    assertThrows(
        IllegalStateException.class,
        () ->
            cache.files(
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
        .files("s", Map.of("a", 1), dir -> runs.incrementAndGet());
    assertEquals(1, runs.get());
  }

  record Counts(int n, List<String> words) {}

  @Test
  void aValueStageIsReadBackTheSameWhetherComputedOrReused() {
    AtomicInteger runs = new AtomicInteger();
    Stages.ValueBody<Counts> body =
        dir -> {
          runs.incrementAndGet();
          return new Counts(3, List.of("owl", "cat"));
        };
    Stage<Counts> first =
        new Stages(root, false, Progress.NONE).value("counts", Map.of("k", 1), Counts.class, body);
    Stages second = new Stages(root, false, Progress.NONE);
    Stage<Counts> again = second.value("counts", Map.of("k", 1), Counts.class, body);
    assertEquals(new Counts(3, List.of("owl", "cat")), first.value());
    assertEquals(first.value(), again.value());
    assertEquals(first.dir(), again.dir());
    assertEquals(1, runs.get());
    assertTrue(second.records().get(0).reused());
  }

  @Test
  void anUpstreamStageHashesAsItsKeySoItsChangeRecomputesDownstream() {
    Stages stages = new Stages(root, false, Progress.NONE);
    Stage<Integer> one = stages.value("up", Map.of("v", 1), Integer.class, dir -> 1);
    Stage<Integer> two = stages.value("up", Map.of("v", 2), Integer.class, dir -> 2);
    AtomicInteger runs = new AtomicInteger();
    Stage<Integer> a =
        stages.value("down", Map.of("up", one), Integer.class, d -> runs.incrementAndGet());
    Stage<Integer> b =
        stages.value("down", Map.of("up", two), Integer.class, d -> runs.incrementAndGet());
    Stage<Integer> c =
        stages.value("down", Map.of("up", one), Integer.class, d -> runs.incrementAndGet());
    assertNotEquals(a.key(), b.key());
    assertEquals(a.key(), c.key());
    assertEquals(2, runs.get());
    assertEquals(Stages.keyOf("down", Map.of("up", "up-" + one.key())), a.key());
  }
}
