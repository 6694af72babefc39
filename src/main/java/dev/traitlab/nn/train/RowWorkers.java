package dev.traitlab.nn.train;

import dev.traitlab.nn.mkl.MklGemm;
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
final class RowWorkers {
  /** One share of a split range: worker index (0 for the caller) and its rows [from, to). */
  interface Body {
    void run(int worker, int from, int to);
  }

  static final int THREADS =
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

  /** Runs body over [0, n) split into {@link #THREADS} contiguous shares, and waits for all. */
  static void split(int n, Body body) {
    if (THREADS == 1 || n < 2 * THREADS) {
      body.run(0, 0, n);
      return;
    }
    int previous = MklGemm.setThreadsForThisThread(1);
    try {
      Future<?>[] shares = new Future<?>[THREADS - 1];
      for (int w = 1; w < THREADS; w++) {
        int worker = w;
        int from = (int) ((long) n * w / THREADS);
        int to = (int) ((long) n * (w + 1) / THREADS);
        shares[w - 1] =
            POOL.submit(
                () -> {
                  MklGemm.setThreadsForThisThread(1);
                  body.run(worker, from, to);
                });
      }
      body.run(0, 0, (int) ((long) n / THREADS));
      for (Future<?> f : shares) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for row workers", e);
        }
      }
    } finally {
      MklGemm.setThreadsForThisThread(Math.max(0, previous));
    }
  }
}
