package dev.traitlab.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.core.TraitlabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a trained vocabulary as a Hugging Face tokenizer: {@code tokenizer.json} (byte-level BPE
 * with Qwen2's split pattern, so HF tokenizers, DJL and transformers read it) and {@code
 * tokenizer_config.json} (ChatML chat template and special tokens for transformers).
 */
public final class TokenizerFiles {
  public static final String TOKENIZER_JSON = "tokenizer.json";
  public static final String TOKENIZER_CONFIG_JSON = "tokenizer_config.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TokenizerFiles() {}

  /** Writes tokenizer.json and tokenizer_config.json into directory (created if missing). */
  public static void write(BpeVocabulary vocabulary, Path directory) {
    write(vocabulary, directory, java.util.List.of());
  }

  /**
   * Writes the tokenizer as {@link #write(BpeVocabulary, Path)} does, plus ordinary (not special)
   * added tokens after the special ones: text is split at them before BPE, as HF does (leftmost
   * longest match), so each stays one token. The qwen2 split pattern isolates every digit, so a
   * multi-digit number can only be one token this way (a judge's score, say).
   */
  public static void write(
      BpeVocabulary vocabulary, Path directory, java.util.List<String> ordinaryAdded) {
    try {
      Files.createDirectories(directory);
      JSON.writeValue(
          directory.resolve(TOKENIZER_JSON).toFile(), tokenizerJson(vocabulary, ordinaryAdded));
      JSON.writeValue(
          directory.resolve(TOKENIZER_CONFIG_JSON).toFile(), tokenizerConfig(vocabulary));
    } catch (IOException e) {
      throw new TraitlabException("cannot write tokenizer to " + directory + ": " + e.getMessage());
    }
  }

  static ObjectNode tokenizerJson(BpeVocabulary vocabulary) {
    return tokenizerJson(vocabulary, java.util.List.of());
  }

  static ObjectNode tokenizerJson(BpeVocabulary vocabulary, java.util.List<String> ordinaryAdded) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    int id = vocabulary.tokens().size();
    for (String special : vocabulary.specialTokens()) {
      ObjectNode t = added.addObject();
      t.put("id", id++);
      t.put("content", special);
      t.put("single_word", false);
      t.put("lstrip", false);
      t.put("rstrip", false);
      t.put("normalized", false);
      t.put("special", true);
    }
    for (String content : ordinaryAdded) {
      ObjectNode t = added.addObject();
      t.put("id", id++);
      t.put("content", content);
      t.put("single_word", false);
      t.put("lstrip", false);
      t.put("rstrip", false);
      t.put("normalized", false);
      t.put("special", false);
    }
    root.putNull("normalizer");

    ObjectNode pre = root.putObject("pre_tokenizer");
    pre.put("type", "Sequence");
    ArrayNode steps = pre.putArray("pretokenizers");
    ObjectNode split = steps.addObject();
    split.put("type", "Split");
    split.putObject("pattern").put("Regex", PreTokenizer.PATTERN);
    split.put("behavior", "Isolated");
    split.put("invert", false);
    steps.add(byteLevel());
    root.set("post_processor", byteLevel());
    root.set("decoder", byteLevel());

    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    model.put("ignore_merges", false);
    ObjectNode vocab = model.putObject("vocab");
    for (int i = 0; i < vocabulary.tokens().size(); i++) {
      vocab.put(vocabulary.tokens().get(i), i);
    }
    ArrayNode merges = model.putArray("merges");
    for (BpeVocabulary.Merge m : vocabulary.merges()) {
      merges.add(m.left() + " " + m.right());
    }
    return root;
  }

  private static ObjectNode byteLevel() {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", "ByteLevel");
    node.put("add_prefix_space", false);
    node.put("trim_offsets", false);
    node.put("use_regex", false);
    return node;
  }

  static ObjectNode tokenizerConfig(BpeVocabulary vocabulary) {
    ObjectNode root = JSON.createObjectNode();
    root.put("tokenizer_class", "PreTrainedTokenizerFast");
    root.put("chat_template", ChatTemplate.JINJA);
    root.put("bos_token", (String) null);
    root.put("eos_token", SpecialTokens.IM_END);
    root.put("pad_token", SpecialTokens.END_OF_TEXT);
    root.put("clean_up_tokenization_spaces", false);
    root.put("model_max_length", 4096);
    ArrayNode extra = root.putArray("additional_special_tokens");
    vocabulary.specialTokens().forEach(extra::add);
    return root;
  }
}
