package dev.traitlab.nn.train;

/**
 * DPO's settings: beta (the strength of the implicit KL penalty to the reference; TRL's default
 * 0.1) and the optimisation settings shared with every fine-tune (epochs, batch size in pairs,
 * AdamW learning rate, warm-up, weight decay, clipping, seed, maximum length, LoRA or full).
 */
public record DpoSettings(double beta, TrainingSettings training) {
  public DpoSettings {
    DpoLoss.checkBeta(beta);
    if (training == null) {
      throw new IllegalArgumentException("DPO needs training settings");
    }
  }

  /** TRL's default beta (0.1) with the given training settings. */
  public static DpoSettings of(TrainingSettings training) {
    return new DpoSettings(DpoLoss.DEFAULT_BETA, training);
  }
}
