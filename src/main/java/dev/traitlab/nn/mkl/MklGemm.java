package dev.traitlab.nn.mkl;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Single-precision matrix products through the MKL {@code SGEMM} that libtorch (the engine DJL
 * loads) already carries, called directly through the Java foreign-function API on off-heap
 * segments.
 *
 * <p>Why: a decoding step multiplies a handful of rows by each weight matrix; through DJL every
 * such product is one of about 40 native tensor ops per layer, each paying its own dispatch, and
 * the ops' overhead, not their arithmetic, sets the step time. Calling the same BLAS kernel
 * directly keeps the arithmetic and drops the overhead. The call is a critical downcall (no
 * safepoint; the scalar arguments go by reference from small Java arrays).
 *
 * <p>Found by looking up {@code libtorch_cpu} among the process's mapped libraries (Linux) once
 * DJL's engine has loaded it; {@link #available()} is false elsewhere, or when libtorch was built
 * without MKL, and callers then keep the DJL path.
 */
public final class MklGemm {
  private static final SymbolLookup MKL = lookupLibrary();
  private static final MethodHandle SGEMM =
      downcall("SGEMM", FunctionDescriptor.ofVoid(repeat(13)));
  // MKL's packed-matrix API: a weight is packed once into MKL's internal layout, and every product
  // with it then skips the copy (packing) SGEMM makes on each call.
  private static final MethodHandle PACK_GET_SIZE =
      downcall("SGEMM_PACK_GET_SIZE", FunctionDescriptor.of(ValueLayout.JAVA_LONG, repeat(4)));
  private static final MethodHandle PACK =
      downcall("SGEMM_PACK", FunctionDescriptor.ofVoid(repeat(9)));
  private static final MethodHandle COMPUTE =
      downcall("SGEMM_COMPUTE", FunctionDescriptor.ofVoid(repeat(12)));

  private static final MethodHandle CPU_TYPE =
      downcall("mkl_serv_get_cpu_type", FunctionDescriptor.of(ValueLayout.JAVA_INT));

  private MklGemm() {}

  /**
   * The code path MKL dispatches to in this process, in words: "generic" (type 0: MKL's path for
   * processors it does not recognise as Intel's, on AMD processors unless traitlab's shim {@code
   * src/main/c/mkl_intel_cpu.c} is preloaded), "AVX2" (type 5), else "type N" (MKL's internal
   * number), or "unavailable" without MKL. Benchmarks print it: on an AMD EPYC (Zen 3) the AVX2
   * path ran the training step's products 12-50% faster than the generic one.
   */
  public static String codePath() {
    if (CPU_TYPE == null) {
      return "unavailable";
    }
    int type;
    try {
      type = (int) CPU_TYPE.invokeExact();
    } catch (Throwable e) {
      return "unavailable";
    }
    return switch (type) {
      case 0 -> "generic";
      case 5 -> "AVX2";
      default -> "type " + type;
    };
  }

  /** Whether {@link #linear} can be called in this process. */
  public static boolean available() {
    return SGEMM != null;
  }

  /**
   * out[m, n] = x[m, k] . w[n, k]^T (a linear layer without bias, row-major float32 segments),
   * overwriting {@code out}'s first m*n floats. Pass segments with one fixed alignment (e.g. 64
   * bytes): MKL's summation order, and so the last bits of the result, can depend on where the data
   * starts.
   *
   * @throws IllegalStateException when MKL is not {@link #available()}
   */
  public static void linear(
      MemorySegment x, int m, int k, MemorySegment w, int n, MemorySegment out) {
    if (SGEMM == null) {
      throw new IllegalStateException("MKL SGEMM is not available in this process");
    }
    if (x.byteSize() < 4L * m * k || w.byteSize() < 4L * n * k || out.byteSize() < 4L * m * n) {
      throw new IllegalArgumentException(
          "linear: segments too small for [" + m + ", " + k + "] x [" + n + ", " + k + "]^T");
    }
    // Column-major view: out^T [n, m] = w [n, k] (stored as k x n, transposed) times x^T (k x m).
    int[] dims = {n, m, k};
    float[] scalars = {1f, 0f};
    MemorySegment d = MemorySegment.ofArray(dims);
    MemorySegment a = MemorySegment.ofArray(scalars);
    try {
      SGEMM.invokeExact(
          MemorySegment.ofArray(TRANSPOSE),
          MemorySegment.ofArray(NO_TRANSPOSE),
          d,
          d.asSlice(4),
          d.asSlice(8),
          a,
          w,
          d.asSlice(8),
          x,
          d.asSlice(8),
          a.asSlice(4),
          out,
          d);
    } catch (Throwable e) {
      throw new IllegalStateException("MKL SGEMM failed", e);
    }
  }

