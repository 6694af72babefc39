package dev.traitlab.lowprob;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A formally specified input distribution: each position's token drawn independently from its own
 * {@link TokenDistribution} (constant positions have one token), as the eight distributions of Wu
 * and Hilton (2024).
 *
 * @param name a short name for reports
 * @param positions the distribution of each position, in order (at least one)
 */
public record InputDistribution(String name, List<TokenDistribution> positions) {

  public InputDistribution {
    if (positions.isEmpty()) {
      throw new IllegalArgumentException("input distribution " + name + " has no positions");
    }
    positions = List.copyOf(positions);
  }

  public int length() {
    return positions.size();
  }

  public TokenDistribution at(int position) {
    return positions.get(position);
  }

  /** Number of distinct inputs (the product of the positions' sizes), as a double. */
  public double supportSize() {
    double n = 1;
    for (TokenDistribution p : positions) {
      n *= p.size();
    }
    return n;
  }

  /** Positions with more than one token: where the input varies. */
  public int[] varyingPositions() {
    return java.util.stream.IntStream.range(0, positions.size())
        .filter(i -> positions.get(i).size() > 1)
        .toArray();
  }

  /** {@code n} independent inputs, [n][length]. */
  public int[][] sample(int n, SplittableRandom rng) {
    int[][] out = new int[n][length()];
    for (int r = 0; r < n; r++) {
      for (int p = 0; p < length(); p++) {
        TokenDistribution d = positions.get(p);
        out[r][p] = d.tokens()[d.size() == 1 ? 0 : d.sampleIndex(rng)];
      }
    }
    return out;
  }
}
