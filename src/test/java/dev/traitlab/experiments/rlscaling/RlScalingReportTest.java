package dev.traitlab.experiments.rlscaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.stats.Interval;
import java.util.List;
import org.junit.jupiter.api.Test;

class RlScalingReportTest {
  private static HorizonFit.Estimate est(double v, double lo, double hi) {
    return new HorizonFit.Estimate(v, new Interval(lo, hi));
  }

  private static final HorizonFit.Estimate NONE =
      new HorizonFit.Estimate(Double.NaN, Interval.UNDEFINED);

  @Test
  void anUndefinedValuePrintsAsUndefinedWithItsReasonNeverAsZero() {
    assertEquals(
        "undefined (one width holds the frontier)",
        RlScalingReport.plain(NONE, "one width holds the frontier"));
    assertEquals("0.123 [0.100, 0.150]", RlScalingReport.plain(est(0.123, 0.1, 0.15), "x"));
  }

  @Test
  void coefficientsUseSignificantDigitsAndBoundEstimatesAreMarked() {
    HorizonFit.Estimate alphaE = est(1e-6, 0, 0.135);
    assertEquals("1.00e-06 [0.00, 0.135] at bound 0", RlScalingReport.exponent(alphaE));
    assertEquals("0.523 [0.400, 0.600]", RlScalingReport.exponent(est(0.523, 0.4, 0.6)));
    assertEquals(
        "1.57e-05 (unidentified: alpha_E at bound)",
        RlScalingReport.coefficient(
            new HorizonFit.Estimate(1.57e-5, Interval.UNDEFINED), alphaE, "alpha_E"));
    assertEquals(
        "1.57e+04",
        RlScalingReport.coefficient(
            new HorizonFit.Estimate(15700, Interval.UNDEFINED), est(0.5, 0.4, 0.6), "alpha_E"));
  }

  @Test
  void fewerThanFiveSeedsPrintTheBootstrapCaveatInTheTerminal() {
    assertEquals(
        "Caution: with 2 seeds per width these intervals are rough; a percentile bootstrap on so"
            + " few runs understates the spread (--seeds 5 or more for steadier ones).",
        RlScalingReport.fewSeedsCaveat(2));
    assertTrue(RlScalingReport.fewSeedsCaveat(4).contains("with 4 seeds per width"));
    assertNull(RlScalingReport.fewSeedsCaveat(5));
  }

  private static SharedFit shared(HorizonFit.Estimate ratio, HorizonFit.Estimate slope) {
    HorizonFit.Estimate one = est(1, 1, 1);
    return new SharedFit(
        est(0.5, 0.4, 0.6),
        est(0.5, 0.4, 0.6),
        est(0.5, 0.45, 0.55),
        List.of(
            new SharedFit.Coefficients(1, one, one, one, one),
            new SharedFit.Coefficients(4, one, one, one, ratio)),
        List.of(est(1.2, 1.0, 1.4), slope),
        11,
        10,
        40,
        0);
  }

  @Test
  void aNegativeSlopeKeepsItsSignInsideItsValueNextToItsInterval() {
    // was "1.200 [1.000, 1.400] - 0.159 [-0.300, -0.010] h": read literally, the interval of a
    // slope +0.159 negated
    assertEquals(
        "a + b h with a = 1.200 [1.000, 1.400], b = -0.159 [-0.300, -0.010]",
        RlScalingReport.ecLine(shared(est(2, 1.5, 2.5), est(-0.159, -0.3, -0.01))));
  }

  @Test
  void theVerdictNamesTheRatioCiThatDecidesAndReportsASlopeCiExcludingZero() {
    // the new-user run: E_c ratio at h=4 0.741 [0.551, 1.0012] contains 1, yet the line's slope
    // -0.019 [-0.031, -0.002] excludes 0; the verdict said only "no detectable change in E_c"
    String v =
        RlScalingReport.verdict(
            List.of(1, 4),
            List.of(est(0, 0, 0), est(0.05, -0.1, 0.2)),
            shared(est(0.741, 0.551, 1.0012), est(-0.019, -0.031, -0.002)));
    assertTrue(v.contains("coefficients, decided by each horizon's E_c / E_c(h=1) CI:"), v);
    assertTrue(
        v.contains(
            "no detectable change (the CI contains 1 or is undefined) at h=4 0.7410 [0.5510,"
                + " 1.001]"),
        v);
    assertTrue(
        v.contains(
            "the slope b of the line E_c / E_c(h=1) = a + b h, -0.019 [-0.031, -0.002], has a CI"
                + " excluding 0: E_c falls with h across the horizons, a trend that no single"
                + " horizon's ratio CI resolves"),
        v);

    String flat =
        RlScalingReport.verdict(
            List.of(1, 4),
            List.of(est(0, 0, 0), est(0.05, -0.1, 0.2)),
            shared(est(1.1, 0.8, 1.4), est(0.01, -0.02, 0.04)));
    assertTrue(flat.contains("0.010 [-0.020, 0.040], has a CI containing 0"), flat);

    // a bound that would print as the tested value gets the digits that show which side it is on
    String close =
        RlScalingReport.verdict(
            List.of(1, 4),
            List.of(est(0, 0, 0), est(0.05, -0.1, 0.2)),
            shared(est(0.741, 0.551, 0.9996), est(-0.019, -0.031, -0.0004)));
    assertTrue(close.contains("the CI excludes 1 at h=4 0.7410 [0.5510, 0.9996]"), close);
    assertTrue(close.contains("-0.0190 [-0.0310, -0.0004], has a CI excluding 0"), close);
  }

  @Test
  void theVerdictFollowsTheShiftAndRatioIntervals() {
    List<Integer> h = List.of(1, 4);
    String consistent =
        RlScalingReport.verdict(
            h, List.of(est(0, 0, 0), est(0.02, -0.05, 0.08)), shared(est(2, 1.5, 2.5), NONE));
    assertTrue(consistent.contains("exponents consistent across horizons"), consistent);
    assertTrue(consistent.contains("raises the RSS of ln I by 10%"), consistent);
    assertTrue(consistent.contains("the CI excludes 1 at h=4 2.00 [1.50, 2.50]"), consistent);

    String differ =
        RlScalingReport.verdict(
            h, List.of(est(0, 0, 0), est(0.2, 0.05, 0.3)), shared(est(1.1, 0.8, 1.4), NONE));
    assertTrue(differ.contains("exponents differ across horizons"), differ);
    assertTrue(differ.contains("CI excludes 0 at h=4"), differ);
    assertTrue(differ.contains("no detectable change (the CI contains 1"), differ);

    String unknown =
        RlScalingReport.verdict(h, List.of(est(0, 0, 0), NONE), shared(est(2, 1.5, 2.5), NONE));
    assertTrue(unknown.contains("exponents undetermined (no shift CI at h=4)"), unknown);
  }
}
