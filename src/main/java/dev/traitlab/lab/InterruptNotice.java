package dev.traitlab.lab;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The line a run prints on stderr when the JVM shuts down while it is going (Ctrl-C, {@code kill}):
 * a shutdown hook installed when the run starts and removed when it ends, finished or failed, so
 * that a normal exit prints nothing.
 */
final class InterruptNotice implements AutoCloseable {
  static final String MESSAGE =
      "traitlab: interrupted; finished stages are kept, rerun the same command to resume";

  /** A --fresh run's line: its command rerun as it is would recompute the stages it finished. */
  static final String FRESH_MESSAGE =
      "traitlab: interrupted; finished stages are kept, rerun the same command without --fresh to"
          + " resume";

  private final String message;

  private final AtomicBoolean armed = new AtomicBoolean(true);
  private final PrintStream err;
  private final Thread hook;

  /** A notice on {@code err} for a run that is {@code fresh} or not, not installed. */
  InterruptNotice(PrintStream err, boolean fresh) {
    this.err = err;
    this.message = fresh ? FRESH_MESSAGE : MESSAGE;
    this.hook = new Thread(this::shutdown, "traitlab-interrupt-notice");
  }

  /** A notice on {@link System#err} for a run that is {@code fresh} or not, its hook installed. */
  static InterruptNotice install(boolean fresh) {
    return install(System.err, fresh);
  }

  /** A notice on {@code err}, its hook installed. */
  static InterruptNotice install(PrintStream err, boolean fresh) {
    InterruptNotice notice = new InterruptNotice(err, fresh);
    Runtime.getRuntime().addShutdownHook(notice.hook);
    return notice;
  }

  /** Whether this notice's hook is installed now (it is removed by {@link #close}). */
  boolean installed() {
    if (!Runtime.getRuntime().removeShutdownHook(hook)) {
      return false;
    }
    Runtime.getRuntime().addShutdownHook(hook);
    return true;
  }

  /** What the hook does: the line, unless the run ended first. */
  void shutdown() {
    if (armed.getAndSet(false)) {
      // On a terminal the line starts after the "^C" and any progress bar.
      boolean terminal = System.console() != null && System.console().isTerminal();
      err.println((terminal ? "\n" : "") + message);
      err.flush();
    }
  }

  /** The run ended: the hook is removed (or, when the JVM is already shutting down, silenced). */
  @Override
  public void close() {
    armed.set(false);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook stays, silenced
    } catch (IllegalArgumentException e) {
      // never installed (a test's notice)
    }
  }
}
