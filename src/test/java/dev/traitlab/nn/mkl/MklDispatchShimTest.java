package dev.traitlab.nn.mkl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launcher's MKL shim (src/main/c/mkl_intel_cpu.c, built and preloaded by scripts/env.sh
 * traitlab_mkl_dispatch): on an AMD processor it must move MKL off its generic path, and products
 * must stay MKL's products (equal to the generic path's to float rounding).
 */
class MklDispatchShimTest {
  @Test
  void theShimMovesMklOffItsGenericPathAndProductsAgreeToRounding() throws Exception {
    assumeTrue(MklGemm.available(), "MKL is not available in this process");
    assumeTrue(
        Files.readString(Path.of("/proc/cpuinfo")).contains("AuthenticAMD"),
        "not an AMD processor: MKL takes its instruction-set paths without the shim");
    assumeTrue(
        System.getenv("LD_PRELOAD") == null || !System.getenv("LD_PRELOAD").contains("traitlab"),
        "this test JVM already preloads the shim");
    Path root = Path.of("").toAbsolutePath();
    Process build =
        new ProcessBuilder(
                "bash",
                "-c",
                ". scripts/env.sh && TRAITLAB_MKL_DISPATCH=isa traitlab_mkl_dispatch \"$PWD\""
                    + " && printf '%s' \"$TRAITLAB_MKL_PRELOAD\"")
            .directory(root.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String shim = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(build.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, build.exitValue(), "traitlab_mkl_dispatch failed");
    assumeTrue(
        !shim.isEmpty(), "no C compiler (cc) to build the shim: the launcher runs without it");

    List<String> generic = probe(null);
    List<String> isa = probe(shim);
    assertEquals("generic", generic.get(0), "MKL's own choice on an AMD processor");
    assertNotEquals("generic", isa.get(0), "the preloaded shim must change MKL's code path");
    assertNotEquals("unavailable", isa.get(0));

    float[] expected = MklDispatchProbe.product();
    assertEquals(expected.length + 1, generic.size());
    assertEquals(expected.length + 1, isa.size());
    for (int i = 0; i < expected.length; i++) {
      // The parent runs MKL's own path too: the same kernel, so the same bits.
      assertEquals(Float.floatToRawIntBits(expected[i]), Integer.parseInt(generic.get(i + 1)));
      float other = Float.intBitsToFloat(Integer.parseInt(isa.get(i + 1)));
      // Sums of 200 products of values in [-1, 1): only the summation order may differ.
      assertEquals(expected[i], other, 1e-4f, "element " + i);
    }

    // The training step's split products on the path ./traitlab runs (this suite runs MKL's own).
    List<String> blocked = run("dev.traitlab.nn.train.BlockedProductsProbe", shim, false);
    String verdict = String.join(" / ", blocked);
    assertTrue(
        verdict.startsWith("skip")
            || verdict.equals("ok " + isa.get(0) + " " + !"AVX2".equals(isa.get(0))),
        verdict);
  }

  /** The probe's output lines, run in a new JVM with the given library preloaded (or none). */
  private static List<String> probe(String preload) throws IOException, InterruptedException {
    return run(MklDispatchProbe.class.getName(), preload, true);
  }

  /** Output lines of a main class run in a new JVM with the given library preloaded (or none). */
  private static List<String> run(String mainClass, String preload, boolean mustSucceed)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().remove("LD_PRELOAD");
    if (preload != null) {
      pb.environment().put("LD_PRELOAD", preload);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe did not finish");
    if (mustSucceed) {
      assertEquals(0, p.exitValue(), "probe failed: " + out);
    }
    List<String> lines = new ArrayList<>(out.lines().toList());
    return lines;
  }
}
