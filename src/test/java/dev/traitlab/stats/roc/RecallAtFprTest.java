package dev.traitlab.stats.roc;

import static dev.traitlab.stats.roc.RocCurveTest.NEG;
import static dev.traitlab.stats.roc.RocCurveTest.POS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.traitlab.stats.Wilson;
import org.junit.jupiter.api.Test;

class RecallAtFprTest {

  @Test
  void recallAtAQuarterFprOnTheSmallCase() {
    // Threshold 0.4: negatives above it 0.8 (1 of 4); positives above it 0.9, 0.7, 0.8 (3 of 4;
    // the positive tied at 0.4 is not flagged).
    RecallAtFpr r = RecallAtFpr.of(NEG, POS, 0.25);
    assertEquals(0.4, r.threshold(), 0);
    assertEquals(1, r.falsePositives());
    assertEquals(0.25, r.fpr(), 0);
    assertEquals(3, r.detected());
    assertEquals(0.75, r.recall(), 0);
    assertEquals(Wilson.interval(3, 4), r.recallInterval());
  }

  @Test
  void recallAtZeroFprKeepsOnlyPositivesAboveEveryNegative() {
    RecallAtFpr r = RecallAtFpr.of(NEG, POS, 0);
    assertEquals(0.8, r.threshold(), 0);
    assertEquals(0, r.falsePositives());
    assertEquals(1, r.detected());
    // Wilson for 1 of 4, z^2 = 3.841459: centre (0.25 + z^2/8) / (1 + z^2/4) = 0.730182 /
    // 1.960365 = 0.372473, half-width z sqrt(0.046875 + z^2/64) / 1.960365 = 0.326885.
    assertEquals(0.372473 - 0.326885, r.recallInterval().lower(), 1e-5);
    assertEquals(0.372473 + 0.326885, r.recallInterval().upper(), 1e-5);
  }

  @Test
  void aThresholdFromHeldOutNegativesMayExceedTheRateOnOthers() {
    double[] heldOut = new double[100];
    for (int i = 0; i < 100; i++) {
      heldOut[i] = i / 100.0; // 0.00 .. 0.99; 1% FPR -> threshold 0.98
    }
    double threshold = RocCurve.thresholdAtFpr(heldOut, 0.01);
    double[] test = {0.985, 0.99, 0.5, 0.1}; // two of four above 0.98
    double[] harmful = {0.97, 0.981, 0.999, 2, 3};
    RecallAtFpr r = RecallAtFpr.at(threshold, 0.01, test, harmful);
    assertEquals(0.98, r.threshold(), 0);
    assertEquals(0.5, r.fpr(), 0);
    assertEquals(4, r.detected());
    assertEquals(0.8, r.recall(), 1e-15);
  }
}
