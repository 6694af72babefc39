package dev.traitlab.nn.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.TraitlabException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Header validation as the reference library (the safetensors Rust crate) does it, one defect per
 * hand-made file. {@link HuggingFaceInteropTest} hands the same files to the reference library and
 * checks that it refuses each one too.
 */
class SafetensorsTest {

  /** A hand-made file: its header (raw bytes, the length prefix says how many) and data bytes. */
  record Defect(String name, byte[] header, long headerLength, int dataBytes, String expected) {
    Defect(String name, String header, int dataBytes, String expected) {
      this(
          name,
          header.getBytes(StandardCharsets.UTF_8),
          header.getBytes(StandardCharsets.UTF_8).length,
          dataBytes,
          expected);
    }

    Path write(Path dir) throws IOException {
      Path f = dir.resolve(name + ".safetensors");
      ByteBuffer b =
          ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
      b.putLong(headerLength).put(header);
      Files.write(f, b.array());
      return f;
    }
  }

  private static String t(String name, String dtype, String shape, long begin, long end) {
    return "\"%s\": {\"dtype\": \"%s\", \"shape\": %s, \"data_offsets\": [%d, %d]}"
        .formatted(name, dtype, shape, begin, end);
  }

  /** Every defect the reference library refuses, with what traitlab's message says. */
  static List<Defect> defects() {
    return List.of(
        // Issue 13 item 10: b's bytes are a's second half, so both would load from the same bytes.
        new Defect(
            "overlap",
            "{" + t("a", "F32", "[2]", 0, 8) + ", " + t("b", "F32", "[2]", 4, 12) + "}",
            12,
            "tensors 'a' [0, 8) and 'b' [4, 12) overlap in the data"),
        new Defect(
            "same-bytes",
            "{" + t("a", "F32", "[2]", 0, 8) + ", " + t("b", "F32", "[2]", 0, 8) + "}",
            8,
            "overlap in the data"),
        new Defect(
            "gap",
            "{" + t("a", "F32", "[1]", 0, 4) + ", " + t("b", "F32", "[1]", 8, 12) + "}",
            12,
            "bytes [4, 8) of the data, before tensor 'b', belong to no tensor"),
        new Defect(
            "gap-at-start",
            "{" + t("a", "F32", "[1]", 4, 8) + "}",
            8,
            "bytes [0, 4) of the data, before tensor 'a', belong to no tensor"),
        new Defect(
            "past-the-end",
            "{" + t("w", "F32", "[2]", 0, 8) + "}",
            4,
            "tensor 'w' data_offsets [0, 8) lie outside the data (4 bytes)"),
        new Defect(
            "trailing-bytes",
            "{" + t("w", "F32", "[1]", 0, 4) + "}",
            8,
            "bytes [4, 8) at the end of the data belong to no tensor"),
        new Defect(
            "size-not-shape-times-dtype",
            "{" + t("w", "F32", "[3]", 0, 8) + "}",
            8,
            "tensor 'w' has 8 bytes but shape [3] and dtype F32 need 12"),
        new Defect(
            "bf16-size",
            "{" + t("w", "BF16", "[2, 2]", 0, 16) + "}",
            16,
            "shape [2, 2] and dtype BF16 need 8"),
        new Defect(
            "half-byte",
            "{" + t("w", "F4", "[3]", 0, 1) + "}",
            1,
            "tensor 'w' has 3 elements of dtype F4, which fill no whole bytes"),
        new Defect(
            "unknown-dtype",
            "{" + t("w", "F24", "[2]", 0, 6) + "}",
            6,
            "tensor 'w' has unknown dtype \"F24\""),
        new Defect(
            "end-before-begin",
            "{" + t("w", "F32", "[0]", 8, 4) + "}",
            8,
            "tensor 'w' data_offsets [8,4] end before they begin"),
        new Defect(
            "negative-dimension",
            "{" + t("w", "F32", "[-1]", 0, 4) + "}",
            4,
            "tensor 'w' has dimension -1 (not an integer >= 0)"),
        new Defect(
            "fractional-offset",
            "{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4.0]}}",
            4,
            "are not integers >= 0"),
        new Defect(
            "one-offset",
            "{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4]}}",
            4,
            "are not two offsets [begin, end]"),
        new Defect(
            "no-shape",
            "{\"w\": {\"dtype\": \"F32\", \"data_offsets\": [0, 4]}}",
            4,
            "tensor 'w' lacks dtype, shape or data_offsets"),
        new Defect(
            "shape-overflow",
            "{" + t("w", "F32", "[4294967296, 4294967296]", 0, 0) + "}",
            0,
            "tensor 'w' has a shape whose byte count overflows"),
        new Defect(
            "duplicate-name",
            "{" + t("w", "F32", "[1]", 0, 4) + ", " + t("w", "F32", "[1]", 4, 8) + "}",
            8,
            "header names a tensor twice"),
        new Defect(
            "metadata-not-strings",
            "{\"__metadata__\": {\"format\": 1}, " + t("w", "F32", "[1]", 0, 4) + "}",
            4,
            "__metadata__ value 'format' is not a string"),
        new Defect("not-json", "{not json", 8, "header is not valid JSON"),
        new Defect("not-an-object", "[1, 2]", 0, "header is not a JSON object"),
        new Defect(
            "not-utf8",
            new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'},
            7,
            0,
            "header is not valid UTF-8"),
        new Defect(
            "header-longer-than-file",
            "{}".getBytes(StandardCharsets.UTF_8),
            64,
            0,
            "header length 64 does not fit a file of 10 bytes"),
        new Defect(
            "header-too-large",
            "{}".getBytes(StandardCharsets.UTF_8),
            100_000_001L,
            0,
            "header length 100000001 is more than the 100000000 bytes the format allows"));
  }

