package dev.traitlab.experiments.rlscaling;

import static dev.traitlab.lab.ConfigValues.atLeast;
import static dev.traitlab.lab.ConfigValues.distinct;
import static dev.traitlab.lab.ConfigValues.integers;
import static dev.traitlab.lab.ConfigValues.positive;

import dev.traitlab.lab.Param;
import dev.traitlab.lab.Seeded;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * The RL scaling-law sweep (Hilton, Tang and Schulman 2023): MLP policies of several widths, each
 * over several seeds, trained with PPO on the MNIST-based environment at several horizons. The
 * defaults are a small sweep that shows the shape in a few minutes on 2 cores; README gives a
 * larger one.
 *
 * @param seeds runs per width (the bootstrap resamples them)
 * @param seed the first seed; seed i is seed + i
 * @param widths hidden widths of the policies (every hidden layer), one model size each; kept in
 *     ascending order, duplicates refused
 * @param depth hidden layers per policy
 * @param horizons horizon lengths h; the discount rate is 1 - 1/h (h = 1: gamma = 0); kept in
 *     ascending order (the shortest is the reference the others are compared with), duplicates
 *     refused
 * @param interactions environment steps per run
 * @param envs environment copies per run
 * @param steps rollout length per copy and update
 * @param epochs PPO epochs per rollout
 * @param minibatches PPO minibatches per epoch
 * @param learningRate Adam step size of a policy of width {@link #LR_REFERENCE_WIDTH}
 * @param lrExponent width w trains with learningRate (16 / w)^lrExponent (0: one rate for all; 0.5:
 *     the 1/sqrt(width) rule, so wide policies take no larger function-space steps)
 * @param lambda GAE lambda
 * @param entropy entropy bonus coefficient
 * @param pool average-pooling factor of the images (2: 28 x 28 becomes 14 x 14); one that does not
 *     divide the side of the images at dataDir is refused
 * @param evalImages held-out test images on which each run's return is measured (the first ones of
 *     the test split; more than it holds is refused)
 * @param evaluations how many times each run is measured (log-spaced in its updates)
 * @param resamples bootstrap resamples of the seeds
 * @param dataDir MNIST-format IDX directory
 */