  /**
   * The general product on row-major float32 segments: c[m, n] := alpha * op(a) . op(b) + beta * c,
   * op(a) [m, k] being a (stored [m, k], leading dimension lda) or, with {@code transA}, a^T (a
   * stored [k, m]); likewise op(b) [k, n]. Leading dimensions are in floats (the row stride); with
   * beta 0 c's old values are not read (NaN-safe). Segments may lie on or off the heap; pass one
   * fixed alignment for reproducible bits (see {@link #linear}).
   *
   * @throws IllegalStateException when MKL is not {@link #available()}
   * @throws IllegalArgumentException when a segment is too small for its shape and stride
   */
  public static void gemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      MemorySegment a,
      int lda,
      MemorySegment b,
      int ldb,
      float beta,
      MemorySegment c,
      int ldc) {
    if (SGEMM == null) {
      throw new IllegalStateException("MKL SGEMM is not available in this process");
    }
    if (m == 0 || n == 0) {
      return;
    }
    int aRows = transA ? k : m;
    int aCols = transA ? m : k;
    int bRows = transB ? n : k;
    int bCols = transB ? k : n;
    if (lda < Math.max(1, aCols)
        || ldb < Math.max(1, bCols)
        || ldc < n
        || a.byteSize() < 4L * ((long) (aRows - 1) * lda + aCols)
        || b.byteSize() < 4L * ((long) (bRows - 1) * ldb + bCols)
        || c.byteSize() < 4L * ((long) (m - 1) * ldc + n)) {
      throw new IllegalArgumentException(
          "gemm: segments or strides too small for ["
              + m
              + ", "
              + k
              + "] x ["
              + k
              + ", "
              + n
              + "] (lda "
              + lda
              + ", ldb "
              + ldb
              + ", ldc "
              + ldc
              + ")");
    }
    // Column-major view: c^T [n, m] = op(b)^T [n, k] . op(a)^T [k, m]; a row-major [r, s] matrix
    // is its transpose in column-major order, so each operand's flag carries over unchanged.
    int[] dims = {n, m, k, ldb, lda, ldc};
    float[] scalars = {alpha, beta};
    MemorySegment d = MemorySegment.ofArray(dims);
    MemorySegment s = MemorySegment.ofArray(scalars);
    try {
      SGEMM.invokeExact(
          MemorySegment.ofArray(transB ? TRANSPOSE : NO_TRANSPOSE),
          MemorySegment.ofArray(transA ? TRANSPOSE : NO_TRANSPOSE),
          d,
          d.asSlice(4),
          d.asSlice(8),
          s,
          b,
          d.asSlice(12),
          a,
          d.asSlice(16),
          s.asSlice(4),
          c,
          d.asSlice(20));
    } catch (Throwable e) {
      throw new IllegalStateException("MKL SGEMM failed", e);
    }
  }

  private static final MethodHandle SET_LOCAL_THREADS =
      // The Fortran-style entry (the argument by reference), as for the products.
      downcall(
          "MKL_SET_NUM_THREADS_LOCAL",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

  /**
   * Sets the number of threads MKL uses for calls from the current thread (0: back to the
   * process-wide setting) and returns the previous per-thread setting, or -1 where MKL is absent.
   * Threads of one's own that each run small products set 1, so MKL does not start its own threads
   * inside theirs.
   */
  public static int setThreadsForThisThread(int threads) {
    if (SET_LOCAL_THREADS == null) {
      return -1;
    }
    try {
      return (int) SET_LOCAL_THREADS.invokeExact(MemorySegment.ofArray(new int[] {threads}));
    } catch (Throwable e) {
      throw new IllegalStateException("mkl_set_num_threads_local failed", e);
    }
  }

  /** Whether weights can be packed ({@link #pack}) in this process. */
  public static boolean packs() {
    return SGEMM != null && PACK_GET_SIZE != null && PACK != null && COMPUTE != null;
  }

  /**
   * A weight w[n, k] (row-major float32) packed by MKL for products with m-row inputs, in a segment
   * of {@code arena}: {@link #linearPacked} with the same m, k and n then computes what {@link
   * #linear} computes, without packing w again on each call.
   *
   * @throws IllegalStateException when MKL's packing API is not {@link #packs() available}
   */
  public static MemorySegment pack(Arena arena, MemorySegment w, int n, int k, int m) {
    if (!packs()) {
      throw new IllegalStateException("MKL's packed SGEMM is not available in this process");
    }
    if (w.byteSize() < 4L * n * k) {
      throw new IllegalArgumentException("pack: segment too small for [" + n + ", " + k + "]");
    }
    // The same column-major view as linear: w is its "A" operand (n x k after transposing).
    int[] dims = {n, m, k};
    MemorySegment d = MemorySegment.ofArray(dims);
    MemorySegment id = MemorySegment.ofArray(A_OPERAND);
    try {
      long bytes = (long) PACK_GET_SIZE.invokeExact(id, d, d.asSlice(4), d.asSlice(8));
      MemorySegment packed = arena.allocate(bytes, 64);
      PACK.invokeExact(
          id,
          MemorySegment.ofArray(TRANSPOSE),
          d,
          d.asSlice(4),
          d.asSlice(8),
          MemorySegment.ofArray(new float[] {1f}),
          w,
          d.asSlice(8),
          packed);
      return packed;
    } catch (Throwable e) {
      throw new IllegalStateException("MKL SGEMM_PACK failed", e);
    }
  }

  /**
   * out[m, n] = x[m, k] . w[n, k]^T for a weight {@link #pack packed} for these m, k and n,
   * overwriting {@code out}'s first m*n floats.
   */
  public static void linearPacked(
      MemorySegment x, int m, int k, MemorySegment packed, int n, MemorySegment out) {
    if (x.byteSize() < 4L * m * k || out.byteSize() < 4L * m * n) {
      throw new IllegalArgumentException(
          "linearPacked: segments too small for [" + m + ", " + k + "] x [" + n + ", " + k + "]^T");
    }
    int[] dims = {n, m, k};
    MemorySegment d = MemorySegment.ofArray(dims);
    try {
      COMPUTE.invokeExact(
          MemorySegment.ofArray(PACKED),
          MemorySegment.ofArray(NO_TRANSPOSE),
          d,
          d.asSlice(4),
          d.asSlice(8),
          packed,
          d.asSlice(8),
          x,
          d.asSlice(8),
          MemorySegment.ofArray(new float[] {0f}),
          out,
          d);
    } catch (Throwable e) {
      throw new IllegalStateException("MKL SGEMM_COMPUTE failed", e);
    }
  }

  private static final byte[] TRANSPOSE = {'T'};
  private static final byte[] NO_TRANSPOSE = {'N'};
  private static final byte[] PACKED = {'P'};
  private static final byte[] A_OPERAND = {'A'};

  private static SymbolLookup lookupLibrary() {
    try {
      // DJL maps libtorch when its engine first loads; make sure that has happened.
      Engine.getEngine("PyTorch");
      Optional<Path> lib = mappedLibrary("libtorch_cpu.so");
      return lib.isEmpty() ? null : SymbolLookup.libraryLookup(lib.get(), Arena.global());
    } catch (RuntimeException | IOException e) {
      return null;
    }
  }

  public static MethodHandle downcall(String symbol, FunctionDescriptor d) {
    if (MKL == null) {
      return null;
    }
    return MKL.find(symbol)
        .map(f -> Linker.nativeLinker().downcallHandle(f, d, Linker.Option.critical(true)))
        .orElse(null);
  }

  private static MemoryLayout[] repeat(int n) {
    MemoryLayout[] a = new MemoryLayout[n];
    Arrays.fill(a, ValueLayout.ADDRESS);
    return a;
  }

  /** The path of a shared library mapped into this process (Linux /proc/self/maps), if any. */
  private static Optional<Path> mappedLibrary(String name) throws IOException {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return Optional.empty();
    }
    return Files.readAllLines(maps).stream()
        .map(line -> line.substring(line.lastIndexOf(' ') + 1))
        .filter(p -> p.endsWith("/" + name))
        .findFirst()
        .map(Path::of);
  }
}
