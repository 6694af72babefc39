package dev.traitlab.probes;

import java.util.ArrayList;
import java.util.List;

/**
 * A linear probe over several classes: one {@link LogisticProbe} per class against all the others,
 * predicting the class whose probe scores highest. The white-box baseline of the activation-oracle
 * experiment (a supervised linear readout of the same activations the oracle reads).
 *
 * @param classes the class labels, in the order of their probes
 * @param probes one logistic probe per class
 */
public record OneVsRestProbe(List<String> classes, List<LogisticProbe> probes) {

  public OneVsRestProbe {
    classes = List.copyOf(classes);
    probes = List.copyOf(probes);
    if (classes.size() != probes.size()) {
      throw new IllegalArgumentException(
          classes.size() + " classes but " + probes.size() + " probes");
    }
  }

  /**
   * Trains on vectors with labels (same length lists; every label must be one of {@code classes},
   * and every class needs at least one vector, as must its complement). Deterministic for a seed.
   *
   * @throws IllegalArgumentException for mismatched lists, an unknown label or an empty class
   */
  public static OneVsRestProbe fit(
      List<String> classes,
      List<float[]> vectors,
      List<String> labels,
      ProbeTraining training,
      long seed) {
    if (vectors.size() != labels.size()) {
      throw new IllegalArgumentException(
          vectors.size() + " vectors but " + labels.size() + " labels");
    }
    if (classes.size() < 2) {
      throw new IllegalArgumentException("a probe needs at least 2 classes, got " + classes);
    }
    for (String l : labels) {
      if (!classes.contains(l)) {
        throw new IllegalArgumentException("label '" + l + "' is not one of " + classes);
      }
    }
    List<LogisticProbe> probes = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      List<float[]> pos = new ArrayList<>();
      List<float[]> neg = new ArrayList<>();
      for (int i = 0; i < vectors.size(); i++) {
        (labels.get(i).equals(classes.get(c)) ? pos : neg).add(vectors.get(i));
      }
      if (pos.isEmpty()) {
        throw new IllegalArgumentException("class '" + classes.get(c) + "' has no vectors");
      }
      probes.add(LogisticProbe.fit(pos, neg, training, seed + c));
    }
    return new OneVsRestProbe(classes, probes);
  }

  /** The class whose probe gives {@code x} the highest logit. */
  public String predict(float[] x) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < probes.size(); c++) {
      double s = probes.get(c).score(x);
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    return classes.get(best);
  }
}
