package dev.traitlab.model.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.model.Completion;
import dev.traitlab.model.Generation;
import dev.traitlab.model.TextDelta;
import dev.traitlab.model.TokenLogprob;
import dev.traitlab.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The chunks of a streamed reply (server-sent events), both ways, as OpenAI's API sends them: for
 * chat, {@code chat.completion.chunk} objects whose choices carry a {@code delta} (first the role,
 * then content pieces) and, last, a {@code finish_reason}; for completions, {@code text_completion}
 * objects whose choices carry {@code text} pieces. With {@code stream_options.include_usage} every
 * chunk has {@code usage: null} and one more chunk, with no choices, gives the usage. The stream
 * ends with {@code data: [DONE]}.
 */
public final class OpenAiChunks {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The marker that ends a stream. */
  public static final String DONE = "[DONE]";

  private OpenAiChunks() {}

  /** What every chunk of one reply repeats. */
  public record Header(String id, String model, long created, boolean chat, boolean withUsage) {
    ObjectNode chunk() {
      ObjectNode chunk = NODES.objectNode();
      chunk.put("id", id).put("object", chat ? "chat.completion.chunk" : "text_completion");
      chunk.put("created", created).put("model", model);
      if (chat) {
        chunk.putNull("system_fingerprint");
      }
      chunk.putArray("choices");
      if (withUsage) {
        chunk.putNull("usage");
      }
      return chunk;
    }
  }

  // ---- server side ----

  /** The first chunk of a chat choice: the assistant role and empty content. */
  public static ObjectNode role(Header header, int index) {
    ObjectNode chunk = header.chunk();
    ObjectNode choice = ((ArrayNode) chunk.get("choices")).addObject().put("index", index);
    choice.putObject("delta").put("role", "assistant").put("content", "");
    choice.putNull("logprobs").putNull("finish_reason");
    return chunk;
  }

  /**
   * A piece of one choice's text. For completions {@code offset} is the text_offset of its first
   * token (code points from the start of the choice's text).
   */
  public static ObjectNode piece(Header header, TextDelta delta, boolean withLogprobs, int offset) {
    ObjectNode chunk = header.chunk();
    ObjectNode choice = ((ArrayNode) chunk.get("choices")).addObject().put("index", delta.index());
    if (header.chat()) {
      choice.putObject("delta").put("content", delta.text());
      OpenAiWire.putChatLogprobs(choice, withLogprobs ? delta.logprobs() : List.of());
    } else {
      choice.put("text", delta.text());
      if (withLogprobs) {
        OpenAiWire.putCompletionLogprobs(choice, delta.logprobs(), offset);
      } else {
        choice.putNull("logprobs");
      }
    }
    choice.putNull("finish_reason");
    return chunk;
  }

  /** The last chunk of a choice: why it ended. */
  public static ObjectNode finish(Header header, int index, String finishReason) {
    ObjectNode chunk = header.chunk();
    ObjectNode choice = ((ArrayNode) chunk.get("choices")).addObject().put("index", index);
    if (header.chat()) {
      choice.putObject("delta");
    } else {
      choice.put("text", "");
    }
    choice.putNull("logprobs").put("finish_reason", finishReason);
    return chunk;
  }

  /** The usage chunk: no choices. */
  public static ObjectNode usage(Header header, Usage usage) {
    ObjectNode chunk = header.chunk();
    chunk.remove("usage");
    OpenAiWire.putUsage(chunk, usage);
    return chunk;
  }

  // ---- client side ----

  /**
   * Rebuilds the samples of a streamed reply from its chunks, handing each piece of text to a sink
   * as it arrives.
   */
  public static final class Assembler implements Consumer<JsonNode> {
    private final boolean chat;
    private final Consumer<TextDelta> sink;
    private final Map<Integer, StringBuilder> texts = new TreeMap<>();
    private final Map<Integer, List<TokenLogprob>> logprobs = new TreeMap<>();
    private final Map<Integer, String> finishReasons = new TreeMap<>();
    private Usage usage;

    public Assembler(boolean chat, Consumer<TextDelta> sink) {
      this.chat = chat;
      this.sink = sink;
    }

    @Override
    public void accept(JsonNode chunk) {
      Usage given = OpenAiWire.usage(chunk);
      if (given != null) {
        usage = given;
      }
      for (JsonNode choice : chunk.path("choices")) {
        int index = choice.path("index").asInt(0);
        StringBuilder text = texts.computeIfAbsent(index, i -> new StringBuilder());
        List<TokenLogprob> tokens = logprobs.computeIfAbsent(index, i -> new ArrayList<>());
        String piece =
            chat ? choice.path("delta").path("content").asText("") : choice.path("text").asText("");
        List<TokenLogprob> pieceTokens =
            chat
                ? OpenAiWire.chatLogprobs(choice.path("logprobs"))
                : OpenAiWire.completionLogprobs(choice.path("logprobs"));
        text.append(piece);
        tokens.addAll(pieceTokens);
        if (!piece.isEmpty() || !pieceTokens.isEmpty()) {
          sink.accept(new TextDelta(index, piece, pieceTokens));
        }
        JsonNode finish = choice.get("finish_reason");
        if (finish != null && finish.isTextual()) {
          finishReasons.put(index, finish.asText());
        }
      }
    }

    /** The samples, by index, with the usage the stream reported (null if none). */
    public Generation generation() {
      List<Completion> completions = new ArrayList<>();
      for (Map.Entry<Integer, StringBuilder> e : texts.entrySet()) {
        completions.add(
            new Completion(
                e.getKey(),
                e.getValue().toString(),
                finishReasons.getOrDefault(e.getKey(), "stop"),
                logprobs.get(e.getKey())));
      }
      return new Generation(completions, usage);
    }
  }
}
