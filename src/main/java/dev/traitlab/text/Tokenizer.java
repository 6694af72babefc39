package dev.traitlab.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.traitlab.core.Json;
import dev.traitlab.core.TraitlabException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} loaded through DJL's binding of the HF tokenizers library
 * (the same Rust code transformers uses), plus the id-to-token table so that callers can turn ids
 * back into raw bytes, which streaming decoding and stop strings need.
 */
public final class Tokenizer implements AutoCloseable {
  private final Path file;
  private final HuggingFaceTokenizer hf;
  private final String[] tokens;
  private final boolean[] special;
  private final Map<String, Integer> ids;
  private final boolean byteLevel;
  private final int maxTokenBytes;

  private Tokenizer(
      Path file,
      HuggingFaceTokenizer hf,
      String[] tokens,
      boolean[] special,
      Map<String, Integer> ids,
      boolean byteLevel) {
    this.file = file;
    this.hf = hf;
    this.tokens = tokens;
    this.special = special;
    this.ids = ids;
    this.byteLevel = byteLevel;
    // Byte-level BPE covers every byte with tokens of known length; other models may have an
    // unknown token standing for any amount of text, and so no bound.
    int longest = byteLevel ? 1 : Integer.MAX_VALUE;
    for (int id = 0; byteLevel && id < tokens.length; id++) {
      if (tokens[id] != null) {
        longest =
            Math.max(
                longest,
                special[id]
                    ? tokens[id].getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    : tokens[id].length());
      }
    }
    this.maxTokenBytes = longest;
  }

  /** Loads tokenizer.json, given the file or the model directory that holds it. */
  public static Tokenizer load(Path fileOrDirectory) {
    Path file =
        Files.isDirectory(fileOrDirectory)
            ? fileOrDirectory.resolve(TokenizerFiles.TOKENIZER_JSON)
            : fileOrDirectory;
    if (!Files.isRegularFile(file)) {
      throw new TraitlabException("no tokenizer at " + file);
    }
    JsonNode root = Json.readTree(file);
    JsonNode vocab = root.path("model").path("vocab");
    if (!vocab.isObject()) {
      throw new TraitlabException("tokenizer " + file + " has no model.vocab object");
    }
    Map<String, Integer> ids = new HashMap<>();
    Map<String, Boolean> isSpecial = new HashMap<>();
    int size = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      ids.put(e.getKey(), e.getValue().asInt());
      size = Math.max(size, e.getValue().asInt() + 1);
    }
    for (JsonNode t : root.path("added_tokens")) {
      ids.put(t.path("content").asText(), t.path("id").asInt());
      isSpecial.put(t.path("content").asText(), t.path("special").asBoolean(false));
      size = Math.max(size, t.path("id").asInt() + 1);
    }
    String[] tokens = new String[size];
    boolean[] special = new boolean[size];
    ids.forEach(
        (token, id) -> {
          tokens[id] = token;
          special[id] = isSpecial.getOrDefault(token, false);
        });
    boolean byteLevel = "ByteLevel".equals(root.path("decoder").path("type").asText());
    HuggingFaceTokenizer hf;
    try {
      hf =
          HuggingFaceTokenizer.builder()
              .optTokenizerPath(file)
              .optAddSpecialTokens(false)
              .optTruncation(false)
              .optPadding(false)
              .build();
    } catch (IOException | RuntimeException e) {
      throw new TraitlabException("cannot load tokenizer " + file + ": " + e.getMessage(), e);
    }
    return new Tokenizer(file, hf, tokens, special, ids, byteLevel);
  }

  /** Token ids of a text; special tokens written in the text become their single ids. */
  public int[] encode(String text) {
    long[] raw = hf.encode(text, false, false).getIds();
    int[] out = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = (int) raw[i];
    }
    return out;
  }

  /** Texts of the ids, as the HF decoder gives them (invalid UTF-8 becomes U+FFFD). */
  public String decode(int[] ids) {
    long[] raw = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      raw[i] = ids[i];
    }
    return hf.decode(raw, false);
  }

  /**
   * The raw bytes of the ids (special tokens as their UTF-8 text). Unlike {@link #decode} this
   * keeps incomplete UTF-8 sequences intact, so a stream of tokens can be decoded piece by piece.
   */
  public byte[] decodeBytes(int[] ids) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int id : ids) {
      String token = token(id);
      if (special[id] || !byteLevel) {
        out.writeBytes(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } else {
        out.writeBytes(ByteLevel.decode(token));
      }
    }
    return out.toByteArray();
  }

  /** Token strings of a text, as stored in the vocabulary (byte-level symbols). */
  public List<String> tokenStrings(int[] ids) {
    List<String> out = new ArrayList<>(ids.length);
    for (int id : ids) {
      out.add(token(id));
    }
    return out;
  }

  /** The vocabulary string of one id. */
  public String token(int id) {
    if (id < 0 || id >= tokens.length || tokens[id] == null) {
      throw new IllegalArgumentException("token id " + id + " is not in tokenizer " + file);
    }
    return tokens[id];
  }

  /** The id of a token string (special or learned). */
  public int id(String token) {
    Integer id = ids.get(token);
    if (id == null) {
      throw new TraitlabException("tokenizer " + file + " has no token '" + token + "'");
    }
    return id;
  }

  public boolean isSpecial(int id) {
    return id >= 0 && id < special.length && special[id];
  }

  /**
   * The most bytes of text one token stands for (special tokens included), so a text of b bytes has
   * at least b / maxTokenBytes() tokens; {@link Integer#MAX_VALUE} (no bound) for tokenizers that
   * are not byte-level.
   */
  public int maxTokenBytes() {
    return maxTokenBytes;
  }

  /** One more than the largest id. */
  public int vocabSize() {
    return tokens.length;
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() {
    hf.close();
  }
}
