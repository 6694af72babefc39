package dev.traitlab.nn.mkl;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Elementwise exponentials of float arrays through MKL's vector math ({@code vsExp}, in the
 * libtorch DJL loads, found as {@link MklGemm} finds SGEMM), with {@link Math#exp} where MKL is
 * absent.
 *
 * <p>Why: sampling takes one exponential per vocabulary entry per row and step, and attention and
 * SiLU more; a scalar {@code Math.exp} costs about 5 ns, MKL's vectorised one a fraction of that.
 * MKL's default (high-accuracy) mode is within 1 ulp of the float result. The values are copied
 * through a 64-byte aligned off-heap buffer so that every call sees the same alignment and gives
 * the same bits (a vectorised kernel may treat a misaligned head differently).
 */
public final class MklMath {
  private static final MethodHandle VS_EXP =
      MklGemm.downcall(
          "vsExp",
          FunctionDescriptor.ofVoid(
              ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));

  private static final ThreadLocal<MemorySegment[]> BUFFER =
      ThreadLocal.withInitial(() -> new MemorySegment[1]);

  private MklMath() {}

  /** Whether MKL's exponential is used (else {@link Math#exp}). */
  public static boolean available() {
    return VS_EXP != null;
  }

  /**
   * a[from, from + n) := exp(a[from, from + n)) in float, in place.
   *
   * @throws IndexOutOfBoundsException when the range is outside {@code a}
   */
  public static void expInPlace(float[] a, int from, int n) {
    java.util.Objects.checkFromIndexSize(from, n, a.length);
    if (VS_EXP == null || n < 16) {
      for (int i = from; i < from + n; i++) {
        a[i] = (float) Math.exp(a[i]);
      }
      return;
    }
    MemorySegment buffer = buffer(4L * n);
    MemorySegment.copy(a, from, buffer, ValueLayout.JAVA_FLOAT, 0, n);
    try {
      VS_EXP.invokeExact(n, buffer, buffer);
    } catch (Throwable e) {
      throw new IllegalStateException("MKL vsExp failed", e);
    }
    MemorySegment.copy(buffer, ValueLayout.JAVA_FLOAT, 0, a, from, n);
  }

  /** This thread's scratch segment of at least {@code bytes}, grown by doubling. */
  private static MemorySegment buffer(long bytes) {
    MemorySegment[] holder = BUFFER.get();
    if (holder[0] == null || holder[0].byteSize() < bytes) {
      long size = Math.max(bytes, holder[0] == null ? 1 << 16 : 2 * holder[0].byteSize());
      holder[0] = Arena.ofAuto().allocate(size, 64);
    }
    return holder[0];
  }
}
