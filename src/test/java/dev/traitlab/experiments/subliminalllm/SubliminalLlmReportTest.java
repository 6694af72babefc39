package dev.traitlab.experiments.subliminalllm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.stats.MeanInterval;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubliminalLlmReportTest {

  private static SubliminalLlmResult result(double treatment, double[] ratios) {
    List<SubliminalLlmResult.SeedRates> perSeed = new java.util.ArrayList<>();
    List<SubliminalLlmResult.FilterStats> filters = new java.util.ArrayList<>();
    for (long seed = 0; seed < 3; seed++) {
      Map<String, MeanInterval> rates = new LinkedHashMap<>();
      for (Map.Entry<String, String> role : SubliminalLlmResult.ROLES) {
        double rate = role.getKey().equals(SubliminalLlmResult.TREATMENT) ? treatment : 0.06;
        rates.put(role.getKey(), MeanInterval.of(rate + 0.01 * seed, rate - 0.01 * seed));
      }
      perSeed.add(new SubliminalLlmResult.SeedRates(seed, "owl", rates));
      double[] shifted = ratios.clone();
      for (int i = 0; i < shifted.length; i++) {
        shifted[i] += 0.001 * seed;
      }
      filters.add(
          new SubliminalLlmResult.FilterStats(
              seed, "owl", 600, 500, Map.of(), 500, MeanInterval.of(shifted)));
    }
    return SubliminalLlmResult.summarise(
        SubliminalLlmConfig.builder().build(), perSeed, filters, Map.of(), Map.of(), List.of());
  }

  @Test
  void readoutSaysWhenTheTeachersSampledNumbersShowNoMeasurableSignal() {
    String text =
        SubliminalLlmReport.readout(result(0.06, new double[] {-0.3, 0.2, 0.1, -0.05}), "owl");
    assertTrue(text.contains("no reliable rise"), text);
    assertTrue(text.contains("indistinguishable from the base"), text);
  }

  @Test
  void readoutGivesTheDivergenceAndTheVerdictWhenTransferAppears() {
    // Ratios 1.0, 1.2, 1.4, 1.6 (mean 1.3) at seed 0, 0.001 more per seed: mean 1.301.
    String text =
        SubliminalLlmReport.readout(result(0.45, new double[] {1.0, 1.2, 1.4, 1.6}), "owl");
    assertTrue(text.contains("above both controls"), text);
    assertTrue(text.contains("differ from the base's by 1.301 nats per answer"), text);
  }

  @Test
  void printTable() {
    System.out.println(
        "<<<"
            + SubliminalLlmReport.textTable(result(0.45, new double[] {1.0, 1.2, 1.4, 1.6}))
            + ">>>");
  }
}
