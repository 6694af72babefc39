package dev.traitlab.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.traitlab.probes.sae.SaeProbe;
import dev.traitlab.probes.sae.SaeTraining;
import dev.traitlab.probes.sae.SparseAutoencoder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every scorer's analytic gradient against central finite differences. */
class ScorerGradientsTest {
  private static final int D = 6;

  private static void checkGradient(VectorScorer s, float[] x) {
    float[] g = s.gradient(x);
    for (int i = 0; i < D; i++) {
      float[] up = x.clone();
      float[] down = x.clone();
      double h = 1e-2;
      up[i] += (float) h;
      down[i] -= (float) h;
      double fd = (s.score(up) - s.score(down)) / (2 * h);
      assertEquals(
          fd, g[i], 2e-3 + 2e-3 * Math.abs(fd), s.getClass().getSimpleName() + " dim " + i);
    }
  }

  @Test
  void analyticGradientsMatchFiniteDifferences() {
    double[] shift = new double[D];
    shift[0] = 2;
    List<float[]> neg =
        GaussianActivations.draw(200, D, new double[D], GaussianActivations.constant(D, 1), 1);
    List<float[]> pos =
        GaussianActivations.draw(200, D, shift, GaussianActivations.constant(D, 1), 2);
    ProbeTraining t = new ProbeTraining(3, 16, 1e-2, 0);
    SparseAutoencoder sae = SparseAutoencoder.train(neg, new SaeTraining(12, 1e-3, 3, 16, 1e-2), 3);
    float[] x = {0.3f, -1.2f, 0.7f, 0.1f, -0.4f, 1.5f};
    for (VectorScorer s :
        List.of(
            MeanDifferenceProbe.fit(pos, neg),
            LogisticProbe.fit(pos, neg, t, 1),
            MlpProbe.fit(pos, neg, 8, t, 1),
            MahalanobisDetector.fit(neg, 0.1),
            SaeProbe.fit(sae, pos, neg, t, 1))) {
      checkGradient(s, x);
    }
  }

  @Test
  void aMonitorAveragesOverPointsAndTokens() {
    VectorScorer first = new LogisticProbe(new float[] {1, 0}, 0);
    VectorScorer second = new LogisticProbe(new float[] {0, 2}, 1);
    Monitor m = new Monitor("test", List.of("a", "b"), List.of(first, second));
    float[][][] acts = {{{1, 5}, {3, 5}}, {{0, 1}}};
    // point a: mean(1, 3) = 2; point b: 2 * 1 + 1 = 3; mean over points 2.5
    assertEquals(2.5, m.score(acts), 1e-9);
    float[][][] g = m.gradient(acts);
    assertEquals(0.25, g[0][0][0], 1e-7); // 1 / (2 points * 2 tokens)
    assertEquals(1.0, g[1][0][1], 1e-7); // 2 / (2 points * 1 token)
  }
}
