package dev.traitlab.rl.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.traitlab.rl.MlpPolicy;
import dev.traitlab.rl.env.Step;
import dev.traitlab.rl.env.VectorEnv;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PpoTrainerTest {
  private static final double[] ARMS = {0.2, 0.5, 0.8, 0.3};
  private static final int BEST = 2;

  /** A four-armed Bernoulli bandit: one-step episodes, a constant observation. */
  static final class Bandit implements VectorEnv {
    private final SplittableRandom[] random;

    Bandit(int copies, long seed) {
      random = new SplittableRandom[copies];
      for (int i = 0; i < copies; i++) {
        random[i] = new SplittableRandom(seed * 1000 + i);
      }
    }

    @Override
    public int count() {
      return random.length;
    }

    @Override
    public int observationSize() {
      return 1;
    }

    @Override
    public int actions() {
      return ARMS.length;
    }

    @Override
    public void reset(float[] observations) {
      Arrays.fill(observations, 1f);
    }

    @Override
    public void step(int[] actions, Step out) {
      for (int i = 0; i < count(); i++) {
        float r = random[i].nextDouble() < ARMS[actions[i]] ? 1f : 0f;
        out.rewards[i] = r;
        out.terminated[i] = true;
        out.truncated[i] = false;
        out.episodeReturns[i] = r;
        out.episodeLengths[i] = 1;
        out.observations[i] = 1f;
        out.finalObservations[i] = 1f;
      }
    }
  }

  private static final PpoSettings BANDIT =
      new PpoSettings(0.0, 0.95, 0.2, 4, 4, 8, 1e-2, 0.5, 0.0, true, 1);

  /** Trains two seeds for {@code updates} updates; returns every update's stats. */
  private static List<UpdateStats> train(long seed, int updates, double[][] bestArm) {
    try (NDManager manager = NDManager.newBaseManager();
        MlpPolicy policy =
            MlpPolicy.initialise(
                manager,
                1,
                ARMS.length,
                List.of(new int[] {8}),
                List.of(new long[] {seed, seed + 1}));
        PpoTrainer trainer =
            new PpoTrainer(manager, policy, new Bandit(2 * 16, seed), BANDIT, seed)) {
      List<UpdateStats> stats = new java.util.ArrayList<>();
      for (int u = 0; u < updates; u++) {
        stats.add(trainer.update());
      }
      if (bestArm != null) {
        try (NDManager tmp = manager.newSubManager()) {
          NDArray logits = policy.forward(tmp.create(new float[] {1f}, new Shape(1, 1))).logits();
          float[] p = logits.softmax(2).toFloatArray();
          bestArm[0] = new double[] {p[BEST], p[ARMS.length + BEST]};
        }
      }
      return stats;
    }
  }

  @Test
  void ppoOnABanditConvergesToTheBestArm() {
    double[][] best = new double[1][];
    List<UpdateStats> stats = train(7, 60, best);
    for (int m = 0; m < 2; m++) {
      assertTrue(best[0][m] > 0.9, "model " + m + " plays the best arm with p " + best[0][m]);
      double late = 0;
      for (UpdateStats s : stats.subList(50, 60)) {
        late += s.rewardPerStep()[m] / 10;
      }
      // the optimum is 0.8 per step; uniform play earns 0.45
      assertEquals(0.8, late, 0.07, "model " + m + " reward per step late in training");
    }
    UpdateStats last = stats.get(59);
    assertEquals(60L * 16 * 8, last.interactions());
    // one-step episodes: the episode return is the reward per step
    assertArrayEquals(last.rewardPerStep(), last.episodeReturn(), 1e-12);
    assertTrue(last.entropy()[0] < stats.get(0).entropy()[0], "entropy falls as it converges");
    assertTrue(stats.get(0).approxKl()[0] >= 0);
  }

  @Test
  void theSameSeedGivesTheSameRunAndAnotherSeedAnotherOne() {
    List<UpdateStats> a = train(11, 3, null);
    List<UpdateStats> b = train(11, 3, null);
    List<UpdateStats> c = train(12, 3, null);
    for (int u = 0; u < 3; u++) {
      assertArrayEquals(a.get(u).rewardPerStep(), b.get(u).rewardPerStep());
      assertArrayEquals(a.get(u).valueLoss(), b.get(u).valueLoss());
      assertArrayEquals(a.get(u).approxKl(), b.get(u).approxKl());
    }
    assertFalse(Arrays.equals(a.get(2).valueLoss(), c.get(2).valueLoss()));
  }

  @Test
  void copiesThatDoNotDivideAmongModelsAreRefused() {
    try (NDManager manager = NDManager.newBaseManager();
        MlpPolicy policy =
            MlpPolicy.initialise(
                manager, 1, ARMS.length, List.of(new int[] {4}), List.of(new long[] {1, 2}))) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new PpoTrainer(manager, policy, new Bandit(5, 1), BANDIT, 1));
      assertTrue(e.getMessage().contains("do not divide"), e.getMessage());
    }
  }
}
