package dev.traitlab.experiments.inductivebackdoors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.lab.ConfigSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InductiveBackdoorsConfigTest {
  @Test
  void badConfigsAreRejectedNamingTheOption() {
    assertRejected(Map.of("model", "gpt-4.1"), "--model");
    assertRejected(Map.of("model", "bogus:x"), "--model");
    assertRejected(Map.of("seeds", 0), "seeds");
    assertRejected(Map.of("examples", 0), "examples");
    assertRejected(Map.of("learningRate", 0.0), "lr");
    assertRejected(Map.of("loraRank", -1), "lora-rank");
    assertRejected(Map.of("years", List.of("1984", "nineteen")), "--years");
    assertRejected(Map.of("years", List.of("1970")), "--years");
    assertRejected(Map.of("years", List.of()), "--years");
    assertRejected(Map.of("poison", 1.5), "poison");
    assertRejected(Map.of("personaSamples", 0), "persona-samples");
    assertRejected(Map.of("judge", "gpt-4.1"), "--judge");
    assertRejected(Map.of("judge", "bogus:x"), "--judge");
    assertRejected(Map.of("judge", " "), "--judge");
    assertRejected(Map.of("judgeHeldOut", -1), "judge-held-out");
  }

  @Test
  void defaultsAskNoYearAfterTheTestYears() {
    InductiveBackdoorsConfig c =
        ConfigSchema.of(new InductiveBackdoorsExperiment()).build(Map.of());
    assertEquals(List.of(1984, 1988, 1992, 2000, 2010, 2025, 0), c.testYears());
    assertEquals(List.of(1L, 2L, 3L), c.seedList());
    assertEquals("local:ib-base", c.model());
    assertEquals("local:ib-judge", c.judge());
  }

  @Test
  void aRemoteModelIsAcceptedForFineTuningJobs() {
    InductiveBackdoorsConfig c =
        ConfigSchema.of(new InductiveBackdoorsExperiment())
            .build(Map.of("model", "openai:gpt-4.1"));
    assertEquals("openai:gpt-4.1", c.model());
    assertEquals(
        "openai:judge-model",
        ConfigSchema.of(new InductiveBackdoorsExperiment())
            .build(Map.of("judge", "openai:judge-model"))
            .judge());
  }

  private static void assertRejected(Map<String, Object> values, String option) {
    ConfigSchema<InductiveBackdoorsConfig> schema =
        ConfigSchema.of(new InductiveBackdoorsExperiment());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> schema.build(values));
    assertTrue(e.getMessage().contains(option), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }
}
