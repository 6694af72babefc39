package dev.traitlab.lowprob;

import java.util.SplittableRandom;

/**
 * Naive sampling: draw inputs from the distribution, run the model, and report the fraction whose
 * argmax is the target. Unbiased, but with n samples it returns 0 for nearly every probability
 * below 1/n, which is the problem low-probability estimation is about.
 */
public final class NaiveSampling {
  private NaiveSampling() {}

  /**
   * The fraction of {@code samples} inputs whose argmax is each target. One set of draws serves
   * every target: each estimate alone is naive sampling at that budget.
   *
   * @param batch rows per model call
   */
  public static double[] estimate(
      ArgmaxModel model, InputDistribution dist, int[] targets, int samples, int batch, long seed) {
    if (samples < 1 || batch < 1) {
      throw new IllegalArgumentException("naive sampling needs samples and batch >= 1");
    }
    long[] counts = new long[model.vocabSize()];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int done = 0; done < samples; done += batch) {
      int n = Math.min(batch, samples - done);
      for (int a : model.evaluate(dist.sample(n, rng), null, false, false).argmax()) {
        counts[a]++;
      }
    }
    double[] out = new double[targets.length];
    for (int i = 0; i < targets.length; i++) {
      out[i] = counts[targets[i]] / (double) samples;
    }
    return out;
  }
}
