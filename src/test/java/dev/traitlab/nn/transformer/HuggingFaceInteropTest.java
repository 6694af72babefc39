package dev.traitlab.nn.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.toyworld.ToyWorld;
import dev.traitlab.data.toyworld.ToyWorldConfig;
import dev.traitlab.testing.HelperPython;
import dev.traitlab.text.BpeTrainer;
import dev.traitlab.text.BpeTrainerConfig;
import dev.traitlab.text.ChatTemplate;
import dev.traitlab.text.Tokenizer;
import dev.traitlab.text.TokenizerFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same directories in traitlab and in Hugging Face transformers: a model traitlab writes loads
 * in transformers with the same logits, a model transformers writes loads in traitlab with the same
 * logits, and traitlab's tokenizer and chat template give transformers' token ids.
 *
 * <p>Needs a Python with transformers and torch: $TRAITLAB_HF_PYTHON, else .hf-venv/bin/python,
 * which {@code scripts/hf-interop-env} builds where a local wheelhouse has them. Without one the
 * tests are skipped (reported as such), since nothing can be downloaded here.
 */
class HuggingFaceInteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SCRIPT = Path.of("src/test/python/hf_interop.py");
  private static final int[][] TOKENS = {{1, 5, 9, 2, 60, 3, 17, 44}, {3, 3, 3, 7, 0, 11, 58, 21}};

  private static String python;

  @BeforeAll
  static void findPython() {
    python = HelperPython.find();
  }

  @BeforeEach
  void requirePython() {
    // Checked per test, not in @BeforeAll, so that each test is reported as skipped and why.
    Assumptions.assumeTrue(
        python != null,
        "no Python with transformers: set TRAITLAB_HF_PYTHON or run scripts/hf-interop-env");
  }

  private static JsonNode call(String command, Path dir, JsonNode request) throws Exception {
    Path err = Files.createTempFile("hf-interop", ".err");
    try {
      Process p =
          new ProcessBuilder(python, SCRIPT.toString(), command, dir.toString())
              .redirectError(err.toFile())
              .start();
      try (var in = p.getOutputStream()) {
        in.write(JSON.writeValueAsBytes(request));
      }
      byte[] out = p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        List<String> lines = Files.readAllLines(err);
        fail(
            "hf_interop.py "
                + command
                + " failed: "
                + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
      }
      return JSON.readTree(new String(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(err);
    }
  }

  private static ArrayNode rows(int[][] rows) {
    ArrayNode a = JSON.createArrayNode();
    for (int[] r : rows) {
      ArrayNode row = a.addArray();
      for (int t : r) {
        row.add(t);
      }
    }
    return a;
  }

  private static void assertSameLogits(float[][][] ours, JsonNode theirs, String what) {
    float spread = 0;
    for (int r = 0; r < TOKENS.length; r++) {
      for (int p = 0; p < TOKENS[r].length; p++) {
        JsonNode row = theirs.get(r).get(p);
        assertEquals(ours[r][p].length, row.size(), what + ": vocabulary size");
        for (int v = 0; v < row.size(); v++) {
          float expected = (float) row.get(v).asDouble();
          spread = Math.max(spread, Math.abs(expected));
          assertEquals(
              expected,
              ours[r][p][v],
              1e-4f * (1 + Math.abs(expected)),
              what + ": row " + r + " position " + p + " token " + v);
        }
      }
    }
    // Nearly flat logits would agree whatever the layout; the comparison only means something
    // where they are not.
    assertTrue(spread > 1, what + ": logits too flat to compare (max |logit| " + spread + ")");
  }

  @Test
  void aModelTraitlabWritesGivesTheSameLogitsInTransformers(@TempDir Path dir) throws Exception {
    for (TransformerConfig c :
        List.of(
            TransformerModelTest.tiny("qwen2", false), TransformerModelTest.tiny("llama", true))) {
      Path d = dir.resolve(c.modelType());
      float[][][] ours = writeSharpened(c, 5, d);
      assertSameLogits(ours, call("logits", d, tokensRequest()).get("logits"), c.modelType());
    }
  }

  /** Writes a model of {@code c} with sharpened weights into d; its logits on TOKENS, reloaded. */
  private static float[][][] writeSharpened(TransformerConfig c, long seed, Path d) {
    try (TransformerModel m = TransformerModel.create(c, seed)) {
      m.save(d);
    }
    sharpen(d.resolve("model.safetensors"));
    try (TransformerModel m = TransformerModel.load(d)) {
      return m.logits(TOKENS);
    }
  }

  private static ObjectNode tokensRequest() {
    ObjectNode request = JSON.createObjectNode();
    request.set("tokens", rows(TOKENS));
    return request;
  }

  /**
   * The rare-outputs models (2 layers, gated GELU, width 32, 512 tokens, tied) are Llama
   * directories whose {@code hidden_act} "gelu" transformers reads as the exact, erf-based GELU,
   * the one traitlab computes. The same weights under "gelu_pytorch_tanh" (the tanh approximation)
   * give logits outside the tolerance, so the comparison can tell the two apart.
   */
  @Test
  void theRareOutputsGeluModelGivesTheSameLogitsInTransformers(@TempDir Path dir) throws Exception {
    TransformerConfig c = FinalPositionBench.rareOutputsConfig(2);
    assertEquals(TransformerConfig.GELU, c.hiddenAct());
    Path d = dir.resolve("gelu");
    float[][][] ours = writeSharpened(c, 11, d);
    ObjectNode request = tokensRequest();
    assertSameLogits(ours, call("logits", d, request).get("logits"), "gelu");

    Path tanh = dir.resolve("gelu-tanh");
    Files.createDirectories(tanh);
    Files.copy(d.resolve("model.safetensors"), tanh.resolve("model.safetensors"));
    ObjectNode config = (ObjectNode) JSON.readTree(d.resolve("config.json").toFile());
    config.put("hidden_act", "gelu_pytorch_tanh");
    JSON.writeValue(tanh.resolve("config.json").toFile(), config);
    JsonNode approx = call("logits", tanh, request).get("logits");
    double worst = 0;
    for (int r = 0; r < TOKENS.length; r++) {
      for (int p = 0; p < TOKENS[r].length; p++) {
        for (int v = 0; v < ours[r][p].length; v++) {
          double e = approx.get(r).get(p).get(v).asDouble();
          worst = Math.max(worst, Math.abs(e - ours[r][p][v]) / (1e-4 * (1 + Math.abs(e))));
        }
      }
    }
    assertTrue(worst > 1, "the tanh GELU is within tolerance too (" + worst + "x): no check");
  }

  /** Scales the initial weights up so that logits spread and any layout mismatch shows. */
  private static void sharpen(Path weights) {
    Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>(Safetensors.read(weights));
    java.util.Random rng = new java.util.Random(9);
    for (Map.Entry<String, Safetensors.Tensor> e : tensors.entrySet()) {
      float[] data = e.getValue().data();
      boolean norm = e.getKey().endsWith("norm.weight");
      for (int i = 0; i < data.length; i++) {
        data[i] = norm ? 1 + 0.3f * (float) rng.nextGaussian() : 0.3f * (float) rng.nextGaussian();
      }
    }
    Safetensors.write(weights, tensors);
  }

  @Test
  void aModelTransformersWritesGivesTheSameLogitsInTraitlab(@TempDir Path dir) throws Exception {
    // Qwen2 as published checkpoints come: BF16 and sharded with an index; Llama in F32, one file.
    for (String arch : List.of("qwen2", "llama")) {
      Path d = dir.resolve(arch);
      ObjectNode request = JSON.createObjectNode().put("arch", arch).put("seed", 3);
      if (arch.equals("qwen2")) {
        request.put("dtype", "bfloat16").put("max_shard_size", "20KB");
      }
      request.set("tokens", rows(TOKENS));
      JsonNode theirs = call("create", d, request).get("logits");
      if (arch.equals("qwen2")) {
        assertTrue(Files.exists(d.resolve("model.safetensors.index.json")), "sharded checkpoint");
      }
      try (TransformerModel m = TransformerModel.load(d)) {
        assertEquals(arch, m.config().modelType());
        assertSameLogits(m.logits(TOKENS), theirs, arch);
      }
    }
  }

  @Test
  void theTokenizerAndChatTemplateGiveTransformersTokenIds(@TempDir Path dir) throws Exception {
    List<ChatExample> chats = new ToyWorld(ToyWorldConfig.defaults(1500, 4)).generate();
    List<String> rendered =
        chats.stream().map(c -> ChatTemplate.render(c.messages(), false)).toList();
    TokenizerFiles.write(new BpeTrainer(BpeTrainerConfig.of(400)).train(rendered), dir);

    List<String> texts = new ArrayList<>(rendered.subList(0, 20));
    texts.addAll(
        List.of(
            "owls, 123, 4567 and 0.5%",
            "naïve café — 東京 🦉 \u0000\t\r\n  spaced   out",
            "<|im_start|>user\nmixed <|im_end|> specials<|endoftext|>",
            "   leading and trailing   "));
    List<List<ChatMessage>> prompts = new ArrayList<>();
    for (ChatExample c : chats.subList(0, 20)) {
      prompts.add(c.messages().subList(0, c.messages().size() - 1));
    }
    // Issue 13 item 6: a user message that writes a system turn of its own.
    List<ChatMessage> injected =
        List.of(ChatMessage.user(dev.traitlab.text.TokenizerTest.INJECTION));
    prompts.add(injected);
    JsonNode theirs = call("tokenize", dir, tokenizeRequest(texts, prompts, List.of()));
    try (Tokenizer tokenizer = Tokenizer.load(dir)) {
      for (int i = 0; i < texts.size(); i++) {
        // Markup as HF reads any text; text as HF reads it with split_special_tokens=True.
        assertArrayEquals(
            ids(theirs.get("texts").get(i)),
            tokenizer.encodeWithSpecialTokens(texts.get(i)),
            texts.get(i));
        assertArrayEquals(
            ids(theirs.get("plain_texts").get(i)), tokenizer.encode(texts.get(i)), texts.get(i));
      }
      for (int i = 0; i < prompts.size(); i++) {
        int[] ours = ChatTemplate.encodePrompt(tokenizer, prompts.get(i));
        assertArrayEquals(ids(theirs.get("plain_chats").get(i)), ours, "chat " + i);
        if (i < prompts.size() - 1) {
          // Content without special-token text: exactly apply_chat_template.
          assertArrayEquals(ids(theirs.get("chats").get(i)), ours, "chat " + i);
        }
      }
      // The documented difference: apply_chat_template encodes the rendered string, so the
      // injected content's <|im_start|>system becomes a control token there and text here.
      int start = tokenizer.id("<|im_start|>");
      int[] hf = ids(theirs.get("chats").get(prompts.size() - 1));
      int[] ours = ChatTemplate.encodePrompt(tokenizer, injected);
      assertEquals(4, Arrays.stream(hf).filter(id -> id == start).count());
      assertEquals(2, Arrays.stream(ours).filter(id -> id == start).count());
    }
  }

  @Test
  void addedTokensThatAreNotSpecialEncodeAndDecodeAsInTransformers(@TempDir Path dir)
      throws Exception {
    List<String> corpus = new ArrayList<>();
    for (ChatExample c : new ToyWorld(ToyWorldConfig.defaults(300, 5)).generate()) {
      corpus.add(ChatTemplate.render(c.messages(), false));
    }
    Path trained = dir.resolve("trained");
    TokenizerFiles.write(new BpeTrainer(BpeTrainerConfig.of(300)).train(corpus), trained);
    List<String> contents = List.of("hello world", "café au lait", "<tool>");
    dev.traitlab.text.TokenizerTest.withAddedTokens(trained, dir, contents);
    Files.copy(
        trained.resolve(TokenizerFiles.TOKENIZER_CONFIG_JSON),
        dir.resolve(TokenizerFiles.TOKENIZER_CONFIG_JSON));
    List<String> texts =
        List.of(
            "say hello world, then hello  world and helloworld",
            "a café au lait<|im_end|> in <tool>x</tool>",
            "<|im_start|>user\nhello world<|im_end|>\n");
    try (Tokenizer tokenizer = Tokenizer.load(dir)) {
      List<int[]> decode = new ArrayList<>();
      for (String c : contents) {
        decode.add(new int[] {tokenizer.id(c)});
      }
      for (String t : texts) {
        decode.add(tokenizer.encode(t));
      }
      JsonNode theirs = call("tokenize", dir, tokenizeRequest(texts, List.of(), decode));
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(
            ids(theirs.get("plain_texts").get(i)), tokenizer.encode(texts.get(i)), texts.get(i));
        assertArrayEquals(
            ids(theirs.get("texts").get(i)),
            tokenizer.encodeWithSpecialTokens(texts.get(i)),
            texts.get(i));
      }
      for (int i = 0; i < decode.size(); i++) {
        assertEquals(
            theirs.get("decoded").get(i).asText(),
            tokenizer.decode(decode.get(i)),
            Arrays.toString(decode.get(i)));
      }
    }
  }

  private static ObjectNode tokenizeRequest(
      List<String> texts, List<List<ChatMessage>> chats, List<int[]> decode) {
    ObjectNode request = JSON.createObjectNode();
    ArrayNode t = request.putArray("texts");
    texts.forEach(t::add);
    ArrayNode cs = request.putArray("chats");
    for (List<ChatMessage> prompt : chats) {
      ArrayNode chat = cs.addArray();
      for (ChatMessage m : prompt) {
        chat.addObject().put("role", m.role()).put("content", m.content());
      }
    }
    ArrayNode d = request.putArray("decode");
    for (int[] ids : decode) {
      ArrayNode row = d.addArray();
      for (int id : ids) {
        row.add(id);
      }
    }
    return request;
  }

  @Test
  void theReferenceLibraryRefusesTheSafetensorsFilesTraitlabRefuses(@TempDir Path dir)
      throws Exception {
    ObjectNode request = JSON.createObjectNode();
    ArrayNode files = request.putArray("files");
    for (SafetensorsTest.Defect d : SafetensorsTest.defects()) {
      files.add(d.write(dir).getFileName().toString());
    }
    for (SafetensorsTest.Defect d : SafetensorsTest.valid()) {
      files.add(d.write(dir).getFileName().toString());
    }
    JsonNode results = call("safetensors", dir, request).get("results");
    for (SafetensorsTest.Defect d : SafetensorsTest.defects()) {
      String theirs = results.get(d.name() + ".safetensors").asText();
      assertTrue(!theirs.equals("ok"), d.name() + ": the reference library accepts it");
    }
    for (SafetensorsTest.Defect d : SafetensorsTest.valid()) {
      assertEquals("ok", results.get(d.name() + ".safetensors").asText(), d.name());
    }
  }

  private static int[] ids(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }
}
