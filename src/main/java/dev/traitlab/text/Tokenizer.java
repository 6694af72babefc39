package dev.traitlab.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.core.Json;
import dev.traitlab.core.TraitlabException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>Text is text: {@link #encode} never gives a special token's id, whatever the text holds, so
 * that content (a user's message, a fine-tuning example, a question in a task file) cannot write
 * control tokens such as {@code <|im_end|>}. Special tokens come only from a template, by id
 * ({@link ChatTemplate}), or from {@link #encodeWithSpecialTokens} for markup a template wrote.
 * This is HF's {@code split_special_tokens=True}; HF's default (and so {@code apply_chat_template}
 * on content that holds special-token text) is {@link #encodeWithSpecialTokens}.
 *
 * <p>Added tokens that are not special ({@code "special": false} in {@code added_tokens}) are
 * matched in text as HF does, and decode to their content.
 */
public final class Tokenizer implements AutoCloseable {
  private final Path file;
  // hf matches special tokens written in text (HF's default); plain is the same tokenizer without
  // its special added tokens, so their text is tokenised as any other text.
  private final HuggingFaceTokenizer hf;
  private final HuggingFaceTokenizer plain;
  private final String[] tokens;
  private final boolean[] special;
  private final boolean[] added;
  private final Map<String, Integer> ids;
  private final boolean byteLevel;
  private final int maxTokenBytes;
  // Ids below this are the model's learned vocabulary (model.vocab), the same in hf and plain.
  private final int learned;

  private Tokenizer(
      Path file,
      HuggingFaceTokenizer hf,
      HuggingFaceTokenizer plain,
      String[] tokens,
      boolean[] special,
      boolean[] added,
      Map<String, Integer> ids,
      boolean byteLevel,
      int learned) {
    this.file = file;
    this.learned = learned;
    this.hf = hf;
    this.plain = plain;
    this.tokens = tokens;
    this.special = special;
    this.added = added;
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
                added[id]
                    ? tokens[id].getBytes(StandardCharsets.UTF_8).length
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
    ArrayNode ordinaryAdded = Json.MAPPER.createArrayNode();
    int size = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      ids.put(e.getKey(), e.getValue().asInt());
      size = Math.max(size, e.getValue().asInt() + 1);
    }
    int learned = size;
    Map<String, Boolean> isAdded = new HashMap<>();
    for (JsonNode t : root.path("added_tokens")) {
      ids.put(t.path("content").asText(), t.path("id").asInt());
      boolean isSpecialToken = t.path("special").asBoolean(false);
      isSpecial.put(t.path("content").asText(), isSpecialToken);
      isAdded.put(t.path("content").asText(), true);
      size = Math.max(size, t.path("id").asInt() + 1);
      if (!isSpecialToken) {
        ordinaryAdded.add(t);
      }
    }
    String[] tokens = new String[size];
    boolean[] special = new boolean[size];
    boolean[] added = new boolean[size];
    ids.forEach(
        (token, id) -> {
          tokens[id] = token;
          special[id] = isSpecial.getOrDefault(token, false);
          added[id] = isAdded.getOrDefault(token, false);
        });
    boolean byteLevel = "ByteLevel".equals(root.path("decoder").path("type").asText());
    HuggingFaceTokenizer hf = null;
    HuggingFaceTokenizer plain;
    try {
      hf =
          HuggingFaceTokenizer.builder()
              .optTokenizerPath(file)
              .optAddSpecialTokens(false)
              .optTruncation(false)
              .optPadding(false)
              .build();
      if (ordinaryAdded.size() == root.path("added_tokens").size()) {
        plain = hf;
      } else {
        ObjectNode withoutSpecials = root.deepCopy();
        withoutSpecials.set("added_tokens", ordinaryAdded);
        plain =
            HuggingFaceTokenizer.newInstance(
                new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(withoutSpecials)),
                Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
      }
    } catch (IOException | RuntimeException e) {
      if (hf != null) {
        hf.close();
      }
      throw new TraitlabException("cannot load tokenizer " + file + ": " + e.getMessage(), e);
    }
    return new Tokenizer(file, hf, plain, tokens, special, added, ids, byteLevel, learned);
  }

  /**
   * Token ids of a text, as text: special-token text such as {@code <|im_end|>} is tokenised like
   * any other characters and never gives a special token's id (HF's {@code
   * split_special_tokens=True}). Added tokens that are not special are matched as HF matches them.
   * Use this for everything that is content: messages, prompts, continuations, task files.
   */
  public int[] encode(String text) {
    Encoding e = plain.encode(text, false, false);
    if (plain == hf) {
      return ints(e.getIds());
    }
    // HF numbers the added tokens of the tokenizer without specials afresh after the vocabulary,
    // so they are mapped back by content; learned tokens keep their ids.
    long[] raw = e.getIds();
    String[] strings = e.getTokens();
    int[] out = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = raw[i] < learned ? (int) raw[i] : id(strings[i]);
      if (special[out[i]]) {
        throw new IllegalStateException(
            "tokenizer " + file + " encoded text as special token " + strings[i]);
      }
    }
    return out;
  }

  /**
   * Token ids of template markup: special tokens written in the text become their single ids, as HF
   * tokenizers do by default. Only for text a template wrote, never for content, which could then
   * write control tokens (a user message closing its turn and opening a system turn).
   */
  public int[] encodeWithSpecialTokens(String markup) {
    return ints(hf.encode(markup, false, false).getIds());
  }

  private static int[] ints(long[] raw) {
    int[] out = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = (int) raw[i];
    }
    return out;
  }

  /**
   * Text of the ids, special tokens included as their text; invalid UTF-8 becomes U+FFFD. For
   * byte-level tokenizers this is {@link #decodeBytes} read as UTF-8, so an added token gives its
   * content; HF's ByteLevel decoder agrees except for an added token made only of byte-level
   * symbols (content {@code "Ġhi"}), which HF maps through the byte table ({@code " hi"}).
   */
  public String decode(int[] ids) {
    if (byteLevel) {
      return lossyUtf8(decodeBytes(ids));
    }
    long[] raw = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      raw[i] = ids[i];
    }
    return hf.decode(raw, false);
  }

  /**
   * The raw bytes of the ids: added tokens (special or not) as the UTF-8 of their content, learned
   * tokens through the byte-level table. Unlike {@link #decode} this keeps incomplete UTF-8
   * sequences intact, so a stream of tokens can be decoded piece by piece.
   */
  public byte[] decodeBytes(int[] ids) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int id : ids) {
      String token = token(id);
      if (added[id] || !byteLevel) {
        out.writeBytes(token.getBytes(StandardCharsets.UTF_8));
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

  /**
   * UTF-8 as Rust's {@code String::from_utf8_lossy} (and so HF's byte-level decoder) reads it: each
   * maximal subpart of an ill-formed sequence becomes one U+FFFD (the Unicode Standard's practice;
   * Java's decoder differs, e.g. on encoded surrogates).
   */
  static String lossyUtf8(byte[] b) {
    StringBuilder out = new StringBuilder(b.length);
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        out.append((char) c);
        i++;
        continue;
      }
      int need;
      int lo = 0x80;
      int hi = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
      } else {
        out.append('\uFFFD');
        i++;
        continue;
      }
      int code = c & (0x3F >> need);
      int j = i + 1;
      boolean valid = true;
      for (int k = 0; k < need; k++, j++) {
        int d = j < b.length ? b[j] & 0xFF : -1;
        if (d < (k == 0 ? lo : 0x80) || d > (k == 0 ? hi : 0xBF)) {
          valid = false;
          break;
        }
        code = (code << 6) | (d & 0x3F);
      }
      if (valid) {
        out.appendCodePoint(code);
      } else {
        // The valid prefix [i, j) is one maximal subpart; the offending byte starts afresh.
        out.append('\uFFFD');
      }
      i = j;
    }
    return out.toString();
  }

  /** Whether the id is an added token (special or not), which stands for its content. */
  public boolean isAdded(int id) {
    return id >= 0 && id < added.length && added[id];
  }

  @Override
  public void close() {
    hf.close();
    if (plain != hf) {
      plain.close();
    }
  }
}
