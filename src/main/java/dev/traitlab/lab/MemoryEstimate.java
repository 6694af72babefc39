package dev.traitlab.lab;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The memory a run of a config needs at its peak, estimated from the config's sizes before it
 * starts (see {@link Experiment#memory}), so that a size no machine here can hold is refused with
 * the figure instead of ending in an {@link OutOfMemoryError}. Doubles, since an absurd config's
 * figures overflow a long.
 *
 * @param heapBytes Java heap the run holds at once
 * @param nativeBytes native memory outside the heap (tensors of the embedded engine)
 * @param largestArray elements of the largest single Java array it makes
 * @param lower the options that shrink it, for the message (e.g. "--hidden, --seeds or --batch")
 */
public record MemoryEstimate(
    double heapBytes, double nativeBytes, double largestArray, String lower) {

  /** No estimate: nothing is checked. */
  public static final MemoryEstimate UNKNOWN = new MemoryEstimate(0, 0, 0, "");

  /** The most elements a Java array may have. */
  static final double MAX_ARRAY = Integer.MAX_VALUE - 8;

  /**
   * Refuses a config whose estimate cannot fit this JVM and machine: more heap than the JVM may
   * grow to, more heap and native memory together than the machine has, or a Java array longer than
   * Java allows.
   *
   * @throws IllegalArgumentException naming the estimate, the limit and what to lower
   */
  public static <C extends Record> void check(Experiment<C, ?> experiment, C config) {
    experiment
        .memory(config)
        .check(
            experiment.name(),
            Runtime.getRuntime().maxMemory(),
            ((com.sun.management.OperatingSystemMXBean)
                    ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize());
  }

  /** As {@link #check(Experiment, Record)}, against the given limits. */
  public void check(String experiment, double maxHeap, double machine) {
    String what = experiment + " with these sizes needs ";
    if (heapBytes > maxHeap || heapBytes + nativeBytes > machine) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%sabout %s of memory (%s of JVM heap, %s native) but this machine has %s and the"
                  + " JVM heap may grow to %s; lower %s",
              what,
              bytes(heapBytes + nativeBytes),
              bytes(heapBytes),
              bytes(nativeBytes),
              bytes(machine),
              bytes(maxHeap),
              lower));
    }
    if (largestArray > MAX_ARRAY) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%sa Java array of %.3g elements, more than Java allows (%d); lower %s",
              what,
              largestArray,
              (long) MAX_ARRAY,
              lower));
    }
  }

  /** "3.1 GiB", "24.6 PiB", "1.2e+21 bytes". */
  static String bytes(double bytes) {
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    if (value >= 1024) {
      return String.format(Locale.ROOT, "%.2g bytes", bytes);
    }
    return unit == 0
        ? String.format(Locale.ROOT, "%.0f bytes", value)
        : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
