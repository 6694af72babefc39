package dev.traitlab.serve;

import io.javalin.http.Handler;
import java.time.Duration;

/**
 * The model calls the server is running, so that closing it waits for them: a request still
 * sampling when its models are closed would read freed native memory. Once closing has begun, new
 * requests get 503.
 */
final class InFlightRequests {
  private int running;
  private boolean closing;

  /** {@code handler}, counted while it runs. */
  Handler guard(Handler handler) {
    return ctx -> {
      enter();
      try {
        handler.handle(ctx);
      } finally {
        leave();
      }
    };
  }

  private synchronized void enter() {
    if (closing) {
      throw new ApiError(503, "server_error", null, null, "the server is shutting down");
    }
    running++;
  }

  private synchronized void leave() {
    running--;
    notifyAll();
  }

  /**
   * Refuses new requests and waits up to {@code timeout} for running ones; true when none is left.
   */
  synchronized boolean closeAndAwait(Duration timeout) {
    closing = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (running > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  synchronized int running() {
    return running;
  }
}
