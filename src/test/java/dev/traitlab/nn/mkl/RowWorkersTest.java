package dev.traitlab.nn.mkl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RowWorkersTest {
  // The timeouts only turn a deadlock into a failure (the splits below take milliseconds).
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aSplitInsideAShareRunsInlineAndCoversEveryIndexOnce() {
    // Attention's per-head loop is a split whose shares make large products, themselves split:
    // with the pool's threads busy with the outer shares, the inner split waited forever.
    int outer = 8;
    int inner = 100;
    AtomicIntegerArray seen = new AtomicIntegerArray(outer * inner);
    RowWorkers.split(
        outer,
        (worker, from, to) -> {
          for (int o = from; o < to; o++) {
            int base = o * inner;
            RowWorkers.split(
                inner,
                (w2, f2, t2) -> {
                  for (int i = f2; i < t2; i++) {
                    seen.incrementAndGet(base + i);
                  }
                });
          }
        });
    for (int i = 0; i < seen.length(); i++) {
      assertEquals(1, seen.get(i), "index " + i);
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aFailingShareIsRethrownAfterEveryShareFinished() {
    AtomicIntegerArray done = new AtomicIntegerArray(64);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                RowWorkers.split(
                    64,
                    (worker, from, to) -> {
                      for (int i = from; i < to; i++) {
                        done.set(i, 1);
                      }
                      if (from == 0) {
                        throw new IllegalStateException("share 0 failed");
                      }
                    }));
    assertEquals("share 0 failed", e.getMessage());
    for (int i = 0; i < 64; i++) {
      assertEquals(1, done.get(i), "index " + i);
    }
    // The pool still serves the next split.
    AtomicIntegerArray again = new AtomicIntegerArray(64);
    RowWorkers.split(
        64,
        (worker, from, to) -> {
          for (int i = from; i < to; i++) {
            again.incrementAndGet(i);
          }
        });
    for (int i = 0; i < 64; i++) {
      assertEquals(1, again.get(i));
    }
  }
}
