package dev.traitlab.nn.mkl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The MKL kernels the step decoder and the sampler call, against plain Java arithmetic. */
class MklKernelsTest {
  private static MemorySegment random(Arena arena, int n, SplittableRandom rng) {
    MemorySegment m = arena.allocate(4L * n, 64);
    for (int i = 0; i < n; i++) {
      m.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) rng.nextGaussian());
    }
    return m;
  }

  @Test
  void packedProductEqualsTheDotProducts() {
    Assumptions.assumeTrue(MklGemm.packs(), "MKL's packed SGEMM not found in libtorch");
    SplittableRandom rng = new SplittableRandom(3);
    int m = 5;
    int k = 37;
    int n = 70;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment x = random(arena, m * k, rng);
      MemorySegment w = random(arena, n * k, rng);
      MemorySegment packed = MklGemm.pack(arena, w, n, k, m);
      MemorySegment out = arena.allocate(4L * m * n, 64);
      MklGemm.linearPacked(x, m, k, packed, n, out);
      MemorySegment plain = arena.allocate(4L * m * n, 64);
      MklGemm.linear(x, m, k, w, n, plain);
      for (int r = 0; r < m; r++) {
        for (int j = 0; j < n; j++) {
          double dot = 0;
          for (int i = 0; i < k; i++) {
            dot +=
                x.getAtIndex(ValueLayout.JAVA_FLOAT, r * k + i)
                    * (double) w.getAtIndex(ValueLayout.JAVA_FLOAT, j * k + i);
          }
          float got = out.getAtIndex(ValueLayout.JAVA_FLOAT, r * n + j);
          assertEquals(dot, got, 1e-4, "out[" + r + ", " + j + "]");
          assertEquals(plain.getAtIndex(ValueLayout.JAVA_FLOAT, r * n + j), got, 1e-4);
        }
      }
    }
  }

  @Test
  void generalProductHandlesTransposesStridesAndBeta() {
    Assumptions.assumeTrue(MklGemm.available(), "MKL SGEMM not found in libtorch");
    SplittableRandom rng = new SplittableRandom(8);
    int m = 6;
    int n = 9;
    int k = 5;
    for (int flags = 0; flags < 4; flags++) {
      boolean ta = (flags & 1) != 0;
      boolean tb = (flags & 2) != 0;
      // Row strides wider than the rows: the products read strided views.
      int lda = (ta ? m : k) + 2;
      int ldb = (tb ? k : n) + 3;
      int ldc = n + 1;
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment a = random(arena, (ta ? k : m) * lda, rng);
        MemorySegment b = random(arena, (tb ? n : k) * ldb, rng);
        MemorySegment c = random(arena, m * ldc, rng);
        float[] before = c.toArray(ValueLayout.JAVA_FLOAT);
        MklGemm.gemm(ta, tb, m, n, k, 0.5f, a, lda, b, ldb, 2f, c, ldc);
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < ldc; j++) {
            float got = c.getAtIndex(ValueLayout.JAVA_FLOAT, i * ldc + j);
            if (j >= n) {
              assertEquals(before[i * ldc + j], got, "padding column untouched");
              continue;
            }
            double dot = 0;
            for (int p = 0; p < k; p++) {
              double x = a.getAtIndex(ValueLayout.JAVA_FLOAT, ta ? p * lda + i : i * lda + p);
              double y = b.getAtIndex(ValueLayout.JAVA_FLOAT, tb ? j * ldb + p : p * ldb + j);
              dot += x * y;
            }
            assertEquals(0.5 * dot + 2 * before[i * ldc + j], got, 1e-4, "c[" + i + ", " + j + "]");
          }
        }
        MemorySegment small = arena.allocate(4L * 4, 64);
        boolean tA = ta;
        assertThrows(
            IllegalArgumentException.class,
            () -> MklGemm.gemm(tA, false, m, n, k, 1f, small, lda, b, ldb, 0f, c, ldc));
      }
    }
  }

  @Test
  void packedProductRejectsTooSmallSegments() {
    Assumptions.assumeTrue(MklGemm.packs(), "MKL's packed SGEMM not found in libtorch");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment w = arena.allocate(4L * 6, 64);
      assertThrows(IllegalArgumentException.class, () -> MklGemm.pack(arena, w, 3, 4, 2));
    }
  }

  @Test
  void exponentialsAreWithinAnUlpOfMathExpAndIndependentOfWhereTheyStart() {
    SplittableRandom rng = new SplittableRandom(5);
    float[] a = new float[1000];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (-30 * rng.nextDouble() + 5);
    }
    a[7] = Float.NEGATIVE_INFINITY;
    a[8] = 0f;
    float[] whole = a.clone();
    MklMath.expInPlace(whole, 0, whole.length);
    for (int i = 0; i < a.length; i++) {
      float exact = (float) Math.exp(a[i]);
      assertEquals(exact, whole[i], 2 * Math.ulp(exact), "exp(" + a[i] + ")");
    }
    assertEquals(0f, whole[7]);
    assertEquals(1f, whole[8]);
    // The same values from another offset (another alignment of their first element): same bits.
    for (int shift = 1; shift < 17; shift++) {
      float[] moved = new float[a.length + shift];
      System.arraycopy(a, 0, moved, shift, a.length);
      MklMath.expInPlace(moved, shift, a.length);
      float[] back = new float[a.length];
      System.arraycopy(moved, shift, back, 0, a.length);
      assertArrayEquals(whole, back, "shift " + shift);
      assertEquals(0f, moved[0], "outside the range is untouched");
    }
    assertThrows(IndexOutOfBoundsException.class, () -> MklMath.expInPlace(a, 990, 20));
  }
}
