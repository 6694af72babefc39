package dev.traitlab.experiments.overoptimisation;

import dev.traitlab.rl.lm.PpoStepStats;
import java.util.List;

/**
 * One PPO run from the base policy against one proxy at one KL penalty and seed: a cached stage.
 * Checkpoint k is measured on the same held-out questions, with the same sampling seed, after
 * {@code steps[k]} PPO steps (step 0: the base policy itself).
 *
 * @param width hidden width of the proxy head (0: linear)
 * @param comparisons the proxy's training comparisons
 * @param klPenalty the fixed per-token KL coefficient beta
 * @param seed the seed (of the proxy, the PPO questions, sampling and minibatches)
 * @param heldOutAccuracy the proxy's held-out pair accuracy
 * @param steps PPO steps done at each checkpoint
 * @param kl sampled KL(policy || base) per answer at each checkpoint (nats; mean of sum_t ln
 *     pi/pi_0 over the held-out answers; 0 at step 0)
 * @param gold mean gold reward of the held-out answers at each checkpoint, in the base policy's
 *     gold SDs relative to the best-of-n pool's mean (the best-of-n half's units)
 * @param proxy mean recalibrated proxy reward of the held-out answers (0 = the base policy's mean
 *     over the pool)
 * @param training PPO's diagnostics per step
 * @param seconds wall time of the run (training and checkpoints)
 */
public record PpoCurve(
    int width,
    int comparisons,
    double klPenalty,
    long seed,
    double heldOutAccuracy,
    int[] steps,
    double[] kl,
    double[] gold,
    double[] proxy,
    List<PpoStepStats> training,
    double seconds) {

  public PpoCurve {
    training = List.copyOf(training);
  }

  /** d = sqrt(KL) at each checkpoint (a negative sampled KL counts as 0). */
  public double[] distances() {
    double[] d = new double[kl.length];
    for (int k = 0; k < d.length; k++) {
      d[k] = Math.sqrt(Math.max(kl[k], 0));
    }
    return d;
  }

  /** Gold gain over the base policy on the same held-out questions: gold - gold at step 0. */
  public double[] goldGain() {
    double[] g = new double[gold.length];
    for (int k = 0; k < g.length; k++) {
      g[k] = gold[k] - gold[0];
    }
    return g;
  }

  /** The cell's label, as --ppo-proxies writes it. */
  public String cell() {
    return width + ":" + comparisons;
  }
}
