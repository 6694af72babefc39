package dev.traitlab.probes;

import dev.traitlab.core.Seeds;
import dev.traitlab.probes.sae.SaeProbe;
import dev.traitlab.probes.sae.SparseAutoencoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link Monitor} of any family on token vectors: each point gets its own scorer, trained
 * on the monitored tokens of harmful (positive) and benign (negative) inputs, at most {@code
 * maxTokens} of each class per point (a seeded sample).
 *
 * @param probe the supervised probes' training
 * @param mlpHidden the MLP probe's hidden units (64 in Bailey et al.)
 * @param shrinkage the Mahalanobis detector's shrinkage, NaN for Ledoit-Wolf
 * @param maxTokens token vectors per class and point at most
 * @param saes the sparse autoencoders of the SAE family, by point (the family monitors only these)
 */
public record MonitorTrainer(
    ProbeTraining probe,
    int mlpHidden,
    double shrinkage,
    int maxTokens,
    Map<String, SparseAutoencoder> saes) {

  public MonitorTrainer {
    if (maxTokens < 2) {
      throw new IllegalArgumentException("maxTokens must be >= 2, got " + maxTokens);
    }
    saes = saes == null ? Map.of() : Map.copyOf(saes);
  }

  /**
   * A monitor of {@code family} at every point of the sets ({@link MonitorFamily#SAE}: at the
   * points with an SAE). {@code harmful} may be null for the benign-only family.
   */
  public Monitor train(
      MonitorFamily family, ActivationSet harmful, ActivationSet benign, long seed) {
    if (family.supervised() && (harmful == null || harmful.size() == 0)) {
      throw new IllegalArgumentException(family.label() + " monitor needs harmful examples");
    }
    List<String> points = new ArrayList<>();
    List<VectorScorer> scorers = new ArrayList<>();
    for (int p = 0; p < benign.points().size(); p++) {
      String point = benign.points().get(p);
      if (family == MonitorFamily.SAE && !saes.containsKey(point)) {
        continue;
      }
      long s = Seeds.derive(seed, "monitor", family.ordinal(), p);
      List<float[]> neg = sample(benign.tokens(p), Seeds.derive(s, "negatives"));
      List<float[]> pos =
          family.supervised() ? sample(harmful.tokens(p), Seeds.derive(s, "positives")) : null;
      points.add(point);
      scorers.add(
          switch (family) {
            case MEAN_DIFFERENCE -> MeanDifferenceProbe.fit(pos, neg);
            case LOGISTIC -> LogisticProbe.fit(pos, neg, probe, s);
            case MLP -> MlpProbe.fit(pos, neg, mlpHidden, probe, s);
            case MAHALANOBIS -> MahalanobisDetector.fit(neg, shrinkage);
            case SAE -> SaeProbe.fit(saes.get(point), pos, neg, probe, s);
          });
    }
    if (points.isEmpty()) {
      throw new IllegalArgumentException(
          "the SAE monitor has no SAE at any of the points " + benign.points());
    }
    return new Monitor(family.label(), points, scorers);
  }

  /** At most maxTokens of the vectors, a seeded sample without replacement. */
  private List<float[]> sample(List<float[]> xs, long seed) {
    if (xs.size() <= maxTokens) {
      return xs;
    }
    int[] order = Seeds.permutation(seed, xs.size());
    List<float[]> out = new ArrayList<>(maxTokens);
    for (int i = 0; i < maxTokens; i++) {
      out.add(xs.get(order[i]));
    }
    return out;
  }
}
