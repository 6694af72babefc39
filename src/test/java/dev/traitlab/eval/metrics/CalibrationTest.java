package dev.traitlab.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationTest {
  // Bins of width 0.1: {0.05, 0.05} -> bin 0 (acc 0.5), {0.95, 1.0, 0.9} -> bin 9 (acc 2/3).
  private final double[] conf = {0.05, 0.05, 0.95, 1.0, 0.9};
  private final double[] correct = {0, 1, 1, 1, 0};

  @Test
  void binsPutOneInTheLastBin() {
    List<Calibration.Bin> bins = Calibration.bins(conf, correct, 10);
    assertEquals(2, bins.size());
    assertEquals(2, bins.get(0).count());
    assertEquals(0.05, bins.get(0).meanConfidence(), 1e-12);
    assertEquals(0.5, bins.get(0).accuracy(), 1e-12);
    assertEquals(3, bins.get(1).count());
    assertEquals(0.95, bins.get(1).meanConfidence(), 1e-12);
    assertEquals(2.0 / 3, bins.get(1).accuracy(), 1e-12);
  }

  @Test
  void eceWeightsBinGapsByBinSize() {
    double expected = 2.0 / 5 * 0.45 + 3.0 / 5 * (0.95 - 2.0 / 3);
    assertEquals(expected, Calibration.expectedCalibrationError(conf, correct, 10), 1e-12);
  }

  @Test
  void madAveragesBinGapsUnweighted() {
    double expected = (0.45 + (0.95 - 2.0 / 3)) / 2;
    assertEquals(expected, Calibration.meanAbsoluteDeviation(conf, correct, 10), 1e-12);
  }

  @Test
  void mseIsBrierOfBinaryOutcomes() {
    double expected = (0.05 * 0.05 + 0.95 * 0.95 + 0.05 * 0.05 + 0 + 0.9 * 0.9) / 5;
    assertEquals(expected, Calibration.meanSquaredError(conf, correct), 1e-12);
  }

  @Test
  void perfectCalibrationScoresZero() {
    double[] c = {0.75, 0.75, 0.75, 0.75};
    double[] y = {1, 1, 1, 0};
    assertEquals(0.0, Calibration.expectedCalibrationError(c, y, 10), 1e-12);
    assertEquals(0.0, Calibration.meanAbsoluteDeviation(c, y, 10), 1e-12);
  }

  @Test
  void emptyInputGivesNaNAndBadConfidenceIsRejected() {
    assertTrue(
        Double.isNaN(Calibration.expectedCalibrationError(new double[0], new double[0], 10)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Calibration.meanSquaredError(new double[] {1.2}, new double[] {1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> Calibration.meanSquaredError(new double[] {0.2}, new double[] {1, 0}));
  }

  @Test
  void equalMassMadByHand() {
    // Two bins of two: {0.1, 0.2} conf 0.15 acc 0.5, {0.3, 0.4} conf 0.35 acc 0.5.
    double[] conf = {0.4, 0.1, 0.3, 0.2};
    double[] correct = {1, 0, 0, 1};
    List<Calibration.Bin> bins = Calibration.equalMassBins(conf, correct, 2);
    assertEquals(2, bins.size());
    assertEquals(0.1, bins.get(0).from(), 1e-12);
    assertEquals(0.2, bins.get(0).to(), 1e-12);
    assertEquals(0.15, bins.get(0).meanConfidence(), 1e-12);
    assertEquals(
        (0.35 + 0.15) / 2, Calibration.meanAbsoluteDeviationEqualMass(conf, correct, 2), 1e-12);
    // Ties stay together: the cut after two moves past the third 0.5: {0.5 x 3} acc 1/3, {0.9}.
    double[] tied = {0.5, 0.9, 0.5, 0.5};
    double[] right = {1, 1, 0, 0};
    List<Calibration.Bin> t = Calibration.equalMassBins(tied, right, 2);
    assertEquals(List.of(3, 1), t.stream().map(Calibration.Bin::count).toList());
    assertEquals(
        (1.0 / 6 + 0.1) / 2, Calibration.meanAbsoluteDeviationEqualMass(tied, right, 2), 1e-12);
    // A constant is one bin whatever K: its MAD is |accuracy - constant| (the paper's footnote 5).
    double[] constant = {0.3, 0.3, 0.3, 0.3, 0.3};
    double[] outcomes = {1, 1, 1, 0, 0};
    assertEquals(1, Calibration.equalMassBins(constant, outcomes, 10).size());
    assertEquals(0.3, Calibration.meanAbsoluteDeviationEqualMass(constant, outcomes, 10), 1e-12);
    // Ten distinct values in ten bins of one; more bins than samples leaves no empty bin.
    double[] ten = new double[10];
    double[] zeros = new double[10];
    for (int i = 0; i < 10; i++) {
      ten[i] = i / 10.0;
    }
    assertEquals(10, Calibration.equalMassBins(ten, zeros, 25).size());
    assertEquals(0.45, Calibration.meanAbsoluteDeviationEqualMass(ten, zeros, 10), 1e-12);
    assertTrue(
        Double.isNaN(Calibration.meanAbsoluteDeviationEqualMass(new double[0], new double[0], 10)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Calibration.equalMassBins(new double[] {1.5}, new double[] {1}, 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> Calibration.equalMassBins(new double[] {0.5}, new double[] {1}, 0));
  }
}
