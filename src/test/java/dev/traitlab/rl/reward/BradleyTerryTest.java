package dev.traitlab.rl.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class BradleyTerryTest {

  @Test
  void lossMatchesTheHandComputedValue() {
    // softplus(0 - 1) = ln(1 + e^-1) = 0.3132617; softplus(2 - 0) = ln(1 + e^2) = 2.1269280.
    double loss = BradleyTerry.loss(new double[] {1, 0}, new double[] {0, 2});
    assertEquals((0.3132617 + 2.1269280) / 2, loss, 1e-6);
    // Equal rewards: chance, ln 2.
    assertEquals(Math.log(2), BradleyTerry.loss(new double[] {3}, new double[] {3}), 1e-12);
  }

  @Test
  void gradientMatchesTheHandValueAndFiniteDifferences() {
    double[] w = {1, 0, -0.5};
    double[] l = {0, 2, 40};
    double[][] g = BradleyTerry.gradient(w, l);
    // d/dw of softplus(l - w) / 3 = -sigmoid(l - w) / 3; sigmoid(-1) = 0.2689414.
    assertEquals(-0.2689414 / 3, g[0][0], 1e-7);
    assertEquals(0.2689414 / 3, g[1][0], 1e-7);
    double h = 1e-6;
    for (int i = 0; i < w.length; i++) {
      double[] up = w.clone();
      double[] down = w.clone();
      up[i] += h;
      down[i] -= h;
      double fd = (BradleyTerry.loss(up, l) - BradleyTerry.loss(down, l)) / (2 * h);
      assertEquals(fd, g[0][i], 1e-7);
      double[] lu = l.clone();
      double[] ld = l.clone();
      lu[i] += h;
      ld[i] -= h;
      assertEquals((BradleyTerry.loss(w, lu) - BradleyTerry.loss(w, ld)) / (2 * h), g[1][i], 1e-7);
    }
  }

  @Test
  void theTensorLossAgreesAndStaysFiniteForLargeMargins() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] margins = {1, -2, 0, 80, -80};
      double[] zeros = new double[margins.length];
      double[] d = new double[margins.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = margins[i];
      }
      float loss = BradleyTerry.loss(m.create(margins).reshape(1, margins.length)).getFloat(0);
      assertEquals(BradleyTerry.loss(d, zeros), loss, 1e-5);
    }
  }

  @Test
  void mismatchedPairsAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> BradleyTerry.loss(new double[] {1, 2}, new double[] {1}));
  }
}
