package dev.traitlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelCallsTest {
  @Test
  void resultsComeInInputOrder() {
    assertEquals(List.of(0, 2, 4, 6), ParallelCalls.map(List.of(0, 1, 2, 3), i -> 2 * i));
  }

  @Test
  void theFirstFailureInterruptsTheCallsStillRunning() {
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger interrupted = new AtomicInteger();
    AtomicInteger waited = new AtomicInteger();
    List<Integer> inputs = IntStream.range(0, 20).boxed().toList();
    AuthenticationException e =
        assertThrows(
            AuthenticationException.class,
            () ->
                ParallelCalls.map(
                    inputs,
                    i -> {
                      if (i == 0) {
                        throw new AuthenticationException(401, "refused");
                      }
                      try {
                        // Ends only by interruption, or after a minute that a test never waits.
                        never.await(60, TimeUnit.SECONDS);
                        waited.incrementAndGet();
                      } catch (InterruptedException stopped) {
                        interrupted.incrementAndGet();
                      }
                      return i;
                    }));
    assertEquals(401, e.status());
    assertEquals(0, waited.get());
    assertEquals(19, interrupted.get());
  }
}
