package dev.traitlab.lowprob;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The distribution of one input position: token ids with their probabilities (summing to 1 within
 * 1e-9). A single token is a constant position.
 *
 * @param tokens distinct token ids, at least one
 * @param probabilities their probabilities, each > 0
 */
public record TokenDistribution(int[] tokens, double[] probabilities) {

  public TokenDistribution {
    if (tokens.length == 0) {
      throw new IllegalArgumentException("a token distribution needs at least one token");
    }
    if (tokens.length != probabilities.length) {
      throw new IllegalArgumentException(
          tokens.length + " tokens but " + probabilities.length + " probabilities");
    }
    double sum = 0;
    for (double p : probabilities) {
      if (!(p > 0) || Double.isInfinite(p)) {
        throw new IllegalArgumentException("token probabilities must be > 0, got " + p);
      }
      sum += p;
    }
    if (Math.abs(sum - 1) > 1e-9) {
      throw new IllegalArgumentException("token probabilities sum to " + sum + ", not 1");
    }
    if (Arrays.stream(tokens).distinct().count() != tokens.length) {
      throw new IllegalArgumentException("token ids repeat: " + Arrays.toString(tokens));
    }
    tokens = tokens.clone();
    probabilities = probabilities.clone();
  }

  /** One token with probability 1. */
  public static TokenDistribution constant(int token) {
    return new TokenDistribution(new int[] {token}, new double[] {1});
  }

  /** The tokens with probabilities proportional to {@code weights} (each > 0). */
  public static TokenDistribution weighted(int[] tokens, double[] weights) {
    double sum = Arrays.stream(weights).sum();
    return new TokenDistribution(tokens, Arrays.stream(weights).map(w -> w / sum).toArray());
  }

  public int size() {
    return tokens.length;
  }

  /** Index (into {@link #tokens}) of a draw. */
  public int sampleIndex(SplittableRandom rng) {
    return drawIndex(probabilities, rng);
  }

  /** Index of a draw from unnormalised non-negative weights (inverse CDF). */
  static int drawIndex(double[] weights, SplittableRandom rng) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = rng.nextDouble() * total;
    double acc = 0;
    for (int i = 0; i < weights.length; i++) {
      acc += weights[i];
      if (u < acc) {
        return i;
      }
    }
    // Rounding can leave u at the very top: the last token of positive weight.
    for (int i = weights.length - 1; i >= 0; i--) {
      if (weights[i] > 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("all weights are zero");
  }

  /** Index of {@code token} in {@link #tokens}, or -1. */
  public int indexOf(int token) {
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] == token) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenDistribution d
        && Arrays.equals(tokens, d.tokens)
        && Arrays.equals(probabilities, d.probabilities);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(tokens) + Arrays.hashCode(probabilities);
  }

  @Override
  public String toString() {
    return "TokenDistribution" + Arrays.toString(tokens);
  }
}
