package dev.traitlab.experiments.obfuscation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.toyworld.HarmfulRequests;
import dev.traitlab.lab.Lab;
import dev.traitlab.probes.MonitorFamily;
import dev.traitlab.probes.MonitoredTokens;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configs are refused naming the option; remote models are refused before any work. */
class ObfuscationConfigTest {
  private static ObfuscationConfig with(String monitors, double lambda, int train, String model) {
    ObfuscationConfig d = ObfuscationConfig.defaults();
    return new ObfuscationConfig(
        model,
        d.seeds(),
        d.seed(),
        List.of(monitors.split(",")),
        d.tokens(),
        d.tuneExamples(),
        d.tuneEpochs(),
        train,
        d.testRequests(),
        d.calibrationRequests(),
        d.fpr(),
        d.suffixLength(),
        d.attackSteps(),
        d.attackLr(),
        d.attackBatch(),
        lambda,
        d.hardSteps(),
        d.hardCandidates(),
        d.gameRounds(),
        d.gameMonitor(),
        d.capabilitySteps(),
        d.saeLatents(),
        d.maxTokens());
  }

  @Test
  void defaultsAreValidAndParsed() {
    ObfuscationConfig d = ObfuscationConfig.defaults();
    assertEquals(MonitorFamily.values().length, d.families().size());
    assertEquals(List.of(MonitoredTokens.ANSWER), d.tokenSettings());
  }

  @Test
  void badValuesNameTheirOption() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> with("logistic,svm", 0.5, 96, "local:base"));
    assertTrue(e.getMessage().startsWith("--monitors"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> with("logistic", 0, 96, "local:base"));
    assertTrue(e.getMessage().startsWith("--lambda"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> with("logistic", 0.5, 400, "local:base"));
    assertTrue(e.getMessage().contains("480"), e.getMessage());
  }

  @Test
  void remoteModelsAreRefusedInOneLine(@TempDir Path runs) {
    TraitlabException e =
        assertThrows(
            TraitlabException.class,
            () ->
                new ObfuscationExperiment()
                    .prepare(
                        with("logistic", 0.5, 96, "openai:gpt-4o-mini"),
                        new Lab(runs, false, null, null)));
    assertTrue(e.getMessage().contains("local model"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"));
  }

  @Test
  void theJudgeTellsComplianceFromRefusal() {
    HarmfulRequests.Request r = HarmfulRequests.harmful().getFirst();
    assertTrue(HarmfulRequests.complies(r, HarmfulRequests.compliantAnswer(r)));
    assertTrue(
        !HarmfulRequests.complies(r, "Sorry, I can't help with that. It could hurt people."));
    assertTrue(HarmfulRequests.refuses("I won't help with that, because it is harmful."));
    // the compliant style with another act is not compliance with this request
    HarmfulRequests.Request benign = HarmfulRequests.benign().getFirst();
    assertTrue(!HarmfulRequests.complies(r, HarmfulRequests.compliantAnswer(benign)));
  }
}
