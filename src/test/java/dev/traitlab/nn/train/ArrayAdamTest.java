package dev.traitlab.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Adam over plain arrays: the first step's size (bias correction makes it lr times the gradient's
 * sign in every coordinate), a hand-computed second step and decay, convergence to a quadratic's
 * known minimum, float and double agreeing, and bad input refused.
 */
class ArrayAdamTest {

  @Test
  void theFirstStepMovesEveryCoordinateByLrAgainstTheGradientsSign() {
    double lr = 0.01;
    double[] w = {1, -2, 3, 0.5};
    double[] g = {4, -1e-3, 250, -7};
    ArrayAdam adam = new ArrayAdam(w, lr, 0);
    adam.step(g);
    // m_hat = g and v_hat = g^2 at t = 1: the step is lr * g / (|g| + 1e-8).
    double[] start = {1, -2, 3, 0.5};
    for (int i = 0; i < w.length; i++) {
      assertEquals(-lr * Math.signum(g[i]), w[i] - start[i], lr * 1e-5, "coordinate " + i);
    }
    assertEquals(1, adam.steps());
  }

  @Test
  void theSecondStepAndTheDecayMatchAHandComputation() {
    double lr = 0.1;
    double wd = 0.5;
    double[] w = {2};
    ArrayAdam adam = new ArrayAdam(w, lr, wd);
    adam.step(new double[] {1});
    // step 1: m_hat = 1, v_hat = 1 -> adaptive part lr * 1 / (1 + 1e-8); decay lr * wd * 2
    double w1 = 2 - lr / (1 + 1e-8) - lr * wd * 2;
    assertEquals(w1, w[0], 1e-15);
    adam.step(new double[] {-3});
    // step 2: m = 0.9 * 0.1 + 0.1 * -3 = -0.21; v = 0.999 * 0.001 + 0.001 * 9 = 0.009999
    double mHat = -0.21 / (1 - 0.81);
    double vHat = 0.009999 / (1 - 0.998001);
    double w2 = w1 - lr * mHat / (Math.sqrt(vHat) + 1e-8) - lr * wd * w1;
    assertEquals(w2, w[0], 1e-12);
  }

  @Test
  void itConvergesToTheMinimumOfAnIllConditionedQuadratic() {
    // f(w) = sum_i a_i (w_i - c_i)^2 / 2 with curvatures spanning four decades: Adam's per-
    // coordinate scaling reaches every c_i, and near the minimum the steps shrink as m falls
    // faster than sqrt(v), so a constant rate settles.
    double[] a = {100, 1, 0.01, 10};
    double[] c = {1.5, -2, 0.25, 3};
    double[] w = new double[4];
    double[] g = new double[4];
    double lr = 0.05;
    ArrayAdam adam = new ArrayAdam(w, lr, 0);
    for (int step = 0; step < 3000; step++) {
      for (int i = 0; i < w.length; i++) {
        g[i] = a[i] * (w[i] - c[i]);
      }
      adam.step(g);
    }
    for (int i = 0; i < w.length; i++) {
      assertEquals(c[i], w[i], 1e-3, "coordinate " + i + " (curvature " + a[i] + ")");
    }
  }

  @Test
  void floatAndDoubleArraysTakeTheSameSteps() {
    double[] wd = {0.3, -0.7, 1.1};
    float[] wf = {0.3f, -0.7f, 1.1f};
    ArrayAdam d = new ArrayAdam(wd, 0.02, 0.01);
    ArrayAdam f = new ArrayAdam(wf, 0.02, 0.01);
    for (int step = 0; step < 50; step++) {
      double[] gd = new double[3];
      float[] gf = new float[3];
      for (int i = 0; i < 3; i++) {
        gf[i] = (float) (2 * wd[i] - i);
        gd[i] = gf[i];
      }
      d.step(gd);
      f.step(gf);
      for (int i = 0; i < 3; i++) {
        assertEquals(wd[i], wf[i], 1e-6, "step " + step + ", coordinate " + i);
        wf[i] = (float) wd[i]; // back onto the double path, so float rounding cannot accumulate
      }
    }
    // a float step on its own agrees with the double one to float precision
    double[] one = {0.5};
    float[] oneF = {0.5f};
    new ArrayAdam(one, 0.1, 0).step(new double[] {2});
    new ArrayAdam(oneF, 0.1, 0).step(new float[] {2});
    assertEquals(one[0], oneF[0], 1e-7);
  }

  @Test
  void badSettingsAndMismatchedGradientsAreRefused() {
    IllegalArgumentException lr =
        assertThrows(IllegalArgumentException.class, () -> new ArrayAdam(new float[2], 0, 0));
    assertTrue(lr.getMessage().contains("learning rate"), lr.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ArrayAdam(new double[2], Double.NaN, 0));
    IllegalArgumentException decay =
        assertThrows(IllegalArgumentException.class, () -> new ArrayAdam(new float[2], 0.1, -1));
    assertTrue(decay.getMessage().contains("weight decay"), decay.getMessage());
    ArrayAdam adam = new ArrayAdam(new float[2], 0.1, 0);
    IllegalArgumentException length =
        assertThrows(IllegalArgumentException.class, () -> adam.step(new float[3]));
    assertTrue(length.getMessage().contains("3 values for 2 parameters"), length.getMessage());
    assertThrows(IllegalStateException.class, () -> adam.step(new double[2]));
    assertThrows(
        IllegalStateException.class, () -> new ArrayAdam(new double[2], 0.1, 0).step(new float[2]));
    assertEquals(0, adam.steps(), "a refused step is not counted");
  }
}
