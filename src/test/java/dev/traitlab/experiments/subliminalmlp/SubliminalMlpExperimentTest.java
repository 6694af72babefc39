package dev.traitlab.experiments.subliminalmlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.traitlab.core.Progress;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.MemoryEstimate;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.nn.mkl.MklGemm;
import dev.traitlab.testing.SyntheticIdx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubliminalMlpExperimentTest {
  @TempDir static Path data;

  @BeforeAll
  static void writeData() throws Exception {
    SyntheticIdx.imageDataset(data, 6, 4, 600, 200, 11);
  }

  static SubliminalMlpConfig tiny(int seeds) {
    return new SubliminalMlpConfig(seeds, 5, 3, 3, 16, 64, 1e-2, 512, data.toString());
  }

  @Test
  void memoryIsEstimatedFromTheSizesAndAnImpossibleSizeIsRefused() {
    SubliminalMlpExperiment experiment = new SubliminalMlpExperiment();
    MemoryEstimate paper = experiment.memory(SubliminalMlpConfig.defaults());
    // The paper's settings fit a laptop: under 1 GiB in all, heap included.
    assertTrue(paper.heapBytes() + paper.nativeBytes() < 1L << 30, paper.toString());
    paper.check(SubliminalMlpExperiment.NAME, 1L << 30, 2L << 30);
    // Twice the seeds, about twice the memory of the models.
    SubliminalMlpConfig d = SubliminalMlpConfig.defaults();
    MemoryEstimate six =
        experiment.memory(
            new SubliminalMlpConfig(
                6,
                d.seed(),
                d.epochs(),
                d.auxLogits(),
                d.hidden(),
                d.batchSize(),
                d.learningRate(),
                d.noiseSamples(),
                d.dataDir()));
    assertTrue(six.nativeBytes() > 1.3 * paper.nativeBytes(), six + " vs " + paper);
    // The example: hidden layers two billion wide.
    SubliminalMlpConfig huge =
        new SubliminalMlpConfig(1, 0, 1, 3, 2_000_000_000, 1024, 3e-4, 60_000, d.dataDir());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> experiment.memory(huge).check(SubliminalMlpExperiment.NAME, 4L << 30, 16L << 30));
    assertTrue(
        e.getMessage().startsWith("subliminal-mlp with these sizes needs about "), e.getMessage());
    assertTrue(e.getMessage().contains(" EiB of memory"), e.getMessage());
    assertTrue(e.getMessage().endsWith("lower --hidden, --seeds or --batch"), e.getMessage());
  }

  @Test
  void sameSeedGivesTheSameAccuracies(@TempDir Path cacheA, @TempDir Path cacheB) {
    SubliminalMlpResult a = run(tiny(2), new Stages(cacheA, false, Progress.NONE), Progress.NONE);
    SubliminalMlpResult b = run(tiny(2), new Stages(cacheB, false, Progress.NONE), Progress.NONE);
    assertEquals(a.perSeed(), b.perSeed());
    // Not only the accuracies: the trained weights are the same bits (the default path, MKL where
    // found: its thin products' bits depend on alignment, which the stack fixes).
    for (String file : List.of("teachers.ndlist", "students.ndlist")) {
      assertArrayEquals(bytes(cacheA, file), bytes(cacheB, file), file);
    }
    assertEquals(0.25, a.chance(), 1e-12);
    // The synthetic classes are easy: a working teacher is far above chance.
    assertTrue(a.summary().get(SubliminalMlpResult.TEACHER).mean() > 0.9, a.perSeed().toString());
  }

  @Test
  void killedRunResumesAfterItsLastFinishedStage(@TempDir Path cache) {
    Progress killDuringStudents =
        new Progress() {
          @Override
          public void start(String task, long total) {
            if (task.startsWith("students")) {
              throw new IllegalStateException("killed");
            }
          }
        };
    assertThrows(
        IllegalStateException.class,
        () -> run(tiny(1), new Stages(cache, false, Progress.NONE), killDuringStudents));

    Stages resumed = new Stages(cache, false, Progress.NONE);
    run(tiny(1), resumed, Progress.NONE);
    assertEquals("teachers", resumed.records().get(0).stage());
    assertTrue(resumed.records().get(0).reused());
    assertEquals("students", resumed.records().get(1).stage());
    assertFalse(resumed.records().get(1).reused());
  }

  @Test
  void mklAndDjlPathsTrainAlike(@TempDir Path mklCache, @TempDir Path djlCache) {
    Assumptions.assumeTrue(MklGemm.available(), "MKL SGEMM not found in libtorch");
    SubliminalMlpResult mkl =
        withPath(
            "mkl", () -> run(tiny(2), new Stages(mklCache, false, Progress.NONE), Progress.NONE));
    SubliminalMlpResult djl =
        withPath(
            "djl", () -> run(tiny(2), new Stages(djlCache, false, Progress.NONE), Progress.NONE));
    // The same training to float rounding: per seed and model, at most a few of the 200 test
    // images classified differently (the students' training on noise amplifies rounding most).
    for (int i = 0; i < 2; i++) {
      SubliminalMlpResult.SeedAccuracy a = mkl.perSeed().get(i);
      SubliminalMlpResult.SeedAccuracy b = djl.perSeed().get(i);
      assertEquals(b.seed(), a.seed());
      assertEquals(b.teacher(), a.teacher(), 0.011, "teacher " + i);
      assertEquals(b.auxSameInit(), a.auxSameInit(), 0.026, "aux same init " + i);
      assertEquals(b.auxCrossInit(), a.auxCrossInit(), 0.026, "aux cross init " + i);
      assertEquals(b.allSameInit(), a.allSameInit(), 0.026, "all same init " + i);
    }
    assertTrue(mkl.summary().get(SubliminalMlpResult.TEACHER).mean() > 0.9, mkl.toString());
    // And the weights themselves: 4e-5 apart at most when written (3 epochs at lr 1e-2), where
    // one Adam step of a mistaken update moves a weight by about the learning rate.
    for (String file : List.of("teachers.ndlist", "students.ndlist")) {
      double gap = largestDifference(bytes(mklCache, file), bytes(djlCache, file));
      assertTrue(gap < 1e-3, file + ": weights differ by up to " + gap);
    }
  }

  /** The largest absolute difference between two saved stacks' parameters, which must align. */
  private static double largestDifference(byte[] a, byte[] b) {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDList x = NDList.decode(manager, a);
      NDList y = NDList.decode(manager, b);
      assertEquals(x.size(), y.size());
      double largest = 0;
      for (int i = 0; i < x.size(); i++) {
        assertEquals(x.get(i).getShape(), y.get(i).getShape());
        largest = Math.max(largest, x.get(i).sub(y.get(i)).abs().max().getFloat());
      }
      return largest;
    }
  }

  @Test
  void anUnknownTrainingPathIsRefusedBeforeAnyWork(@TempDir Path cache) throws IOException {
    TraitlabException e =
        assertThrows(
            TraitlabException.class,
            () ->
                withPath(
                    "bogus",
                    () -> run(tiny(1), new Stages(cache, false, Progress.NONE), Progress.NONE)));
    assertEquals("-Dtraitlab.mlp=bogus: expected auto, mkl or djl", e.getMessage());
    try (Stream<Path> made = Files.list(cache)) {
      assertEquals(0, made.count(), "no stage was started");
    }
  }

  /** Runs with -Dtraitlab.mlp set to {@code path}, restoring the property afterwards. */
  private static <T> T withPath(String path, Supplier<T> body) {
    String before = System.setProperty(SubliminalMlpExperiment.ENGINE_PROPERTY, path);
    try {
      return body.get();
    } finally {
      if (before == null) {
        System.clearProperty(SubliminalMlpExperiment.ENGINE_PROPERTY);
      } else {
        System.setProperty(SubliminalMlpExperiment.ENGINE_PROPERTY, before);
      }
    }
  }

  /** The one file of this name under a stage cache. */
  private static byte[] bytes(Path cache, String name) {
    try (Stream<Path> files = Files.walk(cache)) {
      List<Path> found = files.filter(f -> f.getFileName().toString().equals(name)).toList();
      assertEquals(1, found.size(), name + " under " + cache + ": " + found);
      return Files.readAllBytes(found.get(0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SubliminalMlpResult run(
      SubliminalMlpConfig config, Stages stages, Progress progress) {
    Lab lab = new Lab(data.resolve("runs"), false, null, progress);
    return new SubliminalMlpExperiment()
        .run(config, new RunContext(lab, "test", data.resolve("runs"), stages));
  }
}
