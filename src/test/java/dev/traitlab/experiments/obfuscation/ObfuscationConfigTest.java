package dev.traitlab.experiments.obfuscation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.data.toyworld.HarmfulRequests;
import dev.traitlab.probes.MonitorFamily;
import dev.traitlab.probes.MonitoredTokens;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad configs, remote models among them, are refused naming the option. */
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
  void remoteModelsAreRefusedInOneLineNamingTheOption() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> with("logistic", 0.5, 96, "openai:gpt-4o-mini"));
    assertTrue(
        e.getMessage().startsWith("--model: activation access: monitors read activations"),
        e.getMessage());
    assertTrue(!e.getMessage().contains("\n"));
    e = assertThrows(IllegalArgumentException.class, () -> with("logistic", 0.5, 96, "local:"));
    assertTrue(e.getMessage().startsWith("--model: "), e.getMessage());
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
