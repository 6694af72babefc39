package dev.traitlab.probes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OneVsRestProbeTest {
  static final List<String> CLASSES = List.of("owl", "oak", "blue");

  /** Synthetic activations: class k is a unit Gaussian around 3 e_k in 16 dimensions. */
  static void sample(int n, long seed, List<float[]> x, List<String> y) {
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      int k = rng.nextInt(CLASSES.size());
      float[] v = new float[16];
      for (int d = 0; d < 16; d++) {
        v[d] = (float) rng.nextGaussian();
      }
      v[k] += 3;
      x.add(v);
      y.add(CLASSES.get(k));
    }
  }

  @Test
  void aProbeReadsTheClassOfSyntheticActivationsAndIsDeterministic() {
    List<float[]> x = new ArrayList<>();
    List<String> y = new ArrayList<>();
    sample(300, 1, x, y);
    List<float[]> tx = new ArrayList<>();
    List<String> ty = new ArrayList<>();
    sample(300, 2, tx, ty);
    ProbeTraining t = new ProbeTraining(30, 32, 1e-2, 1e-4);
    OneVsRestProbe p = OneVsRestProbe.fit(CLASSES, x, y, t, 7);
    int correct = 0;
    for (int i = 0; i < tx.size(); i++) {
      correct += p.predict(tx.get(i)).equals(ty.get(i)) ? 1 : 0;
    }
    // The Bayes accuracy of these clusters is about 0.93; a linear probe reaches it.
    assertTrue(correct / 300.0 > 0.85, "accuracy " + correct / 300.0);
    OneVsRestProbe q = OneVsRestProbe.fit(CLASSES, x, y, t, 7);
    for (int c = 0; c < CLASSES.size(); c++) {
      assertArrayEquals(p.probes().get(c).weights(), q.probes().get(c).weights());
      assertEquals(p.probes().get(c).bias(), q.probes().get(c).bias());
    }
  }

  @Test
  void badInputIsRefused() {
    ProbeTraining t = ProbeTraining.defaults();
    List<float[]> x = List.of(new float[] {1}, new float[] {2});
    assertThrows(
        IllegalArgumentException.class,
        () -> OneVsRestProbe.fit(CLASSES, x, List.of("owl", "cat"), t, 1));
    assertThrows(
        IllegalArgumentException.class, () -> OneVsRestProbe.fit(CLASSES, x, List.of("owl"), t, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> OneVsRestProbe.fit(CLASSES, x, List.of("owl", "oak"), t, 1));
  }
}
