package dev.traitlab.experiments.subliminalmlp;

import dev.traitlab.lab.Param;
import dev.traitlab.lab.Seeded;

/**
 * The MLP experiment of the subliminal-learning paper. Defaults are the paper's: MLP
 * 784-256-256-(10+m) with m = 3, Adam lr 3e-4, batch 1024, 5 epochs, 60,000 noise inputs.
 *
 * @param seeds how many seeds (independent teacher/student sets)
 * @param seed the first seed; seed i is {@code seed + i}
 * @param epochs epochs of teacher training and of each student's distillation
 * @param auxLogits m, the auxiliary logits the aux-only students are distilled on
 * @param hidden width of both hidden layers
 * @param noiseSamples uniform-noise inputs in [-1, 1] the students are distilled on
 * @param dataDir MNIST-format IDX directory
 */
public record SubliminalMlpConfig(
    @Param(Seeded.SEEDS_HELP_INTERVALS_OVER_SEEDS) int seeds,
    @Param(Seeded.SEED_HELP) long seed,
    @Param("Epochs for the teacher and each student.") int epochs,
    @Param(
            value = "Auxiliary logits m.",
            names = {"-m", "--aux-logits"})
        int auxLogits,
    @Param("Width of both hidden layers.") int hidden,
    @Param(value = "Batch size.", names = "--batch") int batchSize,
    @Param(value = "Adam learning rate.", names = "--lr") double learningRate,
    @Param("Noise inputs the students are distilled on.") int noiseSamples,
    @Param(value = "MNIST-format IDX directory, gzipped or not.", names = "--data", label = "DIR")
        String dataDir)
    implements Seeded {

  public static final String DEFAULT_DATA = "/usr/share/datasets/fashion-mnist";

  public SubliminalMlpConfig {
    positive("seeds", seeds);
    positive("epochs", epochs);
    positive("aux-logits", auxLogits);
    positive("hidden", hidden);
    positive("batch", batchSize);
    positive("noise-samples", noiseSamples);
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("--lr must be > 0, got " + learningRate);
    }
  }

  public static SubliminalMlpConfig defaults() {
    return new SubliminalMlpConfig(3, 0, 5, 3, 256, 1024, 3e-4, 60_000, DEFAULT_DATA);
  }

  private static void positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException("--" + name + " must be >= 1, got " + value);
    }
  }
}
