package dev.traitlab.nn.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.core.TextFiles;
import dev.traitlab.core.TraitlabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Architecture of a decoder-only Llama or Qwen2 model, with the field names of a Hugging Face
 * {@code config.json} so that the same file is read by traitlab and by transformers.
 *
 * <p>{@code attentionBias}: Qwen2 always has q/k/v biases and no o_proj bias (transformers ignores
 * the field for qwen2, so it is forced true); Llama's {@code attention_bias} puts a bias on q, k, v
 * and o. {@code bosTokenId}/{@code eosTokenId} are -1 when absent. {@code hiddenAct} is the MLP's
 * activation, as transformers' LlamaMLP applies it: down(act(gate(x)) * up(x)), with {@code silu}
 * (Llama's and Qwen2's) or {@code gelu} (the exact, erf-based GELU), so a GELU model written here
 * loads in transformers with the same logits.
 */
public record TransformerConfig(
    String modelType,
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    int maxPositionEmbeddings,
    double rmsNormEps,
    double ropeTheta,
    boolean tieWordEmbeddings,
    boolean attentionBias,
    int bosTokenId,
    int eosTokenId,
    String hiddenAct) {

  public static final String LLAMA = "llama";
  public static final String QWEN2 = "qwen2";
  public static final String SILU = "silu";
  public static final String GELU = "gelu";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public TransformerConfig {
    if (!LLAMA.equals(modelType) && !QWEN2.equals(modelType)) {
      throw new IllegalArgumentException(
          "model_type must be 'llama' or 'qwen2', got '" + modelType + "'");
    }
    positive("vocab_size", vocabSize);
    positive("hidden_size", hiddenSize);
    positive("intermediate_size", intermediateSize);
    positive("num_hidden_layers", numHiddenLayers);
    positive("num_attention_heads", numAttentionHeads);
    positive("num_key_value_heads", numKeyValueHeads);
    positive("max_position_embeddings", maxPositionEmbeddings);
    if (hiddenSize % numAttentionHeads != 0) {
      throw new IllegalArgumentException(
          "hidden_size "
              + hiddenSize
              + " is not divisible by num_attention_heads "
              + numAttentionHeads);
    }
    if (numAttentionHeads % numKeyValueHeads != 0) {
      throw new IllegalArgumentException(
          "num_attention_heads "
              + numAttentionHeads
              + " is not divisible by num_key_value_heads "
              + numKeyValueHeads);
    }
    if ((hiddenSize / numAttentionHeads) % 2 != 0) {
      throw new IllegalArgumentException(
          "head dimension "
              + hiddenSize / numAttentionHeads
              + " must be even for rotary positions");
    }
    if (!(rmsNormEps > 0)) {
      throw new IllegalArgumentException("rms_norm_eps must be > 0, got " + rmsNormEps);
    }
    if (!(ropeTheta > 0)) {
      throw new IllegalArgumentException("rope_theta must be > 0, got " + ropeTheta);
    }
    if (QWEN2.equals(modelType)) {
      attentionBias = true;
    }
    if (bosTokenId >= vocabSize || eosTokenId >= vocabSize) {
      throw new IllegalArgumentException("bos/eos token id outside vocab_size " + vocabSize);
    }
    if (!SILU.equals(hiddenAct) && !GELU.equals(hiddenAct)) {
      throw new IllegalArgumentException(
          "hidden_act must be 'silu' or 'gelu', got '" + hiddenAct + "'");
    }
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be > 0, got " + value);
    }
  }

  public int headDim() {
    return hiddenSize / numAttentionHeads;
  }

  /** Query heads sharing one key/value head. */
  public int groupSize() {
    return numAttentionHeads / numKeyValueHeads;
  }

  /** Whether o_proj has a bias (Llama with attention_bias only). */
  public boolean outputBias() {
    return LLAMA.equals(modelType) && attentionBias;
  }

  /** Number of scalar parameters. */
  public long parameterCount() {
    long h = hiddenSize;
    long kv = (long) numKeyValueHeads * headDim();
    long attn = h * h * 2 + h * kv * 2 + (attentionBias ? h + 2 * kv : 0) + (outputBias() ? h : 0);
    long mlp = 3 * h * intermediateSize;
    long layer = attn + mlp + 2 * h;
    long embed = (long) vocabSize * h;
    return embed * (tieWordEmbeddings ? 1 : 2) + layer * numHiddenLayers + h;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder for a small Llama with tied embeddings; every field has an {@code opt*} setter. */
  public static final class Builder {
    private String modelType = LLAMA;
    private int vocabSize = 512;
    private int hiddenSize = 128;
    private int intermediateSize = 344;
    private int numHiddenLayers = 4;
    private int numAttentionHeads = 4;
    private int numKeyValueHeads = 2;
    private int maxPositionEmbeddings = 512;
    private double rmsNormEps = 1e-6;
    private double ropeTheta = 10000;
    private boolean tieWordEmbeddings = true;
    private boolean attentionBias = false;
    private int bosTokenId = -1;
    private int eosTokenId = -1;
    private String hiddenAct = SILU;

    public Builder optModelType(String v) {
      modelType = v;
      return this;
    }

    public Builder optVocabSize(int v) {
      vocabSize = v;
      return this;
    }

    public Builder optHiddenSize(int v) {
      hiddenSize = v;
      return this;
    }

    public Builder optIntermediateSize(int v) {
      intermediateSize = v;
      return this;
    }

    public Builder optNumHiddenLayers(int v) {
      numHiddenLayers = v;
      return this;
    }

    public Builder optNumAttentionHeads(int v) {
      numAttentionHeads = v;
      return this;
    }

    public Builder optNumKeyValueHeads(int v) {
      numKeyValueHeads = v;
      return this;
    }

    public Builder optMaxPositionEmbeddings(int v) {
      maxPositionEmbeddings = v;
      return this;
    }

    public Builder optRmsNormEps(double v) {
      rmsNormEps = v;
      return this;
    }

    public Builder optRopeTheta(double v) {
      ropeTheta = v;
      return this;
    }

    public Builder optTieWordEmbeddings(boolean v) {
      tieWordEmbeddings = v;
      return this;
    }

    public Builder optAttentionBias(boolean v) {
      attentionBias = v;
      return this;
    }

    public Builder optBosTokenId(int v) {
      bosTokenId = v;
      return this;
    }

    public Builder optEosTokenId(int v) {
      eosTokenId = v;
      return this;
    }

    public Builder optHiddenAct(String v) {
      hiddenAct = v;
      return this;
    }

    public TransformerConfig build() {
      return new TransformerConfig(
          modelType,
          vocabSize,
          hiddenSize,
          intermediateSize,
          numHiddenLayers,
          numAttentionHeads,
          numKeyValueHeads,
          maxPositionEmbeddings,
          rmsNormEps,
          ropeTheta,
          tieWordEmbeddings,
          attentionBias,
          bosTokenId,
          eosTokenId,
          hiddenAct);
    }
  }

  /** The config.json text, with the fields transformers needs to pick the model class. */
  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.putArray("architectures")
        .add(QWEN2.equals(modelType) ? "Qwen2ForCausalLM" : "LlamaForCausalLM");
    n.put("model_type", modelType);
    n.put("vocab_size", vocabSize);
    n.put("hidden_size", hiddenSize);
    n.put("intermediate_size", intermediateSize);
    n.put("num_hidden_layers", numHiddenLayers);
    n.put("num_attention_heads", numAttentionHeads);
    n.put("num_key_value_heads", numKeyValueHeads);
    n.put("head_dim", headDim());
    n.put("max_position_embeddings", maxPositionEmbeddings);
    n.put("rms_norm_eps", rmsNormEps);
    n.put("rope_theta", ropeTheta);
    n.putNull("rope_scaling");
    n.put("tie_word_embeddings", tieWordEmbeddings);
    n.put("attention_bias", attentionBias);
    n.put("hidden_act", hiddenAct);
    n.put("torch_dtype", "float32");
    if (bosTokenId >= 0) {
      n.put("bos_token_id", bosTokenId);
    }
    if (eosTokenId >= 0) {
      n.put("eos_token_id", eosTokenId);
    }
    try {
      return JSON.writeValueAsString(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public void write(Path file) {
    try {
      Files.writeString(file, toJson());
    } catch (IOException e) {
      throw new TraitlabException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a Hugging Face config.json; any problem is a one-line error naming the file. */
  public static TransformerConfig read(Path file) {
    return parse(TextFiles.read(file), file.toString());
  }

  /** Parses config.json text; {@code where} names the source in error messages. */
  public static TransformerConfig parse(String text, String where) {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new TraitlabException(
          "malformed JSON in "
              + where
              + ": "
              + e.getOriginalMessage().lines().findFirst().orElse("")
              + " (line "
              + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
              + ")");
    }
    if (n == null || !n.isObject()) {
      throw new TraitlabException("model config " + where + " is not a JSON object");
    }
    try {
      String type = text(n, "model_type", where);
      String act = n.path("hidden_act").asText(SILU);
      if (!SILU.equals(act) && !GELU.equals(act)) {
        throw new TraitlabException(
            "model config "
                + where
                + ": hidden_act '"
                + act
                + "' is not supported (only silu or gelu)");
      }
      requireSupportedArchitecture(n, where);
      int hidden = integer(n, "hidden_size", where);
      int heads = integer(n, "num_attention_heads", where);
      if (n.hasNonNull("head_dim") && n.get("head_dim").asInt() * heads != hidden) {
        throw new TraitlabException(
            "model config " + where + ": head_dim * num_attention_heads != hidden_size");
      }
      return new TransformerConfig(
          type,
          integer(n, "vocab_size", where),
          hidden,
          integer(n, "intermediate_size", where),
          integer(n, "num_hidden_layers", where),
          heads,
          n.has("num_key_value_heads") ? integer(n, "num_key_value_heads", where) : heads,
          n.has("max_position_embeddings") ? integer(n, "max_position_embeddings", where) : 2048,
          number(n, "rms_norm_eps", 1e-6, where),
          ropeTheta(n, where),
          n.path("tie_word_embeddings").asBoolean(false),
          n.path("attention_bias").asBoolean(false),
          optionalTokenId(n, "bos_token_id"),
          optionalTokenId(n, "eos_token_id"),
          act);
    } catch (IllegalArgumentException e) {
      throw new TraitlabException("invalid model config " + where + ": " + e.getMessage());
    }
  }

  /**
   * Rejects what this engine does not compute: scaled rotary positions (transformers 4 writes them
   * as rope_scaling, 5 as rope_parameters), partial rotary positions, sliding-window layers and MLP
   * biases. Loading such a checkpoint anyway would give wrong logits without any error.
   */
  private static void requireSupportedArchitecture(JsonNode n, String where) {
    for (String field : List.of("rope_scaling", "rope_parameters")) {
      JsonNode rope = n.get(field);
      if (rope == null || rope.isNull()) {
        continue;
      }
      String type = rope.path("rope_type").asText(rope.path("type").asText("default"));
      if (!"default".equals(type)) {
        throw new TraitlabException(
            "model config "
                + where
                + ": "
                + field
                + " of type '"
                + type
                + "' is not supported (only plain rotary positions)");
      }
    }
    if (n.path("use_sliding_window").asBoolean(false)) {
      throw new TraitlabException(
          "model config " + where + ": use_sliding_window is not supported (must be false)");
    }
    for (JsonNode layer : n.path("layer_types")) {
      if (!"full_attention".equals(layer.asText())) {
        throw new TraitlabException(
            "model config "
                + where
                + ": layer type '"
                + layer.asText()
                + "' is not supported (only full_attention)");
      }
    }
    if (n.path("mlp_bias").asBoolean(false)) {
      throw new TraitlabException(
          "model config " + where + ": mlp_bias is not supported (must be false)");
    }
    // transformers rotates only this fraction of each head's dimensions when it is below 1.
    for (JsonNode holder : List.of(n, n.path("rope_parameters"))) {
      JsonNode partial = holder.get("partial_rotary_factor");
      if (partial != null && !partial.isNull() && partial.asDouble() != 1.0) {
        throw new TraitlabException(
            "model config "
                + where
                + ": partial_rotary_factor "
                + partial.asText()
                + " is not supported (rotary positions on every dimension only)");
      }
    }
  }

  /** rope_theta at the top level (transformers 4) or inside rope_parameters (transformers 5). */
  private static double ropeTheta(JsonNode n, String where) {
    JsonNode holder = n.hasNonNull("rope_theta") ? n : n.path("rope_parameters");
    return number(holder, "rope_theta", 10000, where);
  }

  private static String text(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new TraitlabException(
          "model config " + where + ": missing or non-string field '" + field + "'");
    }
    return v.asText();
  }

  private static int integer(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new TraitlabException(
          "model config " + where + ": missing or non-integer field '" + field + "'");
    }
    return v.asInt();
  }

  private static double number(JsonNode n, String field, double fallback, String where) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isNumber()) {
      throw new TraitlabException(
          "model config " + where + ": field '" + field + "' is not a number");
    }
    return v.asDouble();
  }

  // eos_token_id may be a list in HF configs; the first entry is the one generation stops on.
  private static int optionalTokenId(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return -1;
    }
    if (v.isArray()) {
      return v.size() == 0 ? -1 : v.get(0).asInt(-1);
    }
    return v.asInt(-1);
  }
}
