package dev.traitlab.core;

/**
 * Receives progress of long work: the project's one progress callback. Experiments, training and
 * pretraining report through it; the CLI draws it, and {@code traitlab serve} turns it into a
 * fine-tuning job's events. Calls come from the working thread.
 */
public interface Progress {
  Progress NONE = new Progress() {};

  /** A new task of {@code total} steps begins. */
  default void start(String task, long total) {}

  /**
   * {@code done} of the current task's steps are finished; detail is a short status such as a loss.
   */
  default void step(long done, String detail) {}

  default void finish() {}

  /** A one-line message outside any task (a stage reused from cache, say). */
  default void note(String message) {}

  /**
   * Whether the receiver wants the work stopped (a cancelled fine-tuning job, say). Work that can
   * stop asks between steps and then throws {@link java.util.concurrent.CancellationException}.
   */
  default boolean cancelled() {
    return false;
  }
}
