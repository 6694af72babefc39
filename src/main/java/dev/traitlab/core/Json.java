package dev.traitlab.core;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The project's JSON mapper: keys sorted so that equal values serialise to equal bytes.
 *
 * <p>JSON has no NaN: a NaN double or float (an interval over one seed, a metric no sample could
 * give) is written as {@code null}, not as Jackson's default string "NaN" in a numeric field.
 * Infinities keep Jackson's strings "Infinity" and "-Infinity", which read back as infinities (a
 * report tells "no peak", an infinite fit, from "no fit", NaN). Read back, {@code null} is NaN
 * wherever the Java type cannot hold null: a primitive {@code double} or {@code float} (Jackson
 * would otherwise make it 0), an element of a {@code double[]} or {@code float[]}, and a {@code
 * Double} or {@code Float} inside a list, array or map. A {@code Double} field of its own stays
 * null (it may mean "not given"), and a primitive missing from the file is 0 as Jackson makes it.
 * Files written before this, with "NaN" strings, still read as NaN.
 */
public final class Json {
  public static final JsonMapper MAPPER =
      JsonMapper.builder(new JsonFactoryBuilder().addDecorator((f, g) -> new NanAsNull(g)).build())
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .configure(
              com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
          .addModule(nullIsNaN())
          .findAndAddModules()
          .build();

  private Json() {}

  /** Compact canonical form, used for hashing. */
  public static String canonical(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise " + value.getClass(), e);
    }
  }

  public static String pretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise " + value.getClass(), e);
    }
  }

  /** Writes atomically (temp file then rename), so a killed process never leaves half a file. */
  public static void write(Path file, Object value) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, pretty(value) + "\n");
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new TraitlabException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes values as JSON Lines (one compact value a line), atomically as {@link #write}: the eval
   * logs of labelled samples.
   */
  public static void writeLines(Path file, java.util.List<?> values) {
    StringBuilder out = new StringBuilder();
    for (Object v : values) {
      out.append(canonical(v)).append('\n');
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, out);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new TraitlabException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** A JSON file as {@code type}; the file is read through {@link TextFiles} (UTF-8 only). */
  public static <T> T read(Path file, Class<T> type) {
    String text = TextFiles.read(file);
    try {
      return MAPPER.readValue(text, type);
    } catch (IOException e) {
      throw new TraitlabException(
          file + ": not valid " + type.getSimpleName() + " JSON: " + firstLine(e.getMessage()), e);
    }
  }

  /**
   * A JSON file as a tree (object keys in file order), read through {@link TextFiles}: a file that
   * is not UTF-8 or not JSON is a one-line error naming the file and the line.
   */
  public static JsonNode readTree(Path file) {
    String text = TextFiles.read(file);
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new TraitlabException(
          file
              + ": bad JSON at line "
              + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
              + ": "
              + firstLine(e.getOriginalMessage()),
          e);
    }
  }

  /** Writes every NaN double or float as {@code null}, wherever it comes from. */
  private static final class NanAsNull extends JsonGeneratorDelegate {
    NanAsNull(JsonGenerator generator) {
      // false: copyCurrentEvent and friends go through the overrides below
      super(generator, false);
    }

    @Override
    public void writeNumber(double v) throws IOException {
      if (Double.isNaN(v)) {
        delegate.writeNull();
      } else {
        delegate.writeNumber(v);
      }
    }

    @Override
    public void writeNumber(float v) throws IOException {
      if (Float.isNaN(v)) {
        delegate.writeNull();
      } else {
        delegate.writeNumber(v);
      }
    }

    @Override
    public void writeArray(double[] array, int offset, int length) throws IOException {
      // the delegate's own writeArray would write its numbers itself, past writeNumber above
      writeStartArray(array, length);
      for (int i = offset; i < offset + length; i++) {
        writeNumber(array[i]);
      }
      writeEndArray();
    }
  }

  /** The deserialisers that read {@code null} back as NaN (see the class comment). */
  private static SimpleModule nullIsNaN() {
    SimpleModule module = new SimpleModule("traitlab-null-is-nan");
    module.addDeserializer(double.class, new PrimitiveDouble());
    module.addDeserializer(float.class, new PrimitiveFloat());
    module.addDeserializer(Double.class, new BoxedDouble(null));
    module.addDeserializer(Float.class, new BoxedFloat(null));
    module.addDeserializer(double[].class, new DoubleArray());
    module.addDeserializer(float[].class, new FloatArray());
    return module;
  }

  /**
   * {@code double}: null is NaN; a component missing from the file is 0 as before (files written
   * before a component was added).
   */
  private static final class PrimitiveDouble extends NumberDeserializers.DoubleDeserializer {
    PrimitiveDouble() {
      super(Double.TYPE, Double.NaN);
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) {
      return 0.0;
    }
  }

  /** As {@link PrimitiveDouble} for {@code float}. */
  private static final class PrimitiveFloat extends NumberDeserializers.FloatDeserializer {
    PrimitiveFloat() {
      super(Float.TYPE, Float.NaN);
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) {
      return 0.0f;
    }
  }

  /** {@code Double}: null stays null for a field of its own, NaN inside a container. */
  private static final class BoxedDouble extends NumberDeserializers.DoubleDeserializer
      implements ContextualDeserializer {
    BoxedDouble(Double nullValue) {
      super(Double.class, nullValue);
    }

    @Override
    public JsonDeserializer<?> createContextual(
        DeserializationContext ctxt, BeanProperty property) {
      return inContainer(property) ? new BoxedDouble(Double.NaN) : this;
    }
  }

  /** As {@link BoxedDouble} for {@code Float}. */
  private static final class BoxedFloat extends NumberDeserializers.FloatDeserializer
      implements ContextualDeserializer {
    BoxedFloat(Float nullValue) {
      super(Float.class, nullValue);
    }

    @Override
    public JsonDeserializer<?> createContextual(
        DeserializationContext ctxt, BeanProperty property) {
      return inContainer(property) ? new BoxedFloat(Float.NaN) : this;
    }
  }

  /**
   * Whether a boxed number is read as an element of {@code property} (a list, array or map) rather
   * than as the property itself; an element at the root (no property) counts as one too.
   */
  private static boolean inContainer(BeanProperty property) {
    return property == null || property.getType().isContainerType();
  }

  /** {@code double[]} with null elements read as NaN. */
  private static final class DoubleArray extends StdDeserializer<double[]> {
    DoubleArray() {
      super(double[].class);
    }

    @Override
    public double[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.isExpectedStartArrayToken()) {
        return (double[]) ctxt.handleUnexpectedToken(double[].class, p);
      }
      double[] out = new double[16];
      int n = 0;
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (n == out.length) {
          out = java.util.Arrays.copyOf(out, 2 * n);
        }
        out[n++] = t == JsonToken.VALUE_NULL ? Double.NaN : _parseDoublePrimitive(p, ctxt);
      }
      return java.util.Arrays.copyOf(out, n);
    }
  }

  /** {@code float[]} with null elements read as NaN. */
  private static final class FloatArray extends StdDeserializer<float[]> {
    FloatArray() {
      super(float[].class);
    }

    @Override
    public float[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.isExpectedStartArrayToken()) {
        return (float[]) ctxt.handleUnexpectedToken(float[].class, p);
      }
      float[] out = new float[16];
      int n = 0;
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (n == out.length) {
          out = java.util.Arrays.copyOf(out, 2 * n);
        }
        out[n++] = t == JsonToken.VALUE_NULL ? Float.NaN : _parseFloatPrimitive(p, ctxt);
      }
      return java.util.Arrays.copyOf(out, n);
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
