package dev.traitlab.nn.mkl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/**
 * Child process of {@link MklDispatchShimTest}: prints MKL's code path, then the product of {@link
 * #product} one value per line, so that a parent can compare a process that preloads the shim with
 * one that does not.
 */
final class MklDispatchProbe {
  static final int M = 96;
  static final int N = 80;
  static final int K = 200;

  private MklDispatchProbe() {}

  /** x[M, K] . w[N, K]^T of seeded uniform values in [-1, 1), through {@link MklGemm#linear}. */
  static float[] product() {
    SplittableRandom random = new SplittableRandom(7);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment x = arena.allocate(4L * M * K, 64);
      MemorySegment w = arena.allocate(4L * N * K, 64);
      MemorySegment out = arena.allocate(4L * M * N, 64);
      for (long i = 0; i < (long) M * K; i++) {
        x.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) random.nextDouble(-1, 1));
      }
      for (long i = 0; i < (long) N * K; i++) {
        w.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) random.nextDouble(-1, 1));
      }
      int previous = MklGemm.setThreadsForThisThread(1);
      try {
        MklGemm.linear(x, M, K, w, N, out);
      } finally {
        MklGemm.setThreadsForThisThread(Math.max(0, previous));
      }
      return out.toArray(ValueLayout.JAVA_FLOAT);
    }
  }

  public static void main(String[] args) {
    StringBuilder sb = new StringBuilder(MklGemm.codePath()).append('\n');
    for (float v : product()) {
      sb.append(Float.floatToRawIntBits(v)).append('\n');
    }
    System.out.print(sb);
    System.out.flush();
    // DJL's engine leaves non-daemon threads behind.
    System.exit(0);
  }
}
