package dev.traitlab.nn.transformer;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.core.TraitlabException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reader and writer of the safetensors format (8-byte little-endian header length, JSON header, raw
 * little-endian tensor bytes). DJL 0.35 has a codec in {@code NDList.decode/encode}, but it aborts
 * the JVM on BF16 tensors (the dtype of most published checkpoints), caps files at 2 GiB and writes
 * no {@code __metadata__} (transformers expects {@code "format": "pt"}), so this one reads F32, F16
 * and BF16 into float32 and writes F32.
 */
public final class Safetensors {
  private static final ObjectMapper JSON = new ObjectMapper();
  // Duplicate keys are refused: a second entry for a tensor name would silently win otherwise.
  private static final ObjectMapper HEADER_JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  // The reference library's limit on the header.
  private static final long MAX_HEADER = 100_000_000L;
  private static final Set<String> LOADED = Set.of("F32", "F16", "BF16");

  private Safetensors() {}

  /** A tensor as float32 values in row-major order. */
  public record Tensor(long[] shape, float[] data) {
    public Tensor {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      if (n != data.length) {
        throw new IllegalArgumentException("shape does not match data length " + data.length);
      }
    }
  }

  /**
   * The dtypes of the format with their sizes in bits, as the reference library (the safetensors
   * Rust crate, 0.6) knows them; traitlab loads F32, F16 and BF16 of these.
   */
  private static final Map<String, Integer> DTYPE_BITS =
      Map.ofEntries(
          Map.entry("BOOL", 8),
          Map.entry("F4", 4),
          Map.entry("F6_E2M3", 6),
          Map.entry("F6_E3M2", 6),
          Map.entry("U8", 8),
          Map.entry("I8", 8),
          Map.entry("F8_E5M2", 8),
          Map.entry("F8_E4M3", 8),
          Map.entry("F8_E8M0", 8),
          Map.entry("F8_E4M3FNUZ", 8),
          Map.entry("F8_E5M2FNUZ", 8),
          Map.entry("I16", 16),
          Map.entry("U16", 16),
          Map.entry("F16", 16),
          Map.entry("BF16", 16),
          Map.entry("I32", 32),
          Map.entry("U32", 32),
          Map.entry("F32", 32),
          Map.entry("C64", 64),
          Map.entry("F64", 64),
          Map.entry("I64", 64),
          Map.entry("U64", 64));

  /** One tensor's header entry: its bytes are [begin, end) of the data section. */
  private record Entry(String name, String dtype, long[] shape, long count, long begin, long end) {
    String range() {
      return "[" + begin + ", " + end + ")";
    }
  }

