package dev.traitlab.nn.mkl;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits a loop over rows among the engine's intra-op threads ({@code ai.djl.pytorch.num_threads},
 * else the available processors): the caller takes the first share, daemon workers the rest. Inside
 * a split MKL runs single-threaded on every participating thread, so the small products each share
 * makes (attention's per-head products) do not start MKL's own threads on top.
 */
public final class RowWorkers {
  /** One share of a split range: worker index (0 for the caller) and its rows [from, to). */
  public interface Body {
    void run(int worker, int from, int to);
  }

  public static final int THREADS =
      Math.max(
          1,
          Math.min(
              Runtime.getRuntime().availableProcessors(),
              Integer.getInteger(
                  "ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors())));

  private static final ExecutorService POOL =
      THREADS > 1
          ? Executors.newFixedThreadPool(
              THREADS - 1,
              r -> {
                Thread t = new Thread(r, "traitlab-rows");
                t.setDaemon(true);
                return t;
              })
          : null;

  private RowWorkers() {}

  // Set while this thread runs a share: a split inside a share (a large product inside attention's
  // per-head loop) runs inline, since the pool's threads may all be busy with the outer shares and
  // a nested wait on them would never return.
  private static final ThreadLocal<Boolean> IN_SHARE = ThreadLocal.withInitial(() -> false);

  /**
   * Runs body over [0, n) split into {@link #THREADS} contiguous shares, and waits for all; inside
   * a share, runs it whole on the calling thread. When a share throws, the others are still waited
   * for (so none writes after the split returns) and the first failure is rethrown.
   */
  public static void split(int n, Body body) {
    if (THREADS == 1 || n < 2 * THREADS || IN_SHARE.get()) {
      body.run(0, 0, n);
      return;
    }
    int previous = MklGemm.setThreadsForThisThread(1);
    IN_SHARE.set(true);
    Throwable failure = null;
    Future<?>[] shares = new Future<?>[THREADS - 1];
    try {
      for (int w = 1; w < THREADS; w++) {
        int worker = w;
        int from = (int) ((long) n * w / THREADS);
        int to = (int) ((long) n * (w + 1) / THREADS);
        shares[w - 1] =
            POOL.submit(
                () -> {
                  MklGemm.setThreadsForThisThread(1);
                  IN_SHARE.set(true);
                  try {
                    body.run(worker, from, to);
                  } finally {
                    IN_SHARE.set(false);
                  }
                });
      }
      try {
        body.run(0, 0, (int) ((long) n / THREADS));
      } catch (RuntimeException | Error e) {
        // Errors too: the other shares must finish before anything unwinds past their arrays.
        failure = e;
      }
      boolean interrupted = false;
      for (Future<?> f : shares) {
        while (true) {
          try {
            f.get();
            break;
          } catch (ExecutionException e) {
            if (failure == null) {
              failure = e.getCause();
            }
            break;
          } catch (InterruptedException e) {
            // Keep waiting: a share still running writes into the caller's arrays.
            interrupted = true;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    } finally {
      IN_SHARE.set(false);
      MklGemm.setThreadsForThisThread(Math.max(0, previous));
    }
    switch (failure) {
      case null -> {}
      case RuntimeException r -> throw r;
      case Error e -> throw e;
      default -> throw new IllegalStateException(failure);
    }
  }
}
