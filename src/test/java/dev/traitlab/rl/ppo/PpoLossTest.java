package dev.traitlab.rl.ppo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class PpoLossTest {

  @Test
  void handComputedTerms() {
    PpoSettings s = new PpoSettings(0.99, 0.95, 0.2, 1, 1, 1, 1e-3, 0.5, 0.01, true, 1);
    try (NDManager m = NDManager.newBaseManager()) {
      // ratios 2 and 1; advantages 1 and -1
      NDArray logp = m.create(new float[] {(float) Math.log(0.5), (float) Math.log(0.3)});
      NDArray old = m.create(new float[] {(float) Math.log(0.25), (float) Math.log(0.3)});
      NDArray adv = m.create(new float[] {1, -1});
      NDArray entropy = m.create(new float[] {0.5f, 1.5f});
      NDArray values = m.create(new float[] {1, 2});
      NDArray returns = m.create(new float[] {0, 2});
      PpoLoss.Terms t = PpoLoss.of(logp, old, adv, entropy, values, returns, s);
      // min(2 * 1, 1.2 * 1) = 1.2 and min(-1, -1) = -1: policy loss -(1.2 - 1) / 2
      assertEquals(-0.1, t.policy().getFloat(), 1e-6);
      assertEquals(0.25, t.value().getFloat(), 1e-6);
      assertEquals(1.0, t.entropy().getFloat(), 1e-6);
      assertEquals(-0.1 + 0.5 * 0.25 - 0.01 * 1.0, t.total().getFloat(), 1e-6);
      assertEquals((2 - 1 - Math.log(2)) / 2, t.approxKl().getFloat(), 1e-6);
      assertEquals(0.5, t.clipFraction().getFloat(), 1e-6);
    }
  }

  @Test
  void eachModelOfAStackGetsItsOwnTerms() {
    PpoSettings s = PpoSettings.defaults();
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray zeros = m.zeros(new ai.djl.ndarray.types.Shape(2, 3));
      NDArray returns = m.create(new float[] {0, 0, 0, 1, 1, 1}, zeros.getShape());
      PpoLoss.Terms t = PpoLoss.of(zeros, zeros, zeros, zeros, zeros, returns, s);
      assertEquals(2, t.value().size());
      assertEquals(0, t.value().getFloat(0), 1e-7);
      assertEquals(0.5, t.value().getFloat(1), 1e-7);
      assertEquals(0, t.approxKl().getFloat(1), 1e-7);
    }
  }

  /**
   * The clipped surrogate's gradient with respect to the log-probs, from autograd, against central
   * finite differences of the loss itself: ratios inside the clip range pass the gradient A rho /
   * B, ratios clipped on the side the advantage pushes to give 0.
   */
  @Test
  void clippedObjectiveGradientMatchesFiniteDifferences() {
    PpoSettings s = new PpoSettings(1, 0.95, 0.2, 1, 1, 1, 1e-3, 0.5, 0.0, true, 1);
    double[] logp = {-1.0, -0.7, -2.0, -0.3, -1.2};
    double[] old = {-1.1, -1.2, -1.5, -0.3, -0.9};
    double[] adv = {0.8, 1.5, -0.6, 2.0, 0.4};
    double[] analytic;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(logp);
      x.setRequiresGradient(true);
      try (ai.djl.training.GradientCollector gc =
          ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        NDArray loss = policyLoss(m, x, old, adv, s);
        gc.backward(loss);
      }
      analytic = x.getGradient().toDoubleArray();
    }
    double h = 1e-6;
    int zeros = 0;
    for (int i = 0; i < logp.length; i++) {
      double[] up = logp.clone();
      double[] down = logp.clone();
      up[i] += h;
      down[i] -= h;
      double numeric;
      try (NDManager m = NDManager.newBaseManager()) {
        numeric =
            (policyLoss(m, m.create(up), old, adv, s).getDouble()
                    - policyLoss(m, m.create(down), old, adv, s).getDouble())
                / (2 * h);
      }
      assertEquals(numeric, analytic[i], 1e-6, "d loss / d logp[" + i + "]");
      double rho = Math.exp(logp[i] - old[i]);
      boolean clipped = (adv[i] > 0 && rho > 1.2) || (adv[i] < 0 && rho < 0.8);
      assertEquals(clipped ? 0 : -adv[i] * rho / logp.length, analytic[i], 1e-9);
      zeros += clipped ? 1 : 0;
    }
    // Both cases occur: ratios 1.65 (A > 0) and 0.61 (A < 0) are clipped.
    assertEquals(2, zeros);
  }

  private static NDArray policyLoss(
      NDManager m, NDArray logp, double[] old, double[] adv, PpoSettings s) {
    NDArray zeros = m.zeros(logp.getShape(), logp.getDataType());
    return PpoLoss.of(logp, m.create(old), m.create(adv), zeros, zeros, zeros, s).policy();
  }
}