  /**
   * Reads every tensor. The header is validated first, as the reference library does before it
   * hands out any tensor: a header length of at most 100,000,000 bytes that fits the file, UTF-8
   * JSON holding an object, {@code __metadata__} (if any) mapping names to strings, every tensor
   * with a known dtype, a shape of non-negative integers and two data_offsets, its byte count equal
   * to the product of the shape times the dtype's size, and the tensors, sorted by offset, tiling
   * the data section exactly: no overlap, no gap, nothing past or short of the end of the file. A
   * file that breaks any of these is refused with a one-line error naming the file and the tensor,
   * instead of loading weights that alias each other or lie outside the tensor.
   */
  public static Map<String, Tensor> read(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw bad(file, "file is shorter than the 8-byte header length");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLen = lenBuf.flip().getLong();
      if (headerLen < 0 || headerLen > MAX_HEADER) {
        throw bad(
            file,
            "header length "
                + Long.toUnsignedString(headerLen)
                + " is more than the "
                + MAX_HEADER
                + " bytes the format allows");
      }
      if (8 + headerLen > size) {
        throw bad(
            file, "header length " + headerLen + " does not fit a file of " + size + " bytes");
      }
      ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
      readFully(ch, hb, 8);
      String text;
      try {
        text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(hb.flip())
                .toString();
      } catch (CharacterCodingException e) {
        throw bad(file, "header is not valid UTF-8");
      }
      JsonNode header;
      try {
        header = HEADER_JSON.readTree(text);
      } catch (IOException e) {
        String why = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        throw bad(
            file,
            why.startsWith("Duplicate field")
                ? "header names a tensor twice (" + why + ")"
                : "header is not valid JSON");
      }
      if (header == null || !header.isObject()) {
        throw bad(file, "header is not a JSON object");
      }
      long dataStart = 8 + headerLen;
      long dataLen = size - dataStart;
      List<Entry> entries = validate(file, header, dataLen);
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (Entry e : entries) {
        out.put(e.name(), readTensor(file, ch, e, dataStart));
      }
      return out;
    } catch (IOException e) {
      throw new TraitlabException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The header's tensors in file order, after every check {@link #read} lists. */
  private static List<Entry> validate(Path file, JsonNode header, long dataLen) {
    List<Entry> entries = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = header.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("__metadata__")) {
        checkMetadata(file, e.getValue());
      } else {
        entries.add(entry(file, e.getKey(), e.getValue()));
      }
    }
    List<Entry> byOffset = new ArrayList<>(entries);
    byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long expected = 0;
    Entry previous = null;
    for (Entry e : byOffset) {
      if (e.begin() < expected) {
        throw bad(
            file,
            "tensors '"
                + previous.name()
                + "' "
                + previous.range()
                + " and '"
                + e.name()
                + "' "
                + e.range()
                + " overlap in the data");
      }
      if (e.begin() > expected) {
        throw bad(
            file,
            "bytes ["
                + expected
                + ", "
                + e.begin()
                + ") of the data, before tensor '"
                + e.name()
                + "', belong to no tensor");
      }
      if (e.end() > dataLen) {
        throw bad(
            file,
            "tensor '"
                + e.name()
                + "' data_offsets "
                + e.range()
                + " lie outside the data ("
                + dataLen
                + " bytes)");
      }
      expected = e.end();
      previous = e;
    }
    if (expected != dataLen) {
      throw bad(
          file,
          "bytes ["
              + expected
              + ", "
              + dataLen
              + ") at the end of the data belong to no tensor (the last tensor must end the file)");
    }
    return entries;
  }

  private static void checkMetadata(Path file, JsonNode metadata) {
    if (!metadata.isObject()) {
      throw bad(file, "__metadata__ is not an object of strings");
    }
    for (Iterator<Map.Entry<String, JsonNode>> m = metadata.fields(); m.hasNext(); ) {
      Map.Entry<String, JsonNode> kv = m.next();
      if (!kv.getValue().isTextual()) {
        throw bad(file, "__metadata__ value '" + kv.getKey() + "' is not a string");
      }
    }
  }

  private static Entry entry(Path file, String name, JsonNode t) {
    String tensor = "tensor '" + name + "'";
    if (!t.isObject()) {
      throw bad(file, tensor + " is not an object with dtype, shape and data_offsets");
    }
    JsonNode dtypeNode = t.get("dtype");
    JsonNode shapeNode = t.get("shape");
    JsonNode offsets = t.get("data_offsets");
    if (dtypeNode == null || shapeNode == null || offsets == null) {
      throw bad(file, tensor + " lacks dtype, shape or data_offsets");
    }
    String dtype = dtypeNode.asText("");
    Integer bits = dtypeNode.isTextual() ? DTYPE_BITS.get(dtype) : null;
    if (bits == null) {
      throw bad(
          file,
          tensor + " has unknown dtype " + dtypeNode + " (the format's: " + dtypeNames() + ")");
    }
    if (!shapeNode.isArray()) {
      throw bad(file, tensor + " has a shape that is not a list");
    }
    long[] shape = new long[shapeNode.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = nonNegativeInteger(shapeNode.get(i));
      if (shape[i] < 0) {
        throw bad(file, tensor + " has dimension " + shapeNode.get(i) + " (not an integer >= 0)");
      }
      count = multiply(file, tensor, count, shape[i]);
    }
    long totalBits = multiply(file, tensor, count, bits);
    if (totalBits % 8 != 0) {
      throw bad(
          file,
          tensor + " has " + count + " elements of dtype " + dtype + ", which fill no whole bytes");
    }
    long bytes = totalBits / 8;
    if (!offsets.isArray() || offsets.size() != 2) {
      throw bad(file, tensor + " data_offsets " + offsets + " are not two offsets [begin, end]");
    }
    long begin = nonNegativeInteger(offsets.get(0));
    long end = nonNegativeInteger(offsets.get(1));
    if (begin < 0 || end < 0) {
      throw bad(file, tensor + " data_offsets " + offsets + " are not integers >= 0");
    }
    if (end < begin) {
      throw bad(file, tensor + " data_offsets " + offsets + " end before they begin");
    }
    if (end - begin != bytes) {
      throw bad(
          file,
          tensor
              + " has "
              + (end - begin)
              + " bytes but shape "
              + Arrays.toString(shape)
              + " and dtype "
              + dtype
              + " need "
              + bytes);
    }
    return new Entry(name, dtype, shape, count, begin, end);
  }

  private static long nonNegativeInteger(JsonNode n) {
    return n != null && n.isIntegralNumber() && n.canConvertToLong() ? n.asLong() : -1;
  }

  private static long multiply(Path file, String tensor, long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw bad(file, tensor + " has a shape whose byte count overflows");
    }
  }

  private static String dtypeNames() {
    return String.join(", ", new java.util.TreeSet<>(DTYPE_BITS.keySet()));
  }

  private static Tensor readTensor(Path file, FileChannel ch, Entry e, long dataStart)
      throws IOException {
    if (!LOADED.contains(e.dtype())) {
      throw bad(
          file,
          "tensor '"
              + e.name()
              + "' has dtype '"
              + e.dtype()
              + "', which traitlab does not load (it loads F32, F16 and BF16)");
    }
    if (e.count() > Integer.MAX_VALUE - 8) {
      throw bad(file, "tensor '" + e.name() + "' has more than 2^31 elements");
    }
    MappedByteBuffer map =
        ch.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), e.end() - e.begin());
    map.order(ByteOrder.LITTLE_ENDIAN);
    float[] data = new float[(int) e.count()];
    switch (e.dtype()) {
      case "F32" -> map.asFloatBuffer().get(data);
      case "F16" -> {
        for (int i = 0; i < data.length; i++) {
          data[i] = Float.float16ToFloat(map.getShort());
        }
      }
      default -> {
        for (int i = 0; i < data.length; i++) {
          data[i] = Float.intBitsToFloat((map.getShort() & 0xffff) << 16);
        }
      }
    }
    return new Tensor(e.shape(), data);
  }

  /** Writes the tensors as F32 in the given order, with {@code __metadata__.format = "pt"}. */
  public static void write(Path file, Map<String, Tensor> tensors) {
    ObjectNode header = JSON.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", "F32");
      var shape = t.putArray("shape");
      for (long d : e.getValue().shape()) {
        shape.add(d);
      }
      long bytes = 4L * e.getValue().data().length;
      t.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] headerBytes;
    try {
      headerBytes = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
    int padded = (headerBytes.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(headerBytes);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    head.flip();
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      writeFully(ch, head);
      for (Tensor t : tensors.values()) {
        ByteBuffer buf = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer fb = buf.asFloatBuffer();
        fb.put(t.data());
        writeFully(ch, buf);
      }
    } catch (IOException e) {
      throw new TraitlabException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, position + buf.position());
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  private static TraitlabException bad(Path file, String what) {
    return new TraitlabException("malformed safetensors file " + file + ": " + what);
  }
}
