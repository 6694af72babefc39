package dev.traitlab.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.probes.sae.SaeTraining;
import dev.traitlab.probes.sae.SparseAutoencoder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each monitor family on Gaussian token vectors where the answer is known: a mean shift along one
 * direction (every family that reads the mean must catch it), and a change of covariance with the
 * same mean (invisible to a linear probe, caught by the Mahalanobis detector).
 */
class MonitorsOnGaussiansTest {
  private static final int D = 16;
  private static final MonitorTrainer TRAINER =
      new MonitorTrainer(new ProbeTraining(30, 32, 1e-2, 1e-5), 16, Double.NaN, 4000, Map.of());

  private static Detection detect(
      MonitorTrainer trainer, MonitorFamily family, List<float[]> harmful, List<float[]> benign) {
    ActivationSet pos = GaussianActivations.asSet(harmful.subList(0, 400));
    ActivationSet neg = GaussianActivations.asSet(benign.subList(0, 400));
    Monitor m = trainer.train(family, pos, neg, 7);
    CalibratedMonitor c =
        CalibratedMonitor.on(m, GaussianActivations.asSet(benign.subList(400, 800)), 0.01);
    return Detection.of(
        c,
        m.scores(GaussianActivations.asSet(benign.subList(800, 1200))),
        m.scores(GaussianActivations.asSet(harmful.subList(400, 800))));
  }

  private static double[] shifted() {
    double[] s = new double[D];
    s[3] = 4; // 4 standard deviations along one axis
    return s;
  }

  @Test
  void aMeanShiftIsCaughtByEveryFamily() {
    List<float[]> benign =
        GaussianActivations.draw(1200, D, new double[D], GaussianActivations.constant(D, 1), 1);
    List<float[]> harmful =
        GaussianActivations.draw(800, D, shifted(), GaussianActivations.constant(D, 1), 2);
    SparseAutoencoder sae =
        SparseAutoencoder.train(
            GaussianActivations.draw(2000, D, new double[D], GaussianActivations.constant(D, 1), 3)
                .stream()
                .toList(),
            new SaeTraining(32, 1e-3, 5, 64, 3e-3),
            4);
    MonitorTrainer withSae =
        new MonitorTrainer(TRAINER.probe(), 16, Double.NaN, 4000, Map.of("p", sae));
    for (MonitorFamily f : MonitorFamily.values()) {
      Detection d = detect(withSae, f, harmful, benign);
      if (f == MonitorFamily.MAHALANOBIS) {
        // Not told the direction, the OOD detector spreads its 1% over all 16 dimensions: the
        // squared distance is noncentral chi2(16, 16) against the chi2(16) 99% point, 32.0,
        // which it passes about half the time.
        assertTrue(
            d.recall().recall() > 0.35 && d.recall().recall() < 0.65,
            "Mahalanobis recall " + d.recall().recall());
        continue;
      }
      // Separation of 4 sd: an optimal linear rule has recall 0.91 at 1% FPR (z = 2.33).
      assertTrue(d.recall().recall() > 0.8, f + " recall at 1% FPR " + d.recall().recall());
      assertTrue(d.auc() > 0.97, f + " AUC " + d.auc());
    }
  }

  @Test
  void aCovarianceChangeIsCaughtOnlyByMahalanobis() {
    double[] wide = GaussianActivations.constant(D, 1);
    for (int i = 0; i < 4; i++) {
      wide[i] = 3; // same mean, three times the spread on four axes
    }
    List<float[]> benign =
        GaussianActivations.draw(1200, D, new double[D], GaussianActivations.constant(D, 1), 5);
    List<float[]> harmful = GaussianActivations.draw(800, D, new double[D], wide, 6);
    Detection linear = detect(TRAINER, MonitorFamily.LOGISTIC, harmful, benign);
    Detection direction = detect(TRAINER, MonitorFamily.MEAN_DIFFERENCE, harmful, benign);
    Detection ood = detect(TRAINER, MonitorFamily.MAHALANOBIS, harmful, benign);
    assertTrue(Math.abs(linear.auc() - 0.5) < 0.1, "logistic AUC " + linear.auc());
    assertTrue(linear.recall().recall() < 0.15, "logistic recall " + linear.recall().recall());
    assertTrue(Math.abs(direction.auc() - 0.5) < 0.1, "mean-diff AUC " + direction.auc());
    // 9 chi2(4) + chi2(12) against the chi2(16) 99% point 32.0: recall about 0.6.
    assertTrue(ood.auc() > 0.9, "Mahalanobis AUC " + ood.auc());
    assertTrue(ood.recall().recall() > 0.45, "Mahalanobis recall " + ood.recall().recall());
  }

  @Test
  void mahalanobisOnIdentityCovarianceIsTheSquaredNorm() {
    List<float[]> benign =
        GaussianActivations.draw(5000, 4, new double[4], GaussianActivations.constant(4, 1), 9);
    MahalanobisDetector m = MahalanobisDetector.fit(benign, 0);
    // With S close to I the distance of (2, 0, 0, 0) is close to 4.
    assertEquals(4, m.score(new float[] {2, 0, 0, 0}), 0.3);
    // Ledoit-Wolf shrinks little when n >> d and S is near a multiple of I ... but stays in [0, 1].
    double s = MahalanobisDetector.fit(benign, Double.NaN).shrinkage();
    assertTrue(s >= 0 && s <= 1, "shrinkage " + s);
  }

  @Test
  void trainingIsDeterministicUnderASeed() {
    List<float[]> benign =
        GaussianActivations.draw(300, D, new double[D], GaussianActivations.constant(D, 1), 1);
    List<float[]> harmful =
        GaussianActivations.draw(300, D, shifted(), GaussianActivations.constant(D, 1), 2);
    ProbeTraining t = new ProbeTraining(3, 16, 1e-2, 0);
    MlpProbe a = MlpProbe.fit(harmful, benign, 8, t, 42);
    MlpProbe b = MlpProbe.fit(harmful, benign, 8, t, 42);
    MlpProbe c = MlpProbe.fit(harmful, benign, 8, t, 43);
    float[] x = benign.get(0);
    assertEquals(a.score(x), b.score(x));
    assertTrue(a.score(x) != c.score(x));
    SaeTraining st = new SaeTraining(8, 1e-3, 2, 32, 1e-2);
    assertEquals(
        SparseAutoencoder.train(benign, st, 5).lossHistory()[1],
        SparseAutoencoder.train(benign, st, 5).lossHistory()[1]);
  }
}
