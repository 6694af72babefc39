package dev.traitlab.probes.sae;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The SAE learns: reconstruction error falls with training, and its latents are sparse. */
class SparseAutoencoderTest {

  /** Vectors that are sparse sums of 3 of 24 fixed directions in 12 dimensions. */
  private static List<float[]> sparseMixtures(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    SplittableRandom dirs = new SplittableRandom(1);
    float[][] atoms = new float[24][12];
    for (float[] a : atoms) {
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) dirs.nextGaussian();
      }
    }
    List<float[]> out = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      float[] x = new float[12];
      for (int j = 0; j < 3; j++) {
        float[] a = atoms[rng.nextInt(atoms.length)];
        double c = 1 + rng.nextDouble();
        for (int i = 0; i < x.length; i++) {
          x[i] += (float) (c * a[i]);
        }
      }
      out.add(x);
    }
    return out;
  }

  @Test
  void reconstructionFallsWithTraining() {
    List<float[]> xs = sparseMixtures(2000, 2);
    SparseAutoencoder sae = SparseAutoencoder.train(xs, new SaeTraining(48, 1e-3, 8, 64, 3e-3), 3);
    double[] r = sae.reconstructionHistory();
    assertTrue(
        r[r.length - 1] < 0.5 * r[0], "reconstruction error " + r[0] + " -> " + r[r.length - 1]);
    for (int i = 1; i < r.length; i++) {
      assertTrue(r[i] <= r[i - 1] * 1.05, "epoch " + i + ": " + r[i - 1] + " -> " + r[i]);
    }
    // Reconstruction in input units is close; fewer than half the latents fire.
    float[] x = xs.get(0);
    float[] y = sae.reconstruct(x);
    double err = 0;
    double norm = 0;
    for (int i = 0; i < x.length; i++) {
      err += (x[i] - y[i]) * (x[i] - y[i]);
      norm += x[i] * x[i];
    }
    assertTrue(err < 0.3 * norm, "relative error " + err / norm);
    assertTrue(sae.activeFraction(x) < 0.5, "active fraction " + sae.activeFraction(x));
  }
}
