package dev.traitlab.probes;

/**
 * How a supervised probe is trained: minibatch Adam on class-balanced binary cross-entropy over
 * token vectors, standardised per feature first (the standardisation is folded back into the
 * weights, so the trained probe reads raw activations).
 *
 * @param epochs passes over the token vectors
 * @param batchSize token vectors per step
 * @param learningRate Adam's step size
 * @param weightDecay AdamW's decoupled decay (Bailey et al. use 1e-5 for the MLP probe)
 */
public record ProbeTraining(int epochs, int batchSize, double learningRate, double weightDecay) {

  public ProbeTraining {
    if (epochs < 1) {
      throw new IllegalArgumentException("probe training needs at least 1 epoch, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("probe batch size must be >= 1, got " + batchSize);
    }
    if (!(learningRate > 0) || !(weightDecay >= 0)) {
      throw new IllegalArgumentException(
          "probe learning rate must be > 0 and weight decay >= 0, got "
              + learningRate
              + " and "
              + weightDecay);
    }
  }

  /** 20 epochs, batches of 64, Adam 1e-3, weight decay 1e-5: the MLP probe's settings. */
  public static ProbeTraining defaults() {
    return new ProbeTraining(20, 64, 1e-3, 1e-5);
  }
}
