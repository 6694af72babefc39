package dev.traitlab.probes.sae;

/**
 * How a sparse autoencoder is trained: latents (the dictionary size), the L1 coefficient on latent
 * activations, epochs, batch size and Adam's learning rate.
 */
public record SaeTraining(int latents, double l1, int epochs, int batchSize, double learningRate) {

  public SaeTraining {
    if (latents < 1 || epochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "SAE latents, epochs and batch size must be >= 1, got "
              + latents
              + ", "
              + epochs
              + ", "
              + batchSize);
    }
    if (!(l1 >= 0) || !(learningRate > 0)) {
      throw new IllegalArgumentException(
          "SAE l1 must be >= 0 and learning rate > 0, got " + l1 + " and " + learningRate);
    }
  }
}
