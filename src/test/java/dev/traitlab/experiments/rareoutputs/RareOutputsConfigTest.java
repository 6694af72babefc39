package dev.traitlab.experiments.rareoutputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class RareOutputsConfigTest {
  private static RareOutputsConfig with(int budget, int burnIn, List<String> dists, double min) {
    return with(RareOutputsConfig.defaults().layers(), budget, burnIn, dists, min);
  }

  private static RareOutputsConfig with(
      List<String> layers, int budget, int burnIn, List<String> dists, double min) {
    RareOutputsConfig d = RareOutputsConfig.defaults();
    return new RareOutputsConfig(
        d.seeds(),
        d.seed(),
        layers,
        dists,
        d.hiddenSize(),
        d.heads(),
        d.intermediateSize(),
        d.vocabSize(),
        d.corpusChats(),
        d.maxLength(),
        d.trainBatch(),
        d.learningRate(),
        budget,
        d.targets(),
        min,
        d.maxProbability(),
        d.chains(),
        burnIn,
        d.itgisBatch(),
        d.engineBatch());
  }

  @Test
  void badConfigsAreRejectedNamingTheOption() {
    RareOutputsConfig d = RareOutputsConfig.defaults();
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> with(1000, d.burnIn(), d.distributions(), d.minProbability()));
    assertTrue(e.getMessage().contains("--budget"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> with(d.budget(), 5000, d.distributions(), d.minProbability()));
    assertTrue(e.getMessage().contains("--burn-in"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> with(d.budget(), d.burnIn(), List.of("spanish"), d.minProbability()));
    assertTrue(e.getMessage().contains("--distributions"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> with(d.budget(), d.burnIn(), d.distributions(), 1e-4));
    assertTrue(e.getMessage().contains("--min-probability"), e.getMessage());
  }

  @Test
  void repeatedLayersOrDistributionsAreRejectedNamingTheOption() {
    RareOutputsConfig d = RareOutputsConfig.defaults();
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> with(d.budget(), d.burnIn(), List.of("hex", "caps", "hex"), d.minProbability()));
    assertEquals("--distributions: 'hex' given twice", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                with(
                    List.of("1", "01"),
                    d.budget(),
                    d.burnIn(),
                    d.distributions(),
                    d.minProbability()));
    assertEquals("--layers: '1' given twice", e.getMessage());
  }

  @Test
  void temperaturesAreThePapersRecommendations() throws Exception {
    Path facts = Path.of("../shared/data/lowprob/lpe_config.json");
    Assumptions.assumeTrue(Files.exists(facts), "facts file not present");
    JsonNode t = new ObjectMapper().readTree(facts.toFile()).path("recommended_temperatures");
    for (int layers : new int[] {1, 2, 4}) {
      for (String d : Distributions.NAMES) {
        JsonNode m = t.path("gelu-" + layers + "l");
        String paper = Temperatures.paperName(d);
        assertEquals(m.path("ITGIS").path(paper).asDouble(), Temperatures.itgis(layers, d), d);
        assertEquals(m.path("MHIS").path(paper).asDouble(), Temperatures.mhis(layers, d), d);
      }
    }
  }
}
