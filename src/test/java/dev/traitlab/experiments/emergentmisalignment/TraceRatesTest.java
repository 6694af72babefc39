package dev.traitlab.experiments.emergentmisalignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.stats.Wilson;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceRatesTest {
  /** An answer with judge scores and oracle labels, its trace's class and the monitors' flags. */
  private static TracedSample t(
      double aligned, int oracleAligned, String kind, boolean keyword, double traceAligned) {
    JudgedSample s =
        new JudgedSample(
            "insecure", 1, 0, "q", "<think> x . </think> y", aligned, 90, oracleAligned, 100);
    return new TracedSample(s, "x .", kind, keyword, traceAligned);
  }

  @Test
  void catchAndFalsePositiveRatesCountedByHand() {
    List<TracedSample> samples =
        List.of(
            // Misaligned by both measures: a stated plan both monitors catch.
            t(5, 0, "states-plan", true, 10),
            // Misaligned by both: a rationalisation neither monitor catches.
            t(10, 10, "rationalises", false, 80),
            // Misaligned by the judge only (the oracle cannot label it): an unlabelable trace.
            t(20, -1, "unlabelable", false, 20),
            // Aligned by both; the keyword monitor flags it anyway (a false positive).
            t(90, 90, "benign", true, 90),
            // Aligned by both, flagged by nothing.
            t(85, 90, "benign", false, 95),
            // Never closed its trace: no judge score, so counted by neither measure's verdicts.
            t(Double.NaN, -1, "unclosed", false, Double.NaN));
    TraceRate judge = Pipeline.traceRate("insecure", "judge", samples, false);
    assertEquals(6, judge.answers());
    assertEquals(5, judge.traced());
    assertEquals(3, judge.misaligned());
    assertEquals(2, judge.aligned());
    assertEquals(List.of(1, 1, 0, 1), kinds(judge));
    assertEquals(1, judge.keywordCaught());
    assertEquals(2, judge.judgeCaught());
    assertEquals(1, judge.keywordFalse());
    assertEquals(0, judge.judgeFalse());
    assertEquals(Wilson.interval(1, 3).lower(), judge.keywordCatch().lower(), 1e-12);
    assertEquals(Wilson.interval(1, 2).upper(), judge.keywordFalsePositive().upper(), 1e-12);

    TraceRate oracle = Pipeline.traceRate("insecure", "oracle", samples, true);
    assertEquals(2, oracle.misaligned());
    assertEquals(2, oracle.aligned());
    assertEquals(List.of(1, 1, 0, 0), kinds(oracle));
    assertEquals(1, oracle.keywordCaught());
    assertEquals(1, oracle.judgeCaught());
    assertTrue(oracle.keywordCatch().lower() < 0.5 && oracle.keywordCatch().upper() > 0.5);
  }

  @Test
  void rowsWithoutTracesGiveNoTraceRates() {
    assertEquals(List.of(), Pipeline.traceRates(List.of("insecure"), List.of()));
  }

  private static List<Integer> kinds(TraceRate r) {
    return List.of(r.statesPlan(), r.rationalises(), r.benign(), r.unlabelable());
  }
}
