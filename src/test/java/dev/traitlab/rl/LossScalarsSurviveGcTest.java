package dev.traitlab.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.traitlab.nn.train.DpoLoss;
import dev.traitlab.rl.ppo.PpoLoss;
import dev.traitlab.rl.ppo.PpoSettings;
import dev.traitlab.rl.reward.BradleyTerry;
import dev.traitlab.rl.reward.RankingLoss;
import dev.traitlab.testing.GcBeforeBackward;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The training losses' gradients do not depend on when the garbage collector runs: the constant
 * factors their backward passes read are owned by libtorch, not by DJL's short-lived direct
 * buffers. Before this held, PPO against a reward model gave different curves from run to run.
 */
class LossScalarsSurviveGcTest {
  private static final float[] X = {0.3f, -1.2f, 0.7f, 2.0f, -0.4f, 0.1f};
  private static final Shape SHAPE = new Shape(6);

  private static void sameGradientAfterCollections(Function<NDArray, NDArray> loss)
      throws InterruptedException {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] at = GcBeforeBackward.gradient(m, X, SHAPE, loss, 0);
      float[] after = GcBeforeBackward.gradient(m, X, SHAPE, loss, 5);
      for (float v : at) {
        assertTrue(Float.isFinite(v));
      }
      assertArrayEquals(at, after, 0f);
    }
  }

  @Test
  void ppoLossWithZeroAndNonZeroCoefficients() throws InterruptedException {
    for (PpoSettings s :
        new PpoSettings[] {
          new PpoSettings(1, 0.95, 0.2, 4, 4, 6, 1e-3, 0.1, 0.0, true, 1),
          new PpoSettings(1, 0.95, 0.2, 4, 4, 6, 1e-3, 0.5, 0.01, true, 1)
        }) {
      sameGradientAfterCollections(
          p -> {
            NDManager m = p.getManager();
            NDArray old = m.create(new float[] {0.2f, -1f, 0.9f, 1.5f, -0.4f, 0f});
            NDArray adv = m.create(new float[] {1f, -0.5f, 0.25f, 0f, 2f, -1f});
            NDArray ret = m.create(new float[] {0.5f, 0f, -0.5f, 1f, 0.1f, 0.2f});
            // p plays the log-probabilities, the entropies and the values at once.
            return PpoLoss.of(p, old, adv, p.square(), p.mul(p), ret, s).total();
          });
    }
  }

  @Test
  void rewardModelLosses() throws InterruptedException {
    sameGradientAfterCollections(BradleyTerry::loss);
    sameGradientAfterCollections(
        p -> {
          NDArray better =
              p.getManager()
                  .create(
                      new float[] {0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0},
                      new Shape(2, 3, 3));
          return RankingLoss.loss(p.reshape(2, 3), better).sum();
        });
  }

  @Test
  void dpoLoss() throws InterruptedException {
    sameGradientAfterCollections(
        p -> {
          NDArray ref = p.getManager().create(new float[] {0.1f, 0.2f, -0.3f});
          NDArray ref2 = p.getManager().create(new float[] {-0.1f, 0.4f, 0.3f});
          return DpoLoss.loss(p.get("0:3"), p.get("3:6"), ref, ref2, 0.1);
        });
  }
}
