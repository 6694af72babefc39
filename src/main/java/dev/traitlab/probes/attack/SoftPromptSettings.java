package dev.traitlab.probes.attack;

/**
 * An embedding-suffix attack's settings: k suffix vectors, Adam steps and learning rate, the
 * requests per step (a seeded minibatch of the training requests), and the largest norm a suffix
 * vector may take (each is projected back onto that ball after every step; 0: unbounded). Bounding
 * the vectors by the largest token embedding's norm keeps the suffix in the range of real inputs:
 * unbounded vectors grow until they swamp the residual stream, and every monitor then fails for a
 * reason that has nothing to do with obfuscation.
 */
public record SoftPromptSettings(
    int length, int steps, double learningRate, int batchSize, double maxNorm) {

  public SoftPromptSettings {
    if (length < 1 || steps < 0 || batchSize < 1) {
      throw new IllegalArgumentException(
          "soft prompt needs length >= 1, steps >= 0 and batch >= 1, got "
              + length
              + ", "
              + steps
              + ", "
              + batchSize);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("soft prompt learning rate must be > 0");
    }
    if (!(maxNorm >= 0)) {
      throw new IllegalArgumentException("soft prompt max norm must be >= 0, got " + maxNorm);
    }
  }
}
