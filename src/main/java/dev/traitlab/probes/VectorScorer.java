package dev.traitlab.probes;

/**
 * A differentiable score of one activation vector (one token at one point): higher means "more like
 * the concept the monitor looks for" (harmful, out of distribution). The gradient is what an
 * attacker backpropagates through the model to make activations look benign.
 */
public interface VectorScorer {

  /** The length of the vectors this scorer reads. */
  int dimension();

  /** The score of {@code x} (length {@link #dimension()}). */
  double score(float[] x);

  /** d score / d x at {@code x}, length {@link #dimension()}. */
  float[] gradient(float[] x);

  /** Checks a vector's length against the scorer's, naming the scorer. */
  static void checkLength(VectorScorer scorer, float[] x) {
    if (x.length != scorer.dimension()) {
      throw new IllegalArgumentException(
          scorer.getClass().getSimpleName()
              + " reads vectors of "
              + scorer.dimension()
              + " values, got "
              + x.length);
    }
  }
}
