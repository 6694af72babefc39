package dev.traitlab.probes.attack;

/**
 * An embedding-suffix attack's settings: k suffix vectors, Adam steps and learning rate, and the
 * requests per step (a seeded minibatch of the training requests).
 */
public record SoftPromptSettings(int length, int steps, double learningRate, int batchSize) {

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
  }
}
