package dev.traitlab.experiments.heuristicestimators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.experiments.heuristicestimators.HeuristicEstimatorsResult.Check;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeuristicEstimatorsExperimentTest {

  static HeuristicEstimatorsConfig tiny() {
    return new HeuristicEstimatorsConfig(
        2,
        3,
        12,
        List.of("1", "2"),
        4,
        3,
        1.6,
        0.3,
        200,
        30,
        16,
        20,
        8,
        List.of("1", "4"),
        20,
        6,
        List.of("0.05", "0.1"));
  }

  @Test
  void aSeedDeterminesTheResultWhichRoundTripsThroughJsonIntoAFullReport(
      @TempDir Path a, @TempDir Path b) {
    HeuristicEstimatorsResult first = run(a);
    HeuristicEstimatorsResult second = run(b);
    assertEquals(first.checks(), second.checks());
    assertEquals(first.curves(), second.curves());
    Path file = a.resolve("results.json");
    Json.write(file, first);
    HeuristicEstimatorsResult back = Json.read(file, HeuristicEstimatorsResult.class);
    assertEquals(first, back);
    assertEquals(
        java.util.Set.of(
            "network_accuracy_g0",
            "network_accuracy_g1",
            "network_accuracy_g2",
            "network_corr_error_g2_with_g1",
            "sum_orthogonality_violation",
            "sat_pairwise_planted_core",
            "product_pairwise_one_factor"),
        new HeuristicEstimatorsExperiment().metrics(back).keySet());
    String html = new HeuristicEstimatorsExperiment().report("r", back).toHtml();
    assertEquals(8, html.split("<svg", -1).length - 1);
    String text = new HeuristicEstimatorsExperiment().textSummary(back);
    assertTrue(text.contains("3-sat"));
    assertTrue(text.contains("statistic"), "the terminal names what each row measures: " + text);
  }

  @Test
  void theLiteralAndExactChecksComeOutAsTheoryHasThem(@TempDir Path dir) {
    HeuristicEstimatorsResult r = run(dir);
    Check iterated = find(r, Sections.SUM, Sections.ITERATED, "S within T");
    assertTrue(iterated.consistentWithZero(), iterated.toString());
    Check across = find(r, Sections.SUM, Sections.ORTHOGONALITY, "not S");
    assertEquals(across.closedForm(), across.value(), 1e-9 * Math.abs(across.closedForm()));
    assertTrue(!across.consistentWithZero(), across.toString());
    Check core = find(r, Sections.SAT, Sections.ACCURACY, "planted");
    assertEquals(-1, core.value(), 1e-12); // G0 on a formula with no solution
    Check pairs = find(r, Sections.PRODUCT, Sections.ACCURACY, "disjoint pairs");
    assertEquals(0, pairs.value(), 1e-12);
    // with positive readout weights, mean propagation underestimates every ReLU unit's mean
    Check g0 = find(r, Sections.NETWORK, Sections.ACCURACY, "depth 2");
    assertTrue(g0.estimator().startsWith("G0") && g0.lower() > 0, g0.toString());
  }

  private static Check find(
      HeuristicEstimatorsResult r, String family, String property, String against) {
    return r.checks().stream()
        .filter(
            k ->
                k.family().equals(family)
                    && k.property().equals(property)
                    && k.against().contains(against))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + family + " " + against));
  }

  private static HeuristicEstimatorsResult run(Path dir) {
    Lab lab = new Lab(dir, false, null, Progress.NONE);
    return new HeuristicEstimatorsExperiment()
        .run(tiny(), new RunContext(lab, "test", dir, new Stages(dir, false, Progress.NONE)));
  }

  @Test
  void badOptionsAreRefusedByName() {
    HeuristicEstimatorsConfig d = HeuristicEstimatorsConfig.defaults();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new HeuristicEstimatorsConfig(
                    d.seeds(),
                    d.seed(),
                    d.networks(),
                    d.depths(),
                    d.width(),
                    d.inputs(),
                    d.weightScale(),
                    d.biasScale(),
                    d.monteCarloPairs(),
                    d.sums(),
                    d.terms(),
                    d.formulas(),
                    30,
                    d.densities(),
                    d.products(),
                    d.factors(),
                    d.scales()));
    assertTrue(e.getMessage().contains("--variables"), e.getMessage());
  }

  /** The terminal names, above each family's table, the n and the seeds its intervals are over. */
  @Test
  void theTerminalSaysWhatEachFamilysIntervalsAreOver(@TempDir Path dir) {
    HeuristicEstimatorsResult r = run(dir);
    String text = new HeuristicEstimatorsExperiment().textSummary(r);
    // tiny(): 2 seeds from 3; 12 networks, 30 arrays, 20 formulas, 20 products per seed
    for (String line :
        List.of(
            "relu-network: 95% CIs over n = 24 networks each (12 per seed x 2 seeds from 3,"
                + " pooled), by bootstrap:",
            "sample-sum: 95% CIs over n = 60 arrays each (30 per seed x 2 seeds from 3, pooled),"
                + " by Student t:",
            "3-sat: 95% CIs over n = 40 formulas each (20 per seed x 2 seeds from 3, pooled), by"
                + " Student t or bootstrap as the statistic says:",
            "gaussian-product: 95% CIs over n = 40 products each (20 per seed x 2 seeds from 3,"
                + " pooled), by Student t or bootstrap as the statistic says:")) {
      assertTrue(text.lines().anyMatch(line::equals), "missing '" + line + "' in:\n" + text);
    }
    // the n stated is the n of every check of the family
    for (Check k : r.checks()) {
      int perSeed =
          switch (k.family()) {
            case Sections.NETWORK -> 12;
            case Sections.SUM -> 30;
            default -> 20;
          };
      assertEquals(2 * perSeed, k.expressions(), k.toString());
    }
  }

  @Test
  void aListOptionGivingAValueTwiceIsRefusedNamingOptionAndValue() {
    assertEquals(
        "--depths: 2 is given twice; give each value once",
        refused(List.of("1", "2", "2"), List.of("1", "4"), List.of("0.05")));
    assertEquals(
        "--depths: 2 and 2.0 are the same value; give each value once",
        refused(List.of("2", "2.0"), List.of("1", "4"), List.of("0.05")));
    assertEquals(
        "--densities: 4 is given twice; give each value once",
        refused(List.of("1"), List.of("4", "4"), List.of("0.05")));
    assertEquals(
        "--scales: 0.05 and 5e-2 are the same value; give each value once",
        refused(List.of("1"), List.of("4"), List.of("0.05", "5e-2")));
  }

  /** A bad depth is quoted as given, not as the double it was parsed to ("got 0", not "0.0"). */
  @Test
  void aBadDepthIsQuotedAsGiven() {
    assertEquals(
        "--depths: need whole numbers >= 1, got 0",
        refused(List.of("0"), List.of("4"), List.of("0.05")));
    assertEquals(
        "--depths: need whole numbers >= 1, got 1.5",
        refused(List.of("2", " 1.5"), List.of("4"), List.of("0.05")));
  }

  @Test
  void onTheCommandLineARepeatedValueExitsTwoWithOneLineBeforeAnyRun(@TempDir Path tmp) {
    for (String[] option :
        List.of(
            new String[] {"--depths", "1,1", "--depths: 1 is given twice"},
            new String[] {"--depths", "0", "--depths: need whole numbers >= 1, got 0"},
            new String[] {"--scales", "0.01,0.01", "--scales: 0.01 is given twice"})) {
      Path runs = tmp.resolve("runs");
      java.io.StringWriter err = new java.io.StringWriter();
      int exit =
          dev.traitlab.cli.Main.execute(
              new java.io.PrintWriter(err, true),
              "run",
              "heuristic-estimators",
              option[0],
              option[1],
              "--runs-dir",
              runs.toString());
      assertEquals(2, exit, err.toString());
      assertEquals(1, err.toString().strip().lines().count(), err.toString());
      assertTrue(err.toString().contains(option[2]), err.toString());
      assertTrue(!java.nio.file.Files.exists(runs), "no run is started");
    }
  }

  private static String refused(List<String> depths, List<String> densities, List<String> scales) {
    HeuristicEstimatorsConfig d = HeuristicEstimatorsConfig.defaults();
    return assertThrows(
            IllegalArgumentException.class,
            () ->
                new HeuristicEstimatorsConfig(
                    d.seeds(),
                    d.seed(),
                    d.networks(),
                    depths,
                    d.width(),
                    d.inputs(),
                    d.weightScale(),
                    d.biasScale(),
                    d.monteCarloPairs(),
                    d.sums(),
                    d.terms(),
                    d.formulas(),
                    d.variables(),
                    densities,
                    d.products(),
                    d.factors(),
                    scales))
        .getMessage();
  }

  @Test
  void zeroAdmittedOnlyByRoundingSaysSo() {
    Check inside = new Check("f", "p", "e", "a", "s", 0.1, -0.1, 0.3, Double.NaN, 1, 0);
    Check rounding = new Check("f", "p", "e", "a", "s", 1e-12, 1e-12, 2e-12, Double.NaN, 1, 1e-9);
    Check outside = new Check("f", "p", "e", "a", "s", 0.2, 0.1, 0.3, Double.NaN, 1, 1e-9);
    assertEquals("yes", HeuristicEstimatorsReport.zeroText(inside));
    assertTrue(HeuristicEstimatorsReport.zeroText(rounding).startsWith("yes (rounding"));
    assertEquals("no", HeuristicEstimatorsReport.zeroText(outside));
  }
}
