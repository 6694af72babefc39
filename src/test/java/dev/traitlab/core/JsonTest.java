package dev.traitlab.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.traitlab.stats.MeanInterval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {
  record Numbers(
      double finite,
      double missing,
      float single,
      Double optional,
      double[] array,
      float[] floats,
      List<Double> list,
      Map<String, Double> map) {}

  private static Numbers withNaN() {
    Map<String, Double> map = new LinkedHashMap<>();
    map.put("a", 0.25);
    map.put("b", Double.NaN);
    return new Numbers(
        0.1 + 0.2,
        Double.NaN,
        Float.NaN,
        null,
        new double[] {1.5, Double.NaN, Double.POSITIVE_INFINITY},
        new float[] {Float.NaN, 2.5f},
        java.util.Arrays.asList(Double.NaN, -3.0),
        map);
  }

  @Test
  void nanIsWrittenAsNullAndReadBackAsNaNWhileInfinitiesRoundTrip() throws Exception {
    String text = Json.pretty(withNaN());
    assertFalse(text.contains("NaN"), text);
    JsonNode tree = Json.MAPPER.readTree(text);
    assertTrue(tree.get("missing").isNull(), text);
    assertTrue(tree.get("single").isNull(), text);
    assertTrue(tree.get("array").get(1).isNull(), text);
    assertEquals("Infinity", tree.get("array").get(2).asText(), text);
    assertTrue(tree.get("list").get(0).isNull(), text);
    assertTrue(tree.get("map").get("b").isNull(), text);
    // a finite value keeps its shortest round-tripping form
    assertEquals(0.30000000000000004, tree.get("finite").doubleValue(), 0.0);
    assertTrue(text.contains("0.30000000000000004"), text);

    Numbers back = Json.MAPPER.readValue(text, Numbers.class);
    assertEquals(0.1 + 0.2, back.finite(), 0.0);
    assertTrue(Double.isNaN(back.missing()), "null read into a double must be NaN, not 0");
    assertTrue(Float.isNaN(back.single()));
    assertNull(back.optional(), "a Double of its own stays null");
    assertArrayEquals(new double[] {1.5, Double.NaN, Double.POSITIVE_INFINITY}, back.array(), 0.0);
    assertArrayEquals(new float[] {Float.NaN, 2.5f}, back.floats(), 0.0f);
    assertTrue(back.list().get(0).isNaN(), back.list().toString());
    assertEquals(-3.0, back.list().get(1), 0.0);
    assertEquals(0.25, back.map().get("a"), 0.0);
    assertTrue(back.map().get("b").isNaN(), back.map().toString());
  }

  @Test
  void aOneSeedIntervalRoundTripsThroughAFile(@TempDir Path dir) throws Exception {
    MeanInterval one = MeanInterval.of(0.625);
    MeanInterval three = MeanInterval.of(0.5, 0.6, 0.7);
    Path file = dir.resolve("results.json");
    Json.write(file, List.of(one, three));
    String text = Files.readString(file);
    assertTrue(text.contains("\"lower\" : null"), text);
    assertFalse(text.contains("NaN"), text);

    MeanInterval[] back = Json.read(file, MeanInterval[].class);
    assertEquals(0.625, back[0].mean(), 0.0);
    assertTrue(Double.isNaN(back[0].lower()), back[0].toString());
    assertTrue(Double.isNaN(back[0].upper()), back[0].toString());
    assertTrue(Double.isNaN(back[0].std()), back[0].toString());
    assertEquals(1, back[0].n());
    assertEquals(three, back[1]);
  }

  /** results.json files written before non-finite numbers became null have "NaN" strings. */
  @Test
  void olderFilesWithNaNStringsStillRead() throws Exception {
    MeanInterval back =
        Json.MAPPER.readValue(
            "{\"mean\":0.5,\"lower\":\"NaN\",\"upper\":\"NaN\",\"std\":\"NaN\",\"n\":1,"
                + "\"level\":0.95}",
            MeanInterval.class);
    assertTrue(Double.isNaN(back.lower()));
    assertEquals(0.5, back.mean(), 0.0);
    assertArrayEquals(
        new double[] {Double.NaN, 1.0},
        Json.MAPPER.readValue("[\"NaN\", 1.0]", double[].class),
        0.0);
  }

  /** A component that an older file lacks is still 0 as Jackson makes it: only null is NaN. */
  @Test
  void aMissingPrimitiveIsZeroAsBefore() throws Exception {
    MeanInterval back = Json.MAPPER.readValue("{\"mean\":0.5,\"n\":1}", MeanInterval.class);
    assertEquals(0.0, back.lower(), 0.0);
    assertEquals(0.5, back.mean(), 0.0);
  }

  /** Untyped values (run metrics, read back by 'traitlab runs') get null, never "NaN". */
  @Test
  void untypedMapsAndTreesGetNull() throws Exception {
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", Double.NaN);
    metrics.put("chance", 0.1);
    assertEquals("{\"accuracy\":null,\"chance\":0.1}", Json.canonical(metrics));
    JsonNode tree = Json.MAPPER.valueToTree(Map.of("x", Double.NaN));
    assertEquals("{\"x\":null}", Json.canonical(tree));
  }
}
