package dev.traitlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MemoryEstimateTest {
  private static final double GIB = 1L << 30;

  @Test
  void anEstimateWithinTheLimitsPasses() {
    new MemoryEstimate(1 * GIB, 1 * GIB, 1e6, "--x").check("e", 2 * GIB, 4 * GIB);
    MemoryEstimate.UNKNOWN.check("e", 0, 0);
  }

  @Test
  void moreHeapThanTheJvmMayGrowToIsRefusedWithTheFigures() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MemoryEstimate(3 * GIB, GIB / 2, 1e6, "--x").check("e", 2 * GIB, 16 * GIB));
    assertEquals(
        "e with these sizes needs about 3.5 GiB of memory (3.0 GiB of JVM heap, 512.0 MiB native)"
            + " but this machine has 16.0 GiB and the JVM heap may grow to 2.0 GiB; lower --x",
        e.getMessage());
  }

  @Test
  void moreThanTheMachineHasIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new MemoryEstimate(GIB, 4 * GIB, 1e6, "--x").check("e", 2 * GIB, 4 * GIB));
  }

  @Test
  void anArrayLongerThanJavaAllowsIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MemoryEstimate(GIB, GIB, 3e9, "--x").check("e", 64 * GIB, 64 * GIB));
    assertEquals(
        "e with these sizes needs a Java array of 3.00e+09 elements, more than Java allows"
            + " (2147483639); lower --x",
        e.getMessage());
  }

  @Test
  void bytesAreWrittenInBinaryUnits() {
    assertEquals("0 bytes", MemoryEstimate.bytes(0));
    assertEquals("1.5 KiB", MemoryEstimate.bytes(1536));
    assertEquals("3.0 GiB", MemoryEstimate.bytes(3 * GIB));
    assertEquals("208.2 EiB", MemoryEstimate.bytes(2.4e20));
    assertEquals("1.0e+30 bytes", MemoryEstimate.bytes(1e30));
  }
}
