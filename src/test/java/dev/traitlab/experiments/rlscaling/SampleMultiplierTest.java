package dev.traitlab.experiments.rlscaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.stats.Interval;
import org.junit.jupiter.api.Test;

class SampleMultiplierTest {
  private static final long[] E = {100, 1000, 10000};

  @Test
  void aCurveThreeTimesSlowerInInteractionsGivesThree() {
    // reference: return = log10(E) - 2; the slow curve reaches each return at 3 E
    double shift = Math.log10(3);
    double[][] reference = {{0, 1, 2}, {0.5, 1.5, 2.5}};
    double[][] slow = {{-shift, 1 - shift, 2 - shift}, {0.5 - shift, 1.5 - shift, 2.5 - shift}};
    assertEquals(3, SampleMultiplier.of(slow, reference, E), 1e-9);
    assertEquals(1.0 / 3, SampleMultiplier.of(reference, slow, E), 1e-9);
  }

  @Test
  void aCurveAgainstItselfGivesOneWhereTheGridsTopWouldRoundAboveItsLastValue() {
    // 0.01 + (0.12 - 0.01) * 20 / 20 is 0.12000000000000001, above the curve's last value: the
    // grid's top return was never reached and made the multiplier NaN ("no common return range")
    double[][] curve = {{0.01, 0.05, 0.12}, {0.01, 0.08, 0.43}};
    assertEquals(1.0, SampleMultiplier.of(curve, curve, E));
    double[][] slower = {{0.01, 0.03, 0.12}, {0.01, 0.05, 0.43}};
    double m = SampleMultiplier.of(slower, curve, E);
    assertTrue(Double.isFinite(m) && m > 1, "finite and above 1: " + m);
  }

  @Test
  void curvesWithoutACommonRangeOfReturnsGiveNaN() {
    double[][] low = {{0, 0.1, 0.2}};
    double[][] high = {{0.5, 0.6, 0.7}};
    assertTrue(Double.isNaN(SampleMultiplier.of(low, high, E)));
  }

  @Test
  void anUndefinedPointHasNoIntervalEvenWhenSomeReplicatesOverlap() {
    // the full data's curves share no range, two replicates happen to: no point, no interval
    HorizonFit.Estimate e =
        SampleMultiplier.estimate(Double.NaN, new double[] {1.7, 2.5, Double.NaN});
    assertTrue(Double.isNaN(e.value()));
    assertFalse(e.interval().hasBounds());
    assertEquals(
        "undefined (no common return range)",
        RlScalingReport.significant(e, "no common return range"));
  }

  @Test
  void aDefinedPointKeepsThePercentileIntervalOfTheFiniteReplicates() {
    HorizonFit.Estimate e = SampleMultiplier.estimate(2.0, new double[] {2.0, 2.0, Double.NaN});
    assertEquals(2.0, e.value());
    assertEquals(new Interval(2.0, 2.0), e.interval());
  }
}
