package dev.traitlab.probes.attack;

/**
 * A token-suffix search's settings (greedy coordinate gradient, as GCG): suffix length, steps, the
 * top-k tokens per position by gradient, the candidate swaps evaluated per step, and the requests
 * per step.
 */
public record HardPromptSettings(int length, int steps, int topK, int candidates, int batchSize) {

  public HardPromptSettings {
    if (length < 1 || steps < 0 || topK < 1 || candidates < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "hard prompt needs length, top-k, candidates and batch >= 1 and steps >= 0");
    }
  }
}
