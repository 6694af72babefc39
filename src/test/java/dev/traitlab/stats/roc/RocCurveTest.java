package dev.traitlab.stats.roc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RocCurveTest {
  // Pairs (positive, negative) ranked right: 0.9 beats all 4; 0.4 beats 0.1 and 0.35 and ties
  // 0.4 (2.5); 0.7 beats 3; 0.8 beats 3 and ties 0.8 (3.5). AUC = 13 / 16 = 0.8125.
  static final double[] NEG = {0.1, 0.4, 0.35, 0.8};
  static final double[] POS = {0.9, 0.4, 0.7, 0.8};

  @Test
  void curveAndAreaOfASmallCaseWithTies() {
    RocCurve roc = RocCurve.of(NEG, POS);
    assertEquals(0.8125, roc.auc(), 1e-15);
    assertEquals(
        List.of(
            new RocCurve.Point(0.9, 0, 0),
            new RocCurve.Point(0.8, 0, 0.25),
            new RocCurve.Point(0.7, 0.25, 0.5),
            new RocCurve.Point(0.4, 0.25, 0.75),
            new RocCurve.Point(0.35, 0.5, 1),
            new RocCurve.Point(0.1, 0.75, 1),
            new RocCurve.Point(Double.NEGATIVE_INFINITY, 1, 1)),
        roc.points());
    assertEquals(4, roc.negatives());
    assertEquals(4, roc.positives());
  }

  @Test
  void perfectReversedAndConstantScores() {
    assertEquals(1, RocCurve.of(new double[] {0, 1}, new double[] {2, 3}).auc(), 0);
    assertEquals(0, RocCurve.of(new double[] {2, 3}, new double[] {0, 1}).auc(), 0);
    // Every pair tied: half credit each.
    RocCurve tied = RocCurve.of(new double[] {5, 5, 5}, new double[] {5, 5});
    assertEquals(0.5, tied.auc(), 0);
    assertEquals(
        List.of(new RocCurve.Point(5, 0, 0), new RocCurve.Point(Double.NEGATIVE_INFINITY, 1, 1)),
        tied.points());
  }

  @Test
  void areaIsTheMannWhitneyStatisticOnRandomScoresWithTies() {
    SplittableRandom random = new SplittableRandom(3);
    double[] neg = new double[57];
    double[] pos = new double[43];
    for (int i = 0; i < neg.length; i++) {
      neg[i] = random.nextInt(20);
    }
    for (int i = 0; i < pos.length; i++) {
      pos[i] = random.nextInt(20) + 4;
    }
    double wins = 0;
    for (double p : pos) {
      for (double n : neg) {
        wins += p > n ? 1 : p == n ? 0.5 : 0;
      }
    }
    assertEquals(wins / (neg.length * pos.length), RocCurve.of(neg, pos).auc(), 1e-12);
  }

  @Test
  void thresholdFlagsAtMostTheAllowedShareOfNegatives() {
    // Negatives in decreasing order 0.8, 0.4, 0.35, 0.1.
    assertEquals(0.8, RocCurve.thresholdAtFpr(NEG, 0), 0);
    assertEquals(0.8, RocCurve.thresholdAtFpr(NEG, 0.2), 0); // floor(0.8) = 0 flagged
    assertEquals(0.4, RocCurve.thresholdAtFpr(NEG, 0.25), 0); // one flagged: 0.8
    assertEquals(0.35, RocCurve.thresholdAtFpr(NEG, 0.5), 0);
    assertEquals(0.1, RocCurve.thresholdAtFpr(NEG, 0.75), 0);
    assertEquals(Double.NEGATIVE_INFINITY, RocCurve.thresholdAtFpr(NEG, 1), 0);
    // Ties: two may be flagged, but the three tied at the top cannot be split, so none is.
    assertEquals(0.5, RocCurve.thresholdAtFpr(new double[] {0.5, 0.5, 0.5, 0.2}, 0.5), 0);
    // 1% of 100 negatives 0..99: one flagged (99), threshold 98.
    double[] hundred = new double[100];
    for (int i = 0; i < 100; i++) {
      hundred[i] = i;
    }
    assertEquals(98, RocCurve.thresholdAtFpr(hundred, 0.01), 0);
    assertEquals(70, RocCurve.thresholdAtFpr(hundred, 0.29), 0); // 0.29 * 100 < 29 in doubles
  }

  @Test
  void badInputIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> RocCurve.of(new double[0], POS));
    assertThrows(IllegalArgumentException.class, () -> RocCurve.of(NEG, new double[] {Double.NaN}));
    assertThrows(IllegalArgumentException.class, () -> RocCurve.thresholdAtFpr(NEG, 1.5));
  }
}
