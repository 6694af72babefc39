package dev.traitlab.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.http.Handler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InFlightRequestsTest {

  @Test
  void closingWaitsForARunningCallAndRefusesNewOnes() throws Exception {
    InFlightRequests inFlight = new InFlightRequests();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    Handler slow =
        inFlight.guard(
            ctx -> {
              started.countDown();
              release.await();
              finished.set(true);
            });
    Thread request =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    slow.handle(null);
                  } catch (Exception e) {
                    throw new RuntimeException(e);
                  }
                });
    assertTrue(started.await(10, TimeUnit.SECONDS));
    assertEquals(1, inFlight.running());
    // Not released yet: a short wait gives up and says so.
    assertFalse(inFlight.closeAndAwait(Duration.ofMillis(50)));
    ApiError refused = assertThrows(ApiError.class, () -> inFlight.guard(ctx -> {}).handle(null));
    assertEquals(503, refused.status);
    release.countDown();
    assertTrue(inFlight.closeAndAwait(Duration.ofSeconds(10)));
    assertTrue(finished.get(), "close returned only after the call finished");
    assertEquals(0, inFlight.running());
    request.join();
  }

  @Test
  void aFailingCallIsNoLongerCounted() {
    InFlightRequests inFlight = new InFlightRequests();
    Handler failing =
        inFlight.guard(
            ctx -> {
              throw new IllegalStateException("boom");
            });
    assertThrows(IllegalStateException.class, () -> failing.handle(null));
    assertEquals(0, inFlight.running());
    assertTrue(inFlight.closeAndAwait(Duration.ZERO));
  }
}
