package dev.traitlab.experiments.subliminalmlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.stats.MeanInterval;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubliminalMlpReportTest {

  static SubliminalMlpResult result() {
    Map<String, MeanInterval> summary = new LinkedHashMap<>();
    summary.put(SubliminalMlpResult.TEACHER, MeanInterval.of(0.95, 0.96, 0.97));
    summary.put(SubliminalMlpResult.AUX_SAME_INIT, MeanInterval.of(0.52, 0.61, 0.57));
    summary.put(SubliminalMlpResult.AUX_CROSS_INIT, MeanInterval.of(0.11, 0.09, 0.1));
    summary.put(SubliminalMlpResult.ALL_SAME_INIT, MeanInterval.of(0.93, 0.94, 0.92));
    return new SubliminalMlpResult(
        SubliminalMlpConfig.defaults(),
        List.of(784, 256, 256, 13),
        List.of(),
        summary,
        0.1,
        60000,
        10000,
        List.of());
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

  @Test
  void reportHasTheSameFiguresAndAChart() {
    String html = SubliminalMlpReport.build("run-1", result()).toHtml();
    assertTrue(html.contains("<td class=\"num\">0.567 [0.455, 0.679]</td>"), html);
    assertTrue(html.contains("<svg"), html);
  }
}
