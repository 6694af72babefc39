package dev.traitlab.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Thresholds at a fixed FPR and recall on hand-made scores; configurations that are refused. */
class CalibrationTest {
  /** A monitor whose score is the first coordinate of one token. */
  private static final Monitor FIRST =
      new Monitor("first", List.of("p"), List.of(new LogisticProbe(new float[] {1}, 0)));

  private static ActivationSet scores(double... values) {
    List<float[]> xs = new ArrayList<>();
    for (double v : values) {
      xs.add(new float[] {(float) v});
    }
    return GaussianActivations.asSet(xs);
  }

  @Test
  void thresholdFlagsAtMostOnePercentOfHeldOutBenignInputs() {
    double[] benign = new double[100];
    for (int i = 0; i < 100; i++) {
      benign[i] = i + 1; // 1..100
    }
    CalibratedMonitor c = CalibratedMonitor.on(FIRST, scores(benign), 0.01);
    // k = floor(0.01 * 100) = 1 score may be above: the threshold is the second highest, 99.
    assertEquals(99, c.threshold(), 1e-6);
    assertTrue(c.flags(100));
    assertFalse(c.flags(99));
    assertEquals(50.5, c.benignMean(), 1e-4);
    assertEquals(0, c.standardised(50.5), 1e-9);
    // Harmful scores 98.5, 99.5, 120: two of three are above 99.
    Detection d =
        Detection.of(c, FIRST.scores(scores(benign)), FIRST.scores(scores(98.5, 99.5, 120)));
    assertEquals(2, d.recall().detected());
    assertEquals(2.0 / 3, d.recall().recall(), 1e-12);
    assertEquals(0.01, d.recall().fpr(), 1e-12);
    // AUC: 98.5 beats 98 benign scores, 99.5 beats 99, 120 beats 100: (98 + 99 + 100) / 300.
    assertEquals(297.0 / 300, d.auc(), 1e-12);
    assertEquals(0, d.roc().getFirst()[0]);
    assertEquals(1, d.roc().getLast()[1]);
  }

  @Test
  void badSettingsAreRefusedWithTheirName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ProbeTraining(0, 8, 1e-3, 0));
    assertTrue(e.getMessage().contains("epoch"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new dev.traitlab.probes.sae.SaeTraining(0, 1e-3, 1, 1, 1e-3));
    assertThrows(
        IllegalArgumentException.class,
        () -> MahalanobisDetector.fit(List.of(new float[] {1}, new float[] {2}), 1.5));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new MonitorTrainer(ProbeTraining.defaults(), 8, 0.1, 100, Map.of())
                .train(MonitorFamily.LOGISTIC, null, scores(1, 2), 1));
    e = assertThrows(IllegalArgumentException.class, () -> MonitorFamily.of("svm"));
    assertTrue(e.getMessage().contains("mahalanobis"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FIRST.score(new float[][][] {{{1}}, {{2}}}));
  }
}
