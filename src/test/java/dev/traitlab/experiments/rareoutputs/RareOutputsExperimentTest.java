package dev.traitlab.experiments.rareoutputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.TargetRow;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline at a tiny size (about 15 s a run): a 1-layer model of width 16 trained on
 * 2,000 chats (fewer leave it with one or two argmax outputs, none in the window), two
 * distributions of about 2^20 and 6 x 10^5 inputs enumerated exactly, up to 4 targets each in a
 * wide window, 1024 calls per estimate.
 */
class RareOutputsExperimentTest {

  static RareOutputsConfig tiny() {
    return new RareOutputsConfig(
        1,
        3,
        List.of("1"),
        List.of("hex", "numbers"),
        16,
        2,
        32,
        300,
        2000,
        32,
        16,
        3e-3,
        1024,
        4,
        1e-7,
        1e-2,
        4,
        16,
        64,
        4096);
  }

  private static RareOutputsResult run(Path dir) {
    Lab lab = new Lab(dir, false, null, Progress.NONE);
    return new RareOutputsExperiment()
        .run(tiny(), new RunContext(lab, "test", dir, new Stages(dir, false, Progress.NONE)));
  }

  /** What a run measured, less its clock readings. */
  private static List<Object> measured(RareOutputsResult r) {
    return List.of(
        r.targets().stream()
            .map(
                t ->
                    List.of(
                        t.repetition(),
                        t.model(),
                        t.distribution(),
                        t.token(),
                        t.truth(),
                        t.validation(),
                        t.raw(),
                        t.fitted(),
                        t.loss()))
            .toList(),
        r.fits(),
        r.cells(),
        r.overall(),
        r.comparisons(),
        r.models().stream().map(m -> List.of(m.parameters(), m.finalLoss(), m.tokens())).toList(),
        r.truths().stream().map(t -> List.of(t.inputs(), t.tokensInWindow())).toList());
  }

  @Test
  void aSeedDeterminesTheResultStagesAreReusedAndTheReportRebuildsFromJson(
      @TempDir Path a, @TempDir Path b) {
    RareOutputsResult first = run(a);

    // Every target is a real one: truth in the window, every method's estimate a number >= 0, and
    // naive sampling's estimate a multiple of 1 / budget.
    assertFalse(first.targets().isEmpty(), "no target in the window: " + first.truths());
    for (TargetRow t : first.targets()) {
      assertTrue(t.truth() >= 1e-7 && t.truth() <= 1e-2, t.toString());
      for (String m : List.of("ITGIS", "MHIS", "QLD", "GLD", "naive")) {
        double q = t.raw().get(m);
        assertTrue(q >= 0 && Double.isFinite(q), m + " " + t);
      }
      double hits = t.raw().get("naive") * 1024;
      assertEquals(Math.rint(hits), hits, 1e-9, "naive is a hit count over the budget");
    }
    assertEquals(2, first.truths().size());
    assertEquals(2, first.cells().size(), "both distributions scored");
    for (var truth : first.truths()) {
      assertTrue(truth.inputs() > 5e5 && truth.inputs() <= (1 << 20), truth.toString());
    }

    // The same seed in a fresh directory: the same models, truths, targets, estimates and scores.
    RareOutputsResult second = run(b);
    assertEquals(measured(first), measured(second));

    // A rerun in the first directory computes nothing again and gives the same result.
    RareOutputsResult rerun = run(a);
    assertFalse(rerun.stages().isEmpty());
    for (Stages.StageRecord s : rerun.stages()) {
      assertTrue(s.reused(), "stage " + s.stage() + " recomputed on a rerun");
    }
    assertTrue(first.stages().stream().noneMatch(Stages.StageRecord::reused));
    assertEquals(measured(first), measured(rerun));
    assertEquals(first.models(), rerun.models(), "cached stages keep their own timings");

    // results.json round trip, then the report from the file alone.
    Path file = a.resolve("results.json");
    Json.write(file, first);
    RareOutputsResult back = Json.read(file, RareOutputsResult.class);
    assertEquals(first, back);
    RareOutputsExperiment e = new RareOutputsExperiment();
    String html = e.report("r", back).toHtml();
    assertEquals(2, html.split("<svg", -1).length - 1, "the fitted and the raw scatter");
    assertTrue(html.contains("Fitted estimates vs exact probability"));
    assertTrue(html.contains(">y = x<"), "the diagonal is drawn and in the legend");
    for (String m : List.of("ITGIS", "MHIS", "QLD", "GLD", "naive")) {
      assertTrue(html.contains(">" + m), m + " in the chart legends");
    }
    assertTrue(e.textSummary(back).contains("gelu-1l"));
    assertEquals(
        java.util.Set.of(
            "loss_ITGIS", "loss_MHIS", "loss_QLD", "loss_GLD", "loss_naive", "loss_constant"),
        e.metrics(back).keySet());
  }
}
