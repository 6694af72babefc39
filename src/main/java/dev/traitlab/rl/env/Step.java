package dev.traitlab.rl.env;

import java.util.Arrays;

/**
 * What one step of a {@link VectorEnv} returned, per copy; a buffer reused from step to step.
 * Arrays are indexed by copy (observations: copy x observationSize, row-major).
 */
public final class Step {
  /** Next observations (a new episode's first where one ended). */
  public final float[] observations;

  /** Rewards of this step. */
  public final float[] rewards;

  /** The episode ended in a terminal state: no value beyond it. */
  public final boolean[] terminated;

  /** The episode was cut off (a time limit) in a state that has a value. */
  public final boolean[] truncated;

  /** The last observation of an episode that ended at this step; meaningless elsewhere. */
  public final float[] finalObservations;

  /** The undiscounted return of an episode that ended at this step; NaN elsewhere. */
  public final double[] episodeReturns;

  /** The length in steps of an episode that ended at this step; 0 elsewhere. */
  public final int[] episodeLengths;

  public Step(VectorEnv env) {
    int n = env.count();
    observations = new float[n * env.observationSize()];
    rewards = new float[n];
    terminated = new boolean[n];
    truncated = new boolean[n];
    finalObservations = new float[n * env.observationSize()];
    episodeReturns = new double[n];
    episodeLengths = new int[n];
  }

  /** Clears the per-step flags and episode statistics before a step fills them. */
  void clear() {
    Arrays.fill(terminated, false);
    Arrays.fill(truncated, false);
    Arrays.fill(episodeReturns, Double.NaN);
    Arrays.fill(episodeLengths, 0);
  }

  /** Whether copy i's episode ended at this step, either way. */
  public boolean done(int i) {
    return terminated[i] || truncated[i];
  }
}
