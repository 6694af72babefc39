package dev.traitlab.model;

import dev.traitlab.data.chat.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one interface experiments use to talk to a language model, whether it runs in-process
 * (embedded) or behind an OpenAI-compatible HTTP API.
 */
public interface LanguageModel extends AutoCloseable {

  /** The model's name as the user gave it, e.g. {@code local:base} or {@code openai:gpt-4.1}. */
  String name();

  /**
   * Chat completion: {@code sampling.n()} samples answering the messages. A backend that cannot
   * apply a logit control the sampling sets throws {@link UnsupportedOperationException} naming it.
   */
  List<Completion> chat(List<ChatMessage> messages, Sampling sampling);

  /**
   * {@link #chat}, streamed: each sample's text goes to {@code sink} in pieces as its tokens are
   * sampled (pieces of different samples interleave; each names its sample), and the result holds
   * the same samples as {@link #chat} under the same sampling, with the tokens used. This default
   * cannot stream: it hands each sample's whole text over once all are done and reports no usage.
   */
  default Generation chatStreaming(
      List<ChatMessage> messages, Sampling sampling, Consumer<TextDelta> sink) {
    return Generation.replay(chat(messages, sampling), sink);
  }

  /**
   * {@code sampling.n()} samples for each of several conversations. This default asks {@link #chat}
   * once per conversation with the same sampling, so item i is exactly {@code
   * chat(conversations.get(i), sampling)}. A backend that runs the batch in one pass may seed it by
   * row instead, which its documentation says (the embedded model: row r, conversation r / n and
   * sample r % n, draws from (seed, r)); its items then depend on the whole batch, and a batch of
   * one conversation is still exactly {@link #chat}.
   */
  default List<List<Completion>> chatBatch(
      List<List<ChatMessage>> conversations, Sampling sampling) {
    List<List<Completion>> out = new ArrayList<>(conversations.size());
    for (List<ChatMessage> conversation : conversations) {
      out.add(chat(conversation, sampling));
    }
    return out;
  }

  /** Raw text completion of a prompt (no chat template). */
  List<Completion> complete(String prompt, Sampling sampling);

  /** {@link #complete}, streamed as {@link #chatStreaming} is. */
  default Generation completeStreaming(String prompt, Sampling sampling, Consumer<TextDelta> sink) {
    return Generation.replay(complete(prompt, sampling), sink);
  }

  /**
   * Log-probabilities of each continuation after the raw prompt. Backends that cannot score throw
   * {@link UnsupportedOperationException} with a message naming the backend.
   */
  List<ContinuationScore> score(String prompt, List<String> continuations);

  /**
   * {@link #score} for several prompts, each with its continuations: item i holds the scores of
   * request i's continuations, in order. This default scores one prompt at a time; a backend that
   * can runs them together (the embedded model computes a prefix the prompts share and each prompt
   * once for all their continuations, equal to one at a time up to float rounding).
   */
  default List<List<ContinuationScore>> scoreBatch(List<ScoreRequest> requests) {
    List<List<ContinuationScore>> out = new ArrayList<>(requests.size());
    for (ScoreRequest r : requests) {
      out.add(score(r.prompt(), r.continuations()));
    }
    return out;
  }

  /**
   * A check a caller may make before handing over a prompt of {@code utf8Bytes} bytes of text, for
   * huge inputs: nothing is tokenised. Throws {@link ContextLengthExceededException} when no prompt
   * that long can fit the model's context, whatever its tokens; passing it does not mean the prompt
   * fits. This default knows no limit.
   */
  default void checkPromptBytes(long utf8Bytes) {}

  @Override
  default void close() {}
}
