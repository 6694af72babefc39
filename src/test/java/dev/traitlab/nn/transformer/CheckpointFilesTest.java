package dev.traitlab.nn.transformer;

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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFilesTest {

  private static String message(Runnable r) {
    return assertThrows(TraitlabException.class, r::run).getMessage();
  }

  @Test
  void configRoundTripsThroughJson() {
    TransformerConfig c = TransformerModelTest.tiny("qwen2", false);
    assertEquals(c, TransformerConfig.parse(c.toJson(), "x"));
    assertTrue(c.toJson().contains("\"Qwen2ForCausalLM\""));
  }

  @Test
  void malformedConfigGivesOneLineErrorNamingFileAndField(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("config.json");
    Files.writeString(f, "{\"model_type\": \"llama\", \"vocab_size\": 10,");
    String m = message(() -> TransformerConfig.read(f));
    assertTrue(m.startsWith("malformed JSON in " + f), m);
    String json = TransformerModelTest.tiny("llama", true).toJson();
    Files.writeString(f, json.replace("\"hidden_size\" : 32", "\"hidden_size\" : \"big\""));
    m = message(() -> TransformerConfig.read(f));
    assertTrue(m.contains(f.toString()) && m.contains("'hidden_size'"), m);
    Files.writeString(f, json.replace("\"llama\"", "\"gpt2\""));
    m = message(() -> TransformerConfig.read(f));
    assertTrue(m.contains("model_type must be 'llama' or 'qwen2'"), m);
    Files.writeString(
        f, json.replace("\"num_key_value_heads\" : 2", "\"num_key_value_heads\" : 3"));
    m = message(() -> TransformerConfig.read(f));
    assertTrue(m.contains("not divisible by num_key_value_heads"), m);
    assertEquals(1, m.lines().count());
  }

  @Test
  void readsTheRopeBaseAsTransformersFiveWritesIt() {
    // transformers 5 moved rope_theta into rope_parameters; a reader that missed it would fall
    // back to 10000 and give wrong logits for a Qwen2.5 checkpoint (base 1e6) without an error.
    String json =
        TransformerModelTest.tiny("qwen2", true)
            .toJson()
            .replace("\"rope_theta\" : 10000.0,", "")
            .replace(
                "\"rope_scaling\" : null",
                "\"rope_parameters\" : {\"rope_theta\" : 1000000.0, \"rope_type\" : \"default\"},"
                    + " \"use_sliding_window\" : false, \"sliding_window\" : null,"
                    + " \"layer_types\" : [\"full_attention\", \"full_attention\"]");
    assertEquals(1e6, TransformerConfig.parse(json, "x").ropeTheta());
  }

  @Test
  void configsThisEngineWouldComputeWronglyAreRejected() {
    String json = TransformerModelTest.tiny("llama", true).toJson();
    String scaled =
        json.replace(
            "\"rope_scaling\" : null",
            "\"rope_scaling\" : {\"rope_type\": \"llama3\", \"factor\": 8}");
    assertTrue(message(() -> TransformerConfig.parse(scaled, "x")).contains("'llama3'"));
    String v5 =
        json.replace("\"rope_scaling\" : null", "\"rope_parameters\" : {\"rope_type\": \"yarn\"}");
    assertTrue(message(() -> TransformerConfig.parse(v5, "x")).contains("rope_parameters"));
    String window = json.replace("\"rope_scaling\" : null", "\"use_sliding_window\" : true");
    assertTrue(message(() -> TransformerConfig.parse(window, "x")).contains("use_sliding_window"));
    String layers =
        json.replace(
            "\"rope_scaling\" : null",
            "\"layer_types\" : [\"full_attention\", \"sliding_attention\"]");
    assertTrue(message(() -> TransformerConfig.parse(layers, "x")).contains("sliding_attention"));
    String mlpBias = json.replace("\"rope_scaling\" : null", "\"mlp_bias\" : true");
    assertTrue(message(() -> TransformerConfig.parse(mlpBias, "x")).contains("mlp_bias"));
    String partial = json.replace("\"rope_scaling\" : null", "\"partial_rotary_factor\" : 0.5");
    assertTrue(
        message(() -> TransformerConfig.parse(partial, "x")).contains("partial_rotary_factor 0.5"));
    String whole = json.replace("\"rope_scaling\" : null", "\"partial_rotary_factor\" : 1.0");
    TransformerConfig.parse(whole, "x");
  }

  private static void writeRaw(Path f, String header, int dataBytes) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    Files.write(f, b.array());
  }

  @Test
  void malformedSafetensorsGiveClearErrors(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("model.safetensors");
    Files.write(f, new byte[] {1, 2, 3});
    assertTrue(message(() -> Safetensors.read(f)).contains("shorter than the 8-byte header"));
    writeRaw(f, "{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}}", 4);
    assertTrue(message(() -> Safetensors.read(f)).contains("outside the data"));
    // Every other defect of the header: SafetensorsTest.
    writeRaw(f, "{\"w\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}", 8);
    assertTrue(message(() -> Safetensors.read(f)).contains("and dtype F32 need 12"));
    writeRaw(f, "{\"w\": {\"dtype\": \"I8\", \"shape\": [8], \"data_offsets\": [0, 8]}}", 8);
    assertTrue(message(() -> Safetensors.read(f)).contains("dtype 'I8'"));
    writeRaw(f, "{not json", 8);
    assertTrue(message(() -> Safetensors.read(f)).contains("not valid JSON"));
    ByteBuffer huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1 << 20);
    Files.write(f, huge.array());
    String m = message(() -> Safetensors.read(f));
    assertTrue(m.startsWith("malformed safetensors file " + f) && m.contains("header length"), m);
  }

  @Test
  void readsHalfAndBfloat16(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("m.safetensors");
    String header =
        "{\"__metadata__\": {\"format\": \"pt\"},"
            + "\"a\": {\"dtype\": \"BF16\", \"shape\": [2], \"data_offsets\": [0, 4]},"
            + "\"b\": {\"dtype\": \"F16\", \"shape\": [1, 1], \"data_offsets\": [4, 6]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(8 + h.length + 6).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(h.length).put(h);
    buf.putShort((short) 0x3f80).putShort((short) 0xc040); // bf16 1.0, -3.0
    buf.putShort(Float.floatToFloat16(0.5f));
    Files.write(f, buf.array());
    Map<String, Safetensors.Tensor> t = Safetensors.read(f);
    assertEquals(1.0f, t.get("a").data()[0]);
    assertEquals(-3.0f, t.get("a").data()[1]);
    assertEquals(0.5f, t.get("b").data()[0]);
  }

  @Test
  void checkpointNotMatchingItsConfigIsRejected(@TempDir Path dir) throws IOException {
    try (TransformerModel m =
        TransformerModel.create(TransformerModelTest.tiny("llama", true), 1)) {
      m.save(dir);
    }
    String json = Files.readString(dir.resolve("config.json"));
    Files.writeString(
        dir.resolve("config.json"),
        json.replace("\"intermediate_size\" : 48", "\"intermediate_size\" : 40"));
    String m = message(() -> TransformerModel.load(dir));
    assertTrue(m.contains("mlp.gate_proj.weight") && m.contains("has shape"), m);
    Files.writeString(
        dir.resolve("config.json"),
        json.replace("\"num_hidden_layers\" : 2", "\"num_hidden_layers\" : 3"));
    m = message(() -> TransformerModel.load(dir));
    assertTrue(m.contains("lacks tensor 'model.layers.2."), m);
  }
}
