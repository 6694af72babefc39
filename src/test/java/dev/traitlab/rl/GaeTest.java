package dev.traitlab.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GaeTest {
  // Two environments over three steps; the first ends an episode after step 1.
  private static final double[][] REWARDS = {{1, 0}, {0, 0}, {2, 1}};
  private static final double[][] VALUES = {{0.5, 0}, {1.0, 0}, {1.5, 0}};
  private static final double[] BOOTSTRAP = {2.0, 10};
  private static final boolean[][] DONES = {{false, false}, {true, false}, {false, false}};

  @Test
  void handTrajectory() {
    Gae.Estimates e = Gae.compute(REWARDS, VALUES, BOOTSTRAP, DONES, 0.9, 0.8);
    // t = 2: delta = 2 + 0.9 * 2.0 - 1.5 = 2.3, nothing after it but the bootstrap.
    assertEquals(2.3, e.advantages()[2][0], 1e-12);
    // t = 1 ends the episode: delta = 0 - 1.0, and the advantage stops there.
    assertEquals(-1.0, e.advantages()[1][0], 1e-12);
    // t = 0: delta = 1 + 0.9 * 1.0 - 0.5 = 1.4, plus 0.9 * 0.8 * (-1.0).
    assertEquals(0.68, e.advantages()[0][0], 1e-12);
    assertEquals(0.68 + 0.5, e.returns()[0][0], 1e-12);
    assertEquals(0.0, e.returns()[1][0], 1e-12);
    assertEquals(3.8, e.returns()[2][0], 1e-12);
    // The second environment (values 0): rewards discounted by 0.72 per step, bootstrap 10.
    assertEquals(1 + 0.9 * 10, e.advantages()[2][1], 1e-12);
    assertEquals(0.72 * (1 + 9), e.advantages()[1][1], 1e-12);
    assertEquals(0.72 * 0.72 * 10, e.advantages()[0][1], 1e-12);
  }

  @Test
  void lambdaOneIsTheDiscountedReturnMinusTheValueAndZeroTheTdError() {
    Gae.Estimates mc = Gae.compute(REWARDS, VALUES, BOOTSTRAP, DONES, 0.9, 1.0);
    assertEquals(1 + 0.9 * 0 - 0.5, mc.advantages()[0][0], 1e-12);
    assertEquals(0 + 0.9 * 0 + 0.81 * (1 + 0.9 * 10), mc.returns()[0][1], 1e-12);
    Gae.Estimates td = Gae.compute(REWARDS, VALUES, BOOTSTRAP, DONES, 0.9, 0.0);
    assertEquals(1 + 0.9 * 1.0 - 0.5, td.advantages()[0][0], 1e-12);
    assertEquals(1 + 0.9 * 1.0, td.returns()[0][0], 1e-12);
  }

  @Test
  void badShapesAndRatesAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Gae.compute(REWARDS, VALUES, BOOTSTRAP, DONES, 1.1, 0.9));
    assertThrows(
        IllegalArgumentException.class,
        () -> Gae.compute(REWARDS, new double[2][2], BOOTSTRAP, DONES, 0.9, 0.9));
    assertThrows(
        IllegalArgumentException.class,
        () -> Gae.compute(REWARDS, VALUES, new double[3], DONES, 0.9, 0.9));
  }

  /**
   * One language-model response of three tokens as RLHF's PPO sees it (gamma 1, lambda 0.95, the
   * episode ends with the last token): per-token rewards -beta * log-ratio plus the score at the
   * end (TokenRewards.shape with log-ratios 0.5, 0, -1, beta 0.1, score 2).
   */
  @Test
  void handTokenTrajectory() {
    double[][] rewards = {{-0.05}, {0}, {2.1}};
    double[][] values = {{0.2}, {0.4}, {1.0}};
    boolean[][] dones = {{false}, {false}, {true}};
    Gae.Estimates e = Gae.compute(rewards, values, new double[] {7}, dones, 1.0, 0.95);
    // t = 2: 2.1 - 1.0 (the bootstrap 7 is cut by the end of the response)
    assertEquals(1.1, e.advantages()[2][0], 1e-12);
    // t = 1: 0 + 1.0 - 0.4 = 0.6, plus 0.95 * 1.1
    assertEquals(1.645, e.advantages()[1][0], 1e-12);
    // t = 0: -0.05 + 0.4 - 0.2 = 0.15, plus 0.95 * 1.645
    assertEquals(1.71275, e.advantages()[0][0], 1e-12);
    // gamma 1, no bootstrap: every return is at most the summed reward to go
    assertEquals(1.91275, e.returns()[0][0], 1e-12);
    assertEquals(2.1, e.returns()[2][0], 1e-12);
  }
}
