package dev.traitlab.rl;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * M independent actor-critic policies over discrete actions, evaluated together: model m reads its
 * own slice of the observations and has its own parameters, so a stack trains as M separate runs
 * that share only the computation. {@link dev.traitlab.rl.ppo.PpoTrainer} trains any such stack;
 * the PPO loss itself ({@link dev.traitlab.rl.ppo.PpoLoss}) needs only log-probabilities, so a
 * policy of another shape (a language model) can use it without this interface.
 */
public interface StackedPolicy {

  /** M, the number of models. */
  int models();

  /** Discrete actions per decision. */
  int actions();

  /** Every trainable array, for the optimiser. */
  List<NDArray> parameters();

  /**
   * Action logits and value estimates. {@code observations} is (M, B, D): batch m for model m; or
   * (B, D): every model reads the same batch. The outputs belong to the observations' manager.
   *
   * @return logits (M, B, actions) and values (M, B)
   */
  Output forward(NDArray observations);

  /** A forward pass's results. */
  record Output(NDArray logits, NDArray values) {}
}
