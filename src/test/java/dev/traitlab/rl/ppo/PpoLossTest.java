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
}
