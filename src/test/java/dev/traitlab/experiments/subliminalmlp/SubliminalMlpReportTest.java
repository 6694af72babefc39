package dev.traitlab.experiments.subliminalmlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Json;
import dev.traitlab.stats.MeanInterval;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubliminalMlpReportTest {

  /** Three seeds: teacher, (a), (b), (c) test accuracies. */
  static final List<SubliminalMlpResult.SeedAccuracy> SEEDS =
      List.of(
          new SubliminalMlpResult.SeedAccuracy(0, 0.95, 0.52, 0.11, 0.93),
          new SubliminalMlpResult.SeedAccuracy(1, 0.96, 0.61, 0.09, 0.94),
          new SubliminalMlpResult.SeedAccuracy(2, 0.97, 0.57, 0.10, 0.92));

  static SubliminalMlpResult result() {
    return result(SEEDS);
  }

  /** A result of these seeds, summarised as the experiment does (without the clipping). */
  static SubliminalMlpResult result(List<SubliminalMlpResult.SeedAccuracy> seeds) {
    Map<String, MeanInterval> summary = new LinkedHashMap<>();
    summary.put(
        SubliminalMlpResult.TEACHER,
        MeanInterval.of(
            seeds.stream().mapToDouble(SubliminalMlpResult.SeedAccuracy::teacher).toArray()));
    summary.put(
        SubliminalMlpResult.AUX_SAME_INIT,
        MeanInterval.of(
            seeds.stream().mapToDouble(SubliminalMlpResult.SeedAccuracy::auxSameInit).toArray()));
    summary.put(
        SubliminalMlpResult.AUX_CROSS_INIT,
        MeanInterval.of(
            seeds.stream().mapToDouble(SubliminalMlpResult.SeedAccuracy::auxCrossInit).toArray()));
    summary.put(
        SubliminalMlpResult.ALL_SAME_INIT,
        MeanInterval.of(
            seeds.stream().mapToDouble(SubliminalMlpResult.SeedAccuracy::allSameInit).toArray()));
    return new SubliminalMlpResult(
        SubliminalMlpConfig.defaults(),
        List.of(784, 256, 256, 13),
        seeds,
        summary,
        SubliminalMlpResult.PairedDifference.of(seeds),
        0.1,
        60000,
        10000,
        List.of());
  }

  /** (a) - (b) of 0.212, 0.098 and 0.365 over three seeds; (b) alone at 0.1. */
  static SubliminalMlpResult unresolved() {
    return result(
        List.of(
            new SubliminalMlpResult.SeedAccuracy(0, 0.9, 0.312, 0.1, 0.9),
            new SubliminalMlpResult.SeedAccuracy(1, 0.9, 0.198, 0.1, 0.9),
            new SubliminalMlpResult.SeedAccuracy(2, 0.9, 0.465, 0.1, 0.9)));
  }

  @Test
  void textTableGivesEachModelsMeanAndIntervalOverSeeds() {
    assertEquals(
        """
        model                                test accuracy, mean [95% CI]  seeds
        -----------------------------------  ----------------------------  -----
        teacher                              0.960 [0.935, 0.985]              3
        (a) student, aux logits, same init   0.567 [0.455, 0.679]              3
        (b) student, aux logits, cross init  0.100 [0.075, 0.125]              3
        (c) student, all logits, same init   0.930 [0.905, 0.955]              3
        chance                               0.100
        """,
        SubliminalMlpReport.textTable(result()));
  }

  /**
   * By hand: differences 0.212, 0.098, 0.365; mean 0.225; deviations -0.013, -0.127, 0.140; sum of
   * squares 0.035898; sd sqrt(0.035898 / 2) = 0.13397; standard error 0.13397 / sqrt(3) = 0.07735;
   * t(0.975, 2) = 4.303; half width 0.33284: [-0.108, 0.558], which holds 0.
   */
  @Test
  void thePairedDifferenceIsTheMeanOfTheSeedsDifferencesWithItsTInterval() {
    SubliminalMlpResult.PairedDifference d = unresolved().auxSameMinusCross();
    assertEquals(3, d.perSeed().size());
    assertEquals(0.212, d.perSeed().get(0), 1e-12);
    assertEquals(0.098, d.perSeed().get(1), 1e-12);
    assertEquals(0.365, d.perSeed().get(2), 1e-12);
    assertEquals(0.225, d.mean().mean(), 1e-12);
    assertEquals(0.13397, d.mean().std(), 1e-5);
    assertEquals(0.225 - 0.33284, d.mean().lower(), 1e-4);
    assertEquals(0.225 + 0.33284, d.mean().upper(), 1e-4);
    assertEquals(
        "(a) - (b), paired over 3 seeds: 0.225 [-0.108, 0.558]: not resolved at this number of"
            + " seeds",
        SubliminalMlpReport.verdict(unresolved()));
  }

  /**
   * Differences 0.41, 0.52, 0.47: mean 0.4667, sd 0.05508, half width 4.303 x 0.05508 / sqrt(3) =
   * 0.1368: [0.330, 0.603], above 0.
   */
  @Test
  void aDifferenceWhoseIntervalExcludesZeroIsResolved() {
    assertEquals(
        "(a) - (b), paired over 3 seeds: 0.467 [0.330, 0.603]: (a) is above (b): the interval"
            + " excludes 0",
        SubliminalMlpReport.verdict(result()));
  }

  @Test
  void oneSeedHasNoInterval() {
    SubliminalMlpResult one = result(SEEDS.subList(0, 1));
    assertEquals(
        "(a) - (b), one seed: 0.410: no confidence interval with one seed (run --seeds 2 or more)",
        SubliminalMlpReport.verdict(one));
  }

  @Test
  void theTerminalSummaryEndsWithTheVerdictUnderTheTable() {
    String text = new SubliminalMlpExperiment().textSummary(unresolved());
    assertTrue(
        text.endsWith(
            "chance                               0.100\n"
                + "(a) - (b), paired over 3 seeds: 0.225 [-0.108, 0.558]: not resolved at this"
                + " number of seeds\n"),
        text);
  }

  /** results.json keeps the paired difference; with one seed its bounds are null, read as NaN. */
  @Test
  void thePairedDifferenceIsInTheResultsJsonAndReadBack() throws Exception {
    SubliminalMlpResult one = result(SEEDS.subList(0, 1));
    String json = Json.pretty(one);
    var tree = Json.MAPPER.readTree(json).get("auxSameMinusCross");
    assertEquals(0.41, tree.get("perSeed").get(0).doubleValue(), 1e-12);
    assertTrue(tree.get("mean").get("lower").isNull(), json);
    SubliminalMlpResult back = Json.MAPPER.readValue(json, SubliminalMlpResult.class);
    assertTrue(Double.isNaN(back.auxSameMinusCross().mean().lower()));
    assertEquals(SubliminalMlpReport.verdict(one), SubliminalMlpReport.verdict(back));

    // a results.json from before the field: the difference comes from the per-seed accuracies
    var old =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Json.MAPPER.readTree(Json.pretty(unresolved()));
    old.remove("auxSameMinusCross");
    SubliminalMlpResult older = Json.MAPPER.treeToValue(old, SubliminalMlpResult.class);
    assertEquals(0.225, older.auxSameMinusCross().mean().mean(), 1e-12);
  }

  @Test
  void reportHasTheSameFiguresAChartAndTheVerdict() {
    String html = SubliminalMlpReport.build("run-1", unresolved()).toHtml();
    assertTrue(html.contains("<svg"), html);
    assertTrue(
        html.contains(
            "(a) 0.325 vs (b) 0.100 (chance 0.100). (a) - (b), paired over 3 seeds: 0.225"
                + " [-0.108, 0.558]: not resolved at this number of seeds."),
        html);
    assertTrue(html.contains("<td class=\"num\">0.365</td>"), html);
    html = SubliminalMlpReport.build("run-1", result()).toHtml();
    assertTrue(html.contains("<td class=\"num\">0.567 [0.455, 0.679]</td>"), html);
  }
}
