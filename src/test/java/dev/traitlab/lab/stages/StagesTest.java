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

  /**
   * A computed stage's stage.json records the commit that computed it and when; reused by a run of
   * the same commit it is plain "reused", by a run of another commit the record and the stage table
   * name the commit that computed it. A stage.json from before commits were recorded counts as
   * another commit's.
   */
  @Test
  void aStageRecordsItsCommitAndAReuseByAnotherCommitSaysSo() throws Exception {
    String first = "1111111111111111111111111111111111111111";
    Stages computing = new Stages(root, false, Progress.NONE, first);
    Path dir = computing.files("s", Map.of("a", 1), out -> {}).dir();
    var marker = dev.traitlab.core.Json.MAPPER.readTree(dir.resolve("stage.json").toFile());
    assertEquals(first, marker.get("commit").asText());
    Stages.StageRecord computed = computing.records().get(0);
    assertEquals(marker.get("finishedAt").asText(), computed.computedAt());
    assertFalse(computed.otherCommit());

    Stages same = new Stages(root, false, Progress.NONE, first);
    same.files("s", Map.of("a", 1), out -> {});
    assertFalse(same.records().get(0).otherCommit());
    assertEquals("reused from cache", Stages.table(same.records()).rows().get(0).get(2));

    Stages later =
        new Stages(root, false, Progress.NONE, "2222222222222222222222222222222222222222");
    later.files("s", Map.of("a", 1), out -> {});
    Stages.StageRecord reused = later.records().get(0);
    assertTrue(reused.reused() && reused.otherCommit());
    assertEquals(first, reused.commit());
    assertEquals(
        "reused from cache, computed by commit 111111111111 at "
            + computed.computedAt()
            + " (not this run's commit)",
        Stages.table(later.records()).rows().get(0).get(2));

    // A stage.json written before stages recorded their commit.
    ((com.fasterxml.jackson.databind.node.ObjectNode) marker).remove("commit");
    dev.traitlab.core.Json.write(dir.resolve("stage.json"), marker);
    Stages unknown = new Stages(root, false, Progress.NONE, first);
    unknown.files("s", Map.of("a", 1), out -> {});
    assertTrue(unknown.records().get(0).otherCommit());
    assertTrue(
        Stages.table(unknown.records())
            .rows()
            .get(0)
            .get(2)
            .startsWith("reused from cache, computed by a commit it did not record"));
  }

  /**
   * Two trees with uncommitted changes of one commit may hold different edits, and an unknown
   * commit may be any: a stage reused across them is flagged even when the commit strings are
   * equal. A stage this run computed itself and reuses is its own.
   */
  @Test
  void aDirtyOrUnknownCommitOnEitherSideCountsAsAnother() {
    String clean = "1111111111111111111111111111111111111111";
    String dirty = clean + "-dirty";
    assertFalse(Stages.otherCommit(clean, clean));
    assertTrue(Stages.otherCommit(clean, "2222222222222222222222222222222222222222"));
    assertTrue(Stages.otherCommit(dirty, dirty));
    assertTrue(Stages.otherCommit(clean, dirty));
    assertTrue(Stages.otherCommit(dirty, clean));
    assertTrue(Stages.otherCommit("unknown", "unknown"));
    assertTrue(Stages.otherCommit(clean, "unknown"));
    assertTrue(Stages.otherCommit(clean, null));

    Stages computing = new Stages(root, false, Progress.NONE, dirty);
    computing.files("s", Map.of("a", 1), out -> {});
    computing.files("s", Map.of("a", 1), out -> {});
    assertFalse(computing.records().get(1).otherCommit(), "this run's own stage was flagged");

    Stages sameDirty = new Stages(root, false, Progress.NONE, dirty);
    sameDirty.files("s", Map.of("a", 1), out -> {});
    Stages.StageRecord reused = sameDirty.records().get(0);
    assertTrue(reused.reused() && reused.otherCommit());
    assertTrue(
        Stages.table(sameDirty.records())
            .rows()
            .get(0)
            .get(2)
            .matches(
                "reused from cache, computed by commit 111111111111 \\(dirty\\) at \\S+"
                    + " \\(uncommitted changes: its code may not be this run's\\)"),
        Stages.table(sameDirty.records()).rows().get(0).get(2));

    new Stages(root, false, Progress.NONE, "unknown").files("u", Map.of(), out -> {});
    Stages unknown = new Stages(root, false, Progress.NONE, "unknown");
    unknown.files("u", Map.of(), out -> {});
    assertTrue(unknown.records().get(0).otherCommit());
    assertTrue(
        Stages.table(unknown.records())
            .rows()
            .get(0)
            .get(2)
            .startsWith("reused from cache, computed by an unknown commit at "));
  }

  /**
   * The temporary directory a killed process of this host left is deleted; one of a live process
   * (this one), which may be computing its stage now, stays, as do finished stages and other files.
   * A directory of the same dead pid on another host (a cache shared with another machine or
   * container, whose processes this one cannot see) stays, as does one whose name names no host.
   */
  @Test
  void abandonedTempDirectoriesAreRemovedAndLiveOnesKept() throws Exception {
    Path finished = new Stages(root, false, Progress.NONE, "c").files("s", Map.of(), d -> {}).dir();
    // No process has pid 2^31 - 2.
    Path dead =
        Files.createDirectories(root.resolve(Stages.tempName("s", "0123456789abcdef", 2147483646)));
    assertEquals(
        ".tmp-s-0123456789abcdef-" + Stages.host() + "-2147483646", dead.getFileName().toString());
    Files.writeString(dead.resolve("half.bin"), "half");
    Path otherHost =
        Files.createDirectories(
            root.resolve(".tmp-s-0123456789abcdef-" + Stages.host() + "x-2147483646"));
    Path otherHostPrefix =
        Files.createDirectories(
            root.resolve(".tmp-s-0123456789abcdef-x" + Stages.host() + "-2147483646"));
    Path oldFormat = Files.createDirectories(root.resolve(".tmp-s-0123456789abcdef-2147483646"));
    Path live =
        Files.createDirectories(
            root.resolve(Stages.tempName("s", "0123456789abcdef", ProcessHandle.current().pid())));
    Path noPid = Files.createDirectories(root.resolve(".tmp-notapid"));

    assertEquals(1, Stages.removeAbandoned(root));
    assertFalse(Files.exists(dead));
    assertTrue(Files.isDirectory(otherHost));
    assertTrue(Files.isDirectory(otherHostPrefix));
    assertTrue(Files.isDirectory(oldFormat));
    assertTrue(Files.isDirectory(live));
    assertTrue(Files.isDirectory(noPid));
    assertTrue(Files.isRegularFile(finished.resolve("stage.json")));
    assertEquals(0, Stages.removeAbandoned(root.resolve("no-such-cache")));
  }

  /** A host name keeps letters, digits and dots: any other character (a dash) becomes a dot. */
  @Test
  void theHostInATempNameHoldsNoDash() {
    assertEquals("build-7.lab_x".replaceAll("[-_]", "."), Stages.sanitise("build-7.lab_x"));
    assertEquals("localhost", Stages.sanitise(""));
    assertTrue(Stages.host().matches("[A-Za-z0-9.]+"), Stages.host());
  }
}
