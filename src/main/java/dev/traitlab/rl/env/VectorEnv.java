package dev.traitlab.rl.env;

/**
 * A batch of {@link #count()} copies of one environment stepped together, with discrete actions and
 * flat float observations. Observations of all copies are one row-major array, count x
 * observationSize. A copy whose episode ends starts the next at once (auto-reset), as gymnasium's
 * vector environments do in their "same step" mode: {@link Step#observations} then holds the new
 * episode's first observation and {@link Step#finalObservations} the ended one's last.
 */
public interface VectorEnv {

  /** The number of environment copies. */
  int count();

  /** Floats per observation. */
  int observationSize();

  /** Discrete actions 0 .. actions() - 1. */
  int actions();

  /** Starts a new episode in every copy and writes the first observations. */
  void reset(float[] observations);

  /**
   * Applies one action per copy and writes what happened into {@code out}.
   *
   * @throws IllegalArgumentException on an action out of range or an array of the wrong length
   */
  void step(int[] actions, Step out);
}
