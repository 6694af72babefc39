package dev.traitlab.experiments.rareoutputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.experiments.rareoutputs.RareOutputsResult.Cell;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.Loss;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.MethodFit;
import dev.traitlab.experiments.rareoutputs.Scoring.Held;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Winners, verdicts and the fits table on hand-made held-out losses. */
class RareOutputsScoringTest {

  /** Held-out targets of one cell: ITGIS and MHIS losses as given, every other method at 5. */
  private static List<Held> held(double[] itgis, double[] mhis) {
    List<Held> out = new ArrayList<>();
    for (int i = 0; i < itgis.length; i++) {
      Map<String, Double> loss = new LinkedHashMap<>();
      for (String m : RareOutputsResult.METHODS) {
        loss.put(m, 5.0);
      }
      loss.put("ITGIS", itgis[i]);
      loss.put("MHIS", mhis[i]);
      out.add(new Held("gelu-1l", "hex", i, loss));
    }
    return out;
  }

  private static Cell cell(List<Held> h) {
    return Scoring.cells(h, List.of("gelu-1l"), List.of("hex"), 7).get(0);
  }

  @Test
  void aWinnerIsNamedOnlyWhenResolvedBelowTheRunnerUpOnEnoughTargets() {
    // ITGIS beats MHIS by 0.9 on each of 6 targets: every resample's mean gap is 0.9 > 0.
    Cell clear =
        cell(held(new double[] {0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, new double[] {1, 1, 1, 1, 1, 1}));
    assertEquals("ITGIS", clear.winner());
    assertEquals("ITGIS", RareOutputsReport.winnerLabel(clear));

    // Lower mean only because of one outlier: MHIS is better by 0.1 on 5 targets, worse by 2.5 on
    // one. A resample without the outlier (probability (5/6)^6 = 0.33) has gap -0.1, so the
    // interval's lower end is -0.1 and nothing is resolved.
    Cell outlier =
        cell(
            held(
                new double[] {0.5, 0.5, 0.5, 0.5, 0.5, 0.5},
                new double[] {0.4, 0.4, 0.4, 0.4, 0.4, 3.0}));
    assertTrue(outlier.loss().get("ITGIS").mean() < outlier.loss().get("MHIS").mean());
    assertEquals("", outlier.winner());
    assertEquals("none resolved", RareOutputsReport.winnerLabel(outlier));

    // Two held-out targets: however clear, too few to name a winner.
    Cell two = cell(held(new double[] {0.1, 0.1}, new double[] {1, 1}));
    assertEquals("", two.winner());
    assertEquals("too few targets", RareOutputsReport.winnerLabel(two));
  }

  @Test
  void verdictsSayNotResolvedWhenThePairedIntervalContainsZero() {
    assertEquals("yes", RareOutputsReport.verdict(new Loss(0.5, 0.1, 0.9, 6)));
    assertEquals("no, worse", RareOutputsReport.verdict(new Loss(-0.5, -0.9, -0.1, 6)));
    assertEquals("not resolved", RareOutputsReport.verdict(new Loss(0.1, -0.2, 0.4, 6)));
    assertEquals("too few targets (2)", RareOutputsReport.verdict(new Loss(-0.5, -0.9, -0.1, 2)));
    assertEquals(
        "no data", RareOutputsReport.verdict(new Loss(Double.NaN, Double.NaN, Double.NaN, 0)));
  }

  @Test
  void anOddTargetCountPutsTheExtraTargetInValidation() {
    assertEquals(2, Scoring.validationCount(3));
    assertEquals(2, Scoring.validationCount(4));
    assertEquals(1, Scoring.validationCount(2));
    assertEquals(5, Scoring.validationCount(9));
  }

  private static RareOutputsResult withFitsAndCells(List<MethodFit> fits, List<Cell> cells) {
    return new RareOutputsResult(
        RareOutputsConfig.defaults(),
        List.of(),
        List.of(),
        List.of(),
        fits,
        cells,
        List.of(),
        List.of(),
        List.of());
  }

  @Test
  void anUnfittedMethodShowsNaAndTheCaptionSaysWhy() {
    MethodFit itgis = new MethodFit(0, "ITGIS", Double.NaN, 1, 3e-6, 0, 4);
    MethodFit qld = new MethodFit(0, "QLD", -1.25, 0.8, 1e-8, 4, 0);
    String table =
        RareOutputsReport.fitsTable(withFitsAndCells(List.of(itgis, qld), List.of())).render();
    assertFalse(table.contains("NaN"), table);
    assertTrue(table.contains("raw 0 maps to"), table);
    assertTrue(table.lines().anyMatch(l -> l.contains("ITGIS") && l.contains("n/a")), table);
    assertTrue(table.lines().anyMatch(l -> l.contains("QLD") && l.contains("-1.25")), table);
    assertTrue(RareOutputsReport.fitsCaption(true).contains("no positive estimate"));
    assertFalse(RareOutputsReport.fitsCaption(false).contains("n/a"));
  }

  @Test
  void fewHeldOutTargetsPrintANote() {
    Cell two = cell(held(new double[] {0.1, 0.1}, new double[] {1, 1}));
    String note = RareOutputsReport.smallSampleNote(withFitsAndCells(List.of(), List.of(two)));
    assertTrue(note.contains("only 2 held-out"), note);
    Cell six =
        cell(held(new double[] {0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, new double[] {1, 1, 1, 1, 1, 1}));
    assertEquals("", RareOutputsReport.smallSampleNote(withFitsAndCells(List.of(), List.of(six))));
  }
}
