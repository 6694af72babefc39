package dev.traitlab.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamStepperTest {

  /** Adam's first step moves each element by its rate times the sign of its gradient. */
  @Test
  void eachParameterStepsWithItsOwnRate() {
    try (NDManager nd = NDManager.newBaseManager()) {
      NDArray a = nd.create(new float[] {1, 1});
      NDArray b = nd.create(new float[] {1, 1});
      a.setRequiresGradient(true);
      b.setRequiresGradient(true);
      AdamStepper adam = new AdamStepper(List.of(a, b), new double[] {0.01, 0.03});
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss =
            a.mul(nd.create(new float[] {2, -5}))
                .sum()
                .add(b.mul(nd.create(new float[] {-0.1f, 4})).sum());
        gc.backward(loss);
      }
      adam.step();
      assertEquals(1 - 0.01, a.getFloat(0), 1e-6);
      assertEquals(1 + 0.01, a.getFloat(1), 1e-6);
      assertEquals(1 + 0.03, b.getFloat(0), 1e-5);
      assertEquals(1 - 0.03, b.getFloat(1), 1e-6);
      // the gradients are cleared for the next step
      assertEquals(0, a.getGradient().abs().sum().getFloat(), 0);
    }
  }

  @Test
  void ratesThatDoNotMatchTheParametersAreRefused() {
    try (NDManager nd = NDManager.newBaseManager()) {
      NDArray a = nd.create(new float[] {1});
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new AdamStepper(List.of(a), new double[] {0.1, 0.2}));
      assertTrue(e.getMessage().contains("1 parameters but 2 learning rates"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class, () -> new AdamStepper(List.of(a), new double[] {0}));
      assertTrue(e.getMessage().contains("learning rate 0"), e.getMessage());
    }
  }
}
