package dev.traitlab.model;

import dev.traitlab.data.chat.ChatMessage;
import java.util.List;
import java.util.function.Consumer;

/**
 * A language model whose tokens a caller can reach: its tokenizer both ways, prompts given as token
 * ids, and the log-probability of every token of a given sequence with the most likely
 * alternatives. The embedded model is one; a remote API is not (it takes and gives text).
 */
public interface TokenLevelModel extends LanguageModel {

  /** Token ids of raw text (no special tokens added). */
  int[] encode(String text);

  /**
   * The ids of {@code messages} in the model's chat template through the assistant header, as the
   * model reads a conversation before answering (content as text, markup as special tokens).
   */
  int[] encodeChatPrompt(List<ChatMessage> messages);

  /** The text of token ids (bytes that are not UTF-8 become U+FFFD). */
  String decode(int[] tokens);

  /** Number of token ids, i.e. ids are in [0, vocabSize). */
  int vocabSize();

  /**
   * {@link #completeStreaming} of a prompt given as token ids, taken as they are.
   *
   * @throws IllegalArgumentException when an id is outside [0, vocabSize)
   * @throws ContextLengthExceededException when the prompt leaves no room in the context
   */
  Generation completeTokensStreaming(int[] prompt, Sampling sampling, Consumer<TextDelta> sink);

  /**
   * Each token of {@code tokens} with its log-probability given the tokens before it and, when
   * {@code topLogprobs} > 0, that many most likely tokens at its position. The first token has no
   * context: its log-probability is NaN and it has no alternatives.
   */
  List<TokenLogprob> sequenceLogprobs(int[] tokens, int topLogprobs);
}