public record RlScalingConfig(
    @Param(Seeded.SEEDS_HELP) int seeds,
    @Param(Seeded.SEED_HELP) long seed,
    @Param(
            value = "Hidden widths of the policy MLPs, one model size each (any order: sorted).",
            label = "W,W,...")
        List<String> widths,
    @Param(value = "Hidden layers per policy.", label = "L") int depth,
    @Param(
            value =
                "Horizon lengths h (discount rate 1 - 1/h; sorted, the shortest the reference).",
            label = "H,H,...")
        List<String> horizons,
    @Param(value = "Environment interactions per run.", label = "E") long interactions,
    @Param(value = "Environment copies per run.", label = "K") int envs,
    @Param(value = "Rollout steps per copy and update.", label = "T") int steps,
    @Param(value = "PPO epochs per rollout.", label = "N") int epochs,
    @Param(value = "PPO minibatches per epoch.", label = "N") int minibatches,
    @Param(value = "Adam learning rate of a width-16 policy.", names = "--lr") double learningRate,
    @Param(
            value = "Width w trains with LR x (16 / w)^P (0: one rate for every width).",
            names = "--lr-exponent",
            label = "P")
        double lrExponent,
    @Param(value = "GAE lambda.", names = "--gae-lambda", label = "L") double lambda,
    @Param(value = "Entropy bonus coefficient.", label = "C") double entropy,
    @Param(
            value =
                "Average-pool the images by this factor, a divisor of their side (1: full 28 x 28).",
            label = "F")
        int pool,
    @Param(
            value =
                "Held-out images each return is measured on (at most the test split's: 10,000 for Fashion-MNIST).",
            label = "N")
        int evalImages,
    @Param(value = "Measurements per run, log-spaced in its updates.", label = "N") int evaluations,
    @Param(value = "Bootstrap resamples of the seeds.", label = "B") int resamples,
    @Param(value = "MNIST-format IDX directory, gzipped or not.", names = "--data", label = "DIR")
        String dataDir)
    implements Seeded {

  public static final String DEFAULT_DATA = "/usr/share/datasets/fashion-mnist";

  /** The width whose learning rate is --lr; others scale by (this / width)^--lr-exponent. */
  public static final int LR_REFERENCE_WIDTH = 16;

  public RlScalingConfig {
    atLeast("seeds", seeds, 2);
    widths = canonical("widths", widths);
    horizons = canonical("horizons", horizons);
    if (widths.size() < 3) {
      throw new IllegalArgumentException(
          "--widths: give at least 3 distinct widths for a scaling law, got " + widths);
    }
    atLeast("depth", depth, 1);
    atLeast("envs", envs, 1);
    atLeast("steps", steps, 1);
    atLeast("epochs", epochs, 1);
    atLeast("minibatches", minibatches, 1);
    if ((envs * steps) % minibatches != 0) {
      throw new IllegalArgumentException(
          "--envs x --steps (" + envs * steps + ") must split into --minibatches " + minibatches);
    }
    if (interactions < 4L * envs * steps) {
      throw new IllegalArgumentException(
          "--interactions must allow at least 4 updates of --envs x --steps = "
              + envs * steps
              + ", got "
              + interactions);
    }
    positive("lr", learningRate);
    if (!Double.isFinite(lrExponent)) {
      throw new IllegalArgumentException("--lr-exponent must be finite, got " + lrExponent);
    }
    if (!(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException("--gae-lambda must be in [0, 1], got " + lambda);
    }
    if (!(entropy >= 0)) {
      throw new IllegalArgumentException("--entropy must be >= 0, got " + entropy);
    }
    atLeast("pool", pool, 1);
    atLeast("eval-images", evalImages, 100);
    atLeast("evaluations", evaluations, 6);
    atLeast("resamples", resamples, 20);
    if (dataDir != null) {
      ImageLayout.of(Path.of(dataDir))
          .ifPresent(
              l -> {
                checkPool(l.trainSide(), pool, dataDir);
                checkPool(l.testSide(), pool, dataDir);
                checkEvalImages(l.testImages(), evalImages, dataDir);
              });
    }
  }

  /**
   * Refuses a --pool factor that does not divide the side of the images at --data (the run would
   * fail after reading them); images that are not square (side 0) are left to the run to report.
   *
   * @throws IllegalArgumentException naming the option, the factor, the side and the factors that
   *     divide it
   */
  static void checkPool(int side, int pool, String dataDir) {
    if (side > 0 && side % pool != 0) {
      throw new IllegalArgumentException(
          "--pool: "
              + pool
              + " does not divide the image side "
              + side
              + " of "
              + dataDir
              + " (give one of "
              + ImageLayout.divisors(side)
              + ")");
    }
  }

  /**
   * Refuses more --eval-images than the test split at --data holds (the run would measure on fewer
   * than the report says).
   *
   * @throws IllegalArgumentException naming the option, the value and the test split's size
   */
  static void checkEvalImages(int testImages, int evalImages, String dataDir) {
    if (evalImages > testImages) {
      throw new IllegalArgumentException(
          "--eval-images: "
              + evalImages
              + " is more than the "
              + testImages
              + " test images in "
              + dataDir);
    }
  }

  public static RlScalingConfig defaults() {
    return new RlScalingConfig(
        3,
        0,
        List.of("2", "4", "8", "16", "32", "64", "128"),
        2,
        List.of("1", "4", "16"),
        131_072,
        32,
        16,
        2,
        4,
        3e-3,
        0.5,
        1.0,
        0.01,
        2,
        1000,
        14,
        200,
        DEFAULT_DATA);
  }

  /**
   * The values of a list option in ascending order, each written as its integer: the order given on
   * the command line changes neither the stage keys nor the training nor which horizon is the
   * reference (the shortest), so "8,2,4" and "2,4,8" are one config.
   *
   * @throws IllegalArgumentException for a value that is not an integer >= 1 or a duplicate
   */
  private static List<String> canonical(String option, List<String> values) {
    List<Integer> parsed = integers(option, values);
    for (int v : parsed) {
      atLeast(option, v, 1);
    }
    distinct(option, values, parsed);
    return new TreeSet<>(parsed).stream().map(String::valueOf).toList();
  }

  /** Adam's step size for a policy of hidden width w. */
  public double learningRateOf(int width) {
    return learningRate * Math.pow((double) LR_REFERENCE_WIDTH / width, lrExponent);
  }

  public List<Integer> widthList() {
    return integers("widths", widths);
  }

  public List<Integer> horizonList() {
    return integers("horizons", horizons);
  }
}
