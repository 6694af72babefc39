package dev.traitlab.experiments.subliminalmlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Progress;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.MemoryEstimate;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.testing.SyntheticIdx;
import java.nio.file.Path;
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

  private static SubliminalMlpResult run(
      SubliminalMlpConfig config, Stages stages, Progress progress) {
    Lab lab = new Lab(data.resolve("runs"), false, null, progress);
    return new SubliminalMlpExperiment()
        .run(config, new RunContext(lab, "test", data.resolve("runs"), stages));
  }
}