  @Test
  void eachDefectIsRefusedWithTheFileTheTensorAndTheReason(@TempDir Path dir) throws IOException {
    for (Defect d : defects()) {
      Path f = d.write(dir);
      String m =
          assertThrows(TraitlabException.class, () -> Safetensors.read(f), d.name()).getMessage();
      assertTrue(m.startsWith("malformed safetensors file " + f + ": "), d.name() + ": " + m);
      assertTrue(m.contains(d.expected()), d.name() + ": " + m);
    }
  }

  /** Files the reference library reads; {@link HuggingFaceInteropTest} checks that it does. */
  static List<Defect> valid() {
    return List.of(
        // Header order differs from offset order; a zero-size tensor ends where it begins.
        new Defect(
            "out-of-order",
            "{\"__metadata__\": {\"format\": \"pt\"}, "
                + t("b", "F32", "[1]", 4, 8)
                + ", "
                + t("a", "F32", "[1]", 0, 4)
                + ", "
                + t("e", "F32", "[0, 3]", 8, 8)
                + "}",
            8,
            ""),
        new Defect("empty", "{}", 0, ""));
  }

  @Test
  void validFilesReadInTheirHeadersOrder(@TempDir Path dir) throws IOException {
    Path f = valid().get(0).write(dir);
    Map<String, Safetensors.Tensor> t = Safetensors.read(f);
    assertEquals(List.of("b", "a", "e"), List.copyOf(t.keySet()));
    assertArrayEquals(new long[] {0, 3}, t.get("e").shape());
    assertEquals(0, t.get("a").data()[0]);
    assertTrue(Safetensors.read(valid().get(1).write(dir)).isEmpty());
  }

  @Test
  void knownDtypesTraitlabDoesNotLoadAreNamed(@TempDir Path dir) throws IOException {
    Path f = new Defect("i8", "{" + t("w", "I8", "[8]", 0, 8) + "}", 8, "").write(dir);
    String m = assertThrows(TraitlabException.class, () -> Safetensors.read(f)).getMessage();
    assertTrue(
        m.contains("tensor 'w' has dtype 'I8', which traitlab does not load (it loads F32, F16"),
        m);
  }

  @Test
  void whatTraitlabWritesPassesItsOwnChecks(@TempDir Path dir) {
    Path f = dir.resolve("w.safetensors");
    Safetensors.write(
        f,
        new java.util.LinkedHashMap<>(
            Map.of(
                "x", new Safetensors.Tensor(new long[] {2, 3}, new float[6]),
                "y", new Safetensors.Tensor(new long[] {1}, new float[] {7}))));
    assertEquals(7f, Safetensors.read(f).get("y").data()[0]);
  }
}
