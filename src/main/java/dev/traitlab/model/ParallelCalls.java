package dev.traitlab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs one model call per input on virtual threads and returns the results in input order. The
 * backend bounds how many are really in flight (the HTTP client's limit, the embedded model's
 * lock), so this may start as many as there are inputs. The first failure found (in input order)
 * interrupts the calls still running and is thrown: a refused key stops the batch instead of being
 * met once per input.
 */
public final class ParallelCalls {
  private ParallelCalls() {}

  public static <T, R> List<R> map(List<T> inputs, Function<? super T, ? extends R> call) {
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<? extends R>> futures = new ArrayList<>(inputs.size());
      for (T input : inputs) {
        futures.add(executor.submit(() -> call.apply(input)));
      }
      List<R> results = new ArrayList<>(inputs.size());
      try {
        for (Future<? extends R> future : futures) {
          results.add(future.get());
        }
      } catch (ExecutionException | InterruptedException e) {
        // Closing the executor waits for every call: interrupt those still running first.
        executor.shutdownNow();
        throw e;
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for model calls", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
