package dev.traitlab.nn.train;

import dev.traitlab.core.Progress;
import java.util.concurrent.CancellationException;

/**
 * Told after every optimiser step (1-based), with the batch loss and learning rate used: the
 * engine's numeric hook. Callers outside the engine report through the project's {@link Progress}
 * with {@link #reporting}.
 */
@FunctionalInterface
public interface TrainingProgress {
  void onStep(int step, int totalSteps, double loss, double learningRate);

  /**
   * Training as one task of {@code progress}: it starts at the first step (when the number of steps
   * is known), each step reports {@code "training loss=L"}, and once {@code progress} says it is
   * cancelled the next step throws {@link CancellationException}. The caller finishes the task.
   */
  static TrainingProgress reporting(Progress progress, String task) {
    return reporting(progress, task, loss -> String.format("training loss=%.4f", loss));
  }

  /** As {@link #reporting(Progress, String)}, each step's detail written by {@code detail}. */
  static TrainingProgress reporting(
      Progress progress, String task, java.util.function.DoubleFunction<String> detail) {
    boolean[] started = {false};
    return (step, total, loss, learningRate) -> {
      if (progress.cancelled()) {
        throw new CancellationException("cancelled at step " + step);
      }
      if (!started[0]) {
        started[0] = true;
        progress.start(task, total);
      }
      progress.step(step, detail.apply(loss));
    };
  }
}
