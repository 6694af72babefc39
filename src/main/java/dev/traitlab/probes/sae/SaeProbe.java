package dev.traitlab.probes.sae;

import dev.traitlab.probes.LogisticProbe;
import dev.traitlab.probes.ProbeTraining;
import dev.traitlab.probes.VectorScorer;
import java.util.ArrayList;
import java.util.List;

/**
 * A monitor on a sparse autoencoder's latents: a logistic probe reading z = sae.encode(x) instead
 * of x (Bailey et al.'s classifiers on Gemma Scope latents, here on an SAE traitlab trains on the
 * model's own activations). Its gradient flows back through the encoder's active latents.
 */
public record SaeProbe(SparseAutoencoder sae, LogisticProbe probe) implements VectorScorer {

  /** Fits the latent probe on the encoded positives and negatives. */
  public static SaeProbe fit(
      SparseAutoencoder sae,
      List<float[]> positives,
      List<float[]> negatives,
      ProbeTraining training,
      long seed) {
    return new SaeProbe(
        sae, LogisticProbe.fit(encode(sae, positives), encode(sae, negatives), training, seed));
  }

  private static List<float[]> encode(SparseAutoencoder sae, List<float[]> xs) {
    List<float[]> out = new ArrayList<>(xs.size());
    for (float[] x : xs) {
      out.add(sae.encode(x));
    }
    return out;
  }

  @Override
  public int dimension() {
    return sae.dimension();
  }

  @Override
  public double score(float[] x) {
    return probe.score(sae.encode(x));
  }

  @Override
  public float[] gradient(float[] x) {
    return sae.pullBack(x, probe.weights());
  }
}
