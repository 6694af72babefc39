package dev.traitlab.testing;

import java.util.concurrent.atomic.AtomicBoolean;
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
    long millis = Long.getLong("traitlab.gcStormMillis", 10);
    Thread storm =
        new Thread(
            () -> {
              while (true) {
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
    storm.start();
  }
}
