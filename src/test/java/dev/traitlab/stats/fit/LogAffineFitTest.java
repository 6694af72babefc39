package dev.traitlab.stats.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.traitlab.stats.ItakuraSaito;
import org.junit.jupiter.api.Test;

class LogAffineFitTest {
  @Test
  void recoversAnExactPowerLawAndFitsZerosToTheirMeanTruth() {
    // truth = 3 q^0.5 exactly for the positive estimates: loss 0 at intercept ln 3, slope 0.5.
    double[] q = {1e-8, 1e-6, 1e-4, 0, 0};
    double[] p = new double[q.length];
    for (int i = 0; i < 3; i++) {
      p[i] = 3 * Math.sqrt(q[i]);
    }
    p[3] = 1e-7;
    p[4] = 3e-7;
    LogAffineFit f = LogAffineFit.minimisingItakuraSaito(p, q);
    assertEquals(0.5, f.slope(), 1e-6);
    assertEquals(Math.log(3), f.intercept(), 1e-5);
    assertEquals(2e-7, f.zeroValue(), 1e-20);
    assertEquals(2e-7, f.apply(0), 1e-20);
    assertEquals(3 * Math.sqrt(1e-6), f.apply(1e-6), 1e-9);
  }

  @Test
  void theFitIsNoWorseThanTheIdentity() {
    double[] p = {2e-7, 5e-6, 1e-8, 3e-6};
    double[] q = {1e-7, 1e-5, 4e-9, 1e-6};
    LogAffineFit f = LogAffineFit.minimisingItakuraSaito(p, q);
    double fitted = ItakuraSaito.meanLoss(p, f.apply(q));
    double identity = ItakuraSaito.meanLoss(p, q);
    assertEquals(true, fitted <= identity + 1e-12, fitted + " vs " + identity);
  }
}
