package dev.traitlab.experiments.scalingevals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.data.toyworld.ScalingBenchmarks.JudgeLabel;
import dev.traitlab.eval.task.MetricValue;
import dev.traitlab.probes.ProbeTraining;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProbeJudgeTest {

  /**
   * A separable toy set: feature 0 says true (+1) or false (-1), feature 1 informative or not,
   * feature 2 noise; questions "mN" are misconceptions.
   */
  private static void toy(List<float[]> x, List<JudgeLabel> y, int n, long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      boolean t = r.nextInt(4) == 0;
      boolean info = r.nextInt(5) != 0;
      x.add(
          new float[] {
            (t ? 1f : -1f) + 0.2f * (float) r.nextGaussian(),
            (info ? 1f : -1f) + 0.2f * (float) r.nextGaussian(),
            (float) r.nextGaussian()
          });
      y.add(new JudgeLabel((i % 2 == 0 ? "m" : "c") + i, "a" + i, t, info));
    }
  }

  @Test
  void learnsASeparableSetAndAgreesOnHeldOutOnes() {
    List<float[]> x = new ArrayList<>();
    List<JudgeLabel> y = new ArrayList<>();
    toy(x, y, 200, 1);
    List<float[]> tx = new ArrayList<>();
    List<JudgeLabel> ty = new ArrayList<>();
    toy(tx, ty, 100, 2);
    ProbeJudge j = ProbeJudge.fit("p", x, y, new ProbeTraining(60, 16, 1e-2, 0), 7);
    List<MetricValue> held = j.agreement(tx, ty, q -> q.startsWith("m"));
    assertEquals(8, held.size());
    for (MetricValue m : held) {
      assertEquals(1.0, m.value(), 1e-12, m.name());
      assertTrue(m.n() > 0, m.name());
    }
    // split counts: misconception answers (even i) and control ones add up to the held-out set
    assertEquals(100, held.get(0).n() + held.get(3).n() + held.get(6).n());
    assertEquals(held.get(0).n(), held.get(1).n() + held.get(2).n());
    assertTrue(j.pTrue(new float[] {1, 0, 0}) > 0.5 && j.pTrue(new float[] {-1, 0, 0}) < 0.5);
    assertTrue(j.pInfo(new float[] {0, 1, 0}) > 0.5 && j.pInfo(new float[] {0, -1, 0}) < 0.5);
  }

  @Test
  void isDeterministicUnderASeed() {
    List<float[]> x = new ArrayList<>();
    List<JudgeLabel> y = new ArrayList<>();
    toy(x, y, 80, 3);
    ProbeTraining t = new ProbeTraining(5, 8, 1e-2, 0);
    ProbeJudge a = ProbeJudge.fit("p", x, y, t, 11);
    ProbeJudge b = ProbeJudge.fit("p", x, y, t, 11);
    assertArrayEquals(a.truth().weights(), b.truth().weights());
    assertArrayEquals(a.info().weights(), b.info().weights());
    assertEquals(a.truth().bias(), b.truth().bias());
  }

  @Test
  void rejectsMismatchedOrOneClassInput() {
    List<float[]> x = new ArrayList<>();
    List<JudgeLabel> y = new ArrayList<>();
    toy(x, y, 10, 4);
    ProbeTraining t = new ProbeTraining(1, 4, 1e-2, 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ProbeJudge.fit("p", x.subList(0, 9), y, t, 1));
    assertTrue(e.getMessage().contains("9 feature vectors for 10 labels"), e.getMessage());
    List<JudgeLabel> allTrue =
        y.stream().map(l -> new JudgeLabel(l.question(), l.answer(), true, true)).toList();
    e = assertThrows(IllegalArgumentException.class, () -> ProbeJudge.fit("p", x, allTrue, t, 1));
    assertTrue(e.getMessage().contains("positives and negatives"), e.getMessage());
  }
}
