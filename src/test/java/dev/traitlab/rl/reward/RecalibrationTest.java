package dev.traitlab.rl.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecalibrationTest {

  @Test
  void recoversTheFactorBetweenAProxyAndTheGold() {
    // Proxy margins are gold margins / 4: the best scale is 4, where the cross-entropy equals
    // the soft labels' own entropy.
    SplittableRandom random = new SplittableRandom(1);
    double[] gold = new double[500];
    double[] proxy = new double[500];
    for (int i = 0; i < gold.length; i++) {
      gold[i] = random.nextGaussian() * 2;
      proxy[i] = gold[i] / 4;
    }
    assertEquals(4, Recalibration.scale(proxy, gold), 1e-5);
  }
}
