package dev.traitlab.testing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * With {@code -Dtraitlab.gcStorm=true} (and JUnit's extension auto-detection on), a daemon thread
 * runs the garbage collector every {@code traitlab.gcStormMillis} (default 10) while the tests run.
 * Native memory that only a Java object keeps alive (DJL's direct buffers behind {@code from_blob}
 * tensors, auto arenas) is then freed early wherever the code lets go of it too soon, so a test
 * that compares two runs, or a gradient with its expected value, fails instead of passing by luck.
 * Off by default: the suite is several times slower under it.
 */
public final class GcStorm implements BeforeAllCallback {
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!Boolean.getBoolean("traitlab.gcStorm") || !STARTED.compareAndSet(false, true)) {
      return;
    }
    storm(Long.getLong("traitlab.gcStormMillis", 10)).start();
  }

  /**
   * Runs {@code work} while a daemon thread runs the collector every {@code millis} ms, stops that
   * thread, and returns what work returned: a seeded computation compared with a calm run of the
   * same must give the same bits.
   */
  public static <T> T during(long millis, Supplier<T> work) {
    Thread storm = storm(millis);
    storm.start();
    try {
      return work.get();
    } finally {
      storm.interrupt();
      try {
        storm.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Thread storm(long millis) {
    Thread storm =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                try {
                  Thread.sleep(millis);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "traitlab-gc-storm");
    storm.setDaemon(true);
    return storm;
  }
}
