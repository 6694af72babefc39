package dev.traitlab.experiments.emergentmisalignment;

/**
 * The misaligned rate of one arm's fine-tunes after {@code step} of {@code totalSteps} optimiser
 * steps (the last step is the finished model), by the judge and by the oracle, over the seeds.
 */
public record CheckpointRate(String arm, int step, int totalSteps, ArmRate judge, ArmRate oracle) {
  /** The share of the fine-tune done, step / totalSteps. */
  public double fraction() {
    return (double) step / totalSteps;
  }
}
