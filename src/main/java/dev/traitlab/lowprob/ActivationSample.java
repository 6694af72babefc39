package dev.traitlab.lowprob;

import java.util.SplittableRandom;

/**
 * Activations before the unembedding at the last position, for inputs drawn from a distribution:
 * what the activation-extrapolation methods ({@link Qld}, {@link Gld}) fit.
 *
 * @param hidden [n][hiddenSize]
 * @param argmax each input's argmax token
 */
public record ActivationSample(float[][] hidden, int[] argmax) {

  /** {@code n} draws, {@code batch} rows per model call. */
  public static ActivationSample draw(
      ArgmaxModel model, InputDistribution dist, int n, int batch, long seed) {
    if (n < 2 || batch < 1) {
      throw new IllegalArgumentException("activation sample needs n >= 2 and batch >= 1");
    }
    float[][] hidden = new float[n][];
    int[] argmax = new int[n];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int done = 0; done < n; ) {
      int m = Math.min(batch, n - done);
      ArgmaxModel.Evaluation e = model.evaluate(dist.sample(m, rng), null, true, false);
      System.arraycopy(e.hidden(), 0, hidden, done, m);
      System.arraycopy(e.argmax(), 0, argmax, done, m);
      done += m;
    }
    return new ActivationSample(hidden, argmax);
  }

  public int size() {
    return hidden.length;
  }
}
