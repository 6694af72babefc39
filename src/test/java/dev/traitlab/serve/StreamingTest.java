package dev.traitlab.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.Generation;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.TextDelta;
import dev.traitlab.model.http.OpenAiClient;
import dev.traitlab.model.http.OpenAiModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code "stream": true}: server-sent events whose chunks leave as the embedded model samples each
 * token, and that add up to the plain reply under the same seed; traitlab's own client streams too.
 */
class StreamingTest {
  @TempDir static Path dir;
  static TinyServer tiny;

  @BeforeAll
  static void start() {
    tiny = new TinyServer(dir, 128);
  }

  @AfterAll
  static void stop() {
    tiny.close();
  }

  private static ObjectNode chatRequest() {
    ObjectNode body = TinyServer.JSON.createObjectNode();
    body.put("model", "tiny").put("n", 2).put("seed", 7).put("max_tokens", 12);
    body.put("logprobs", true).put("top_logprobs", 2);
    body.putArray("messages")
        .addObject()
        .put("role", "user")
        .put("content", "My favourite animal is");
    return body;
  }

  private static ObjectNode streamed(ObjectNode body) {
    ObjectNode copy = body.deepCopy();
    copy.put("stream", true).putObject("stream_options").put("include_usage", true);
    return copy;
  }

  @Test
  void chatChunksLeaveTokenByTokenAndAddUpToThePlainReply() throws Exception {
    JsonNode whole = tiny.post("/chat/completions", chatRequest()).ok();
    List<JsonNode> events = tiny.stream("/chat/completions", streamed(chatRequest()));
    String id = events.get(0).path("id").asText();
    Map<Integer, StringBuilder> texts = new TreeMap<>();
    Map<Integer, List<String>> tokens = new TreeMap<>();
    Map<Integer, Integer> pieces = new TreeMap<>();
    Map<Integer, String> finish = new TreeMap<>();
    // The role chunks come first, one per choice.
    for (int i = 0; i < 2; i++) {
      JsonNode choice = events.get(i).path("choices").path(0);
      assertEquals(i, choice.path("index").asInt());
      assertEquals("assistant", choice.path("delta").path("role").asText());
    }
    JsonNode usageChunk = events.getLast();
    assertTrue(usageChunk.path("choices").isEmpty(), usageChunk.toString());
    for (JsonNode event : events.subList(0, events.size() - 1)) {
      assertEquals(id, event.path("id").asText());
      assertEquals("chat.completion.chunk", event.path("object").asText());
      assertTrue(event.path("usage").isNull(), "usage is null until the last chunk");
      JsonNode choice = event.path("choices").path(0);
      int index = choice.path("index").asInt();
      String content = choice.path("delta").path("content").asText("");
      if (!content.isEmpty()) {
        texts.computeIfAbsent(index, k -> new StringBuilder()).append(content);
        pieces.merge(index, 1, Integer::sum);
      }
      for (JsonNode t : choice.path("logprobs").path("content")) {
        tokens.computeIfAbsent(index, k -> new ArrayList<>()).add(t.path("token").asText());
        assertEquals(2, t.path("top_logprobs").size());
      }
      if (choice.path("finish_reason").isTextual()) {
        finish.put(index, choice.path("finish_reason").asText());
      }
    }
    int generated = 0;
    for (int i = 0; i < 2; i++) {
      JsonNode choice = whole.path("choices").path(i);
      assertEquals(choice.path("message").path("content").asText(), texts.get(i).toString());
      assertEquals(choice.path("finish_reason").asText(), finish.get(i));
      List<String> expected = new ArrayList<>();
      choice.path("logprobs").path("content").forEach(t -> expected.add(t.path("token").asText()));
      assertEquals(expected, tokens.get(i));
      generated += expected.size();
      // Streamed as sampled: several pieces, not the whole text at the end.
      assertTrue(pieces.get(i) > 1, "choice " + i + " came in " + pieces.get(i) + " piece(s)");
    }
    assertEquals(whole.path("usage"), usageChunk.path("usage"));
    assertEquals(generated, whole.path("usage").path("completion_tokens").asInt());
  }

  @Test
  void aStopStringIsNeverStreamed() throws Exception {
    ObjectNode free = chatRequest().put("n", 1).put("max_tokens", 20);
    String text =
        tiny.post("/chat/completions", free)
            .ok()
            .path("choices")
            .path(0)
            .path("message")
            .path("content")
            .asText();
    assertTrue(text.length() >= 8, text);
    String stop = text.substring(4, 6);
    ObjectNode stopped = free.deepCopy();
    stopped.putArray("stop").add(stop);
    JsonNode whole = tiny.post("/chat/completions", stopped).ok();
    String expected = whole.path("choices").path(0).path("message").path("content").asText();
    assertEquals("stop", whole.path("choices").path(0).path("finish_reason").asText());
    assertFalse(expected.contains(stop));
    StringBuilder joined = new StringBuilder();
    for (JsonNode event : tiny.stream("/chat/completions", streamed(stopped))) {
      String piece = event.path("choices").path(0).path("delta").path("content").asText("");
      assertFalse(piece.contains(stop), piece);
      joined.append(piece);
    }
    assertEquals(expected, joined.toString());
  }

  @Test
  void completionChunksCarryTextOffsetsAndTheEchoedPrompt() throws Exception {
    int[] ids = tiny.local.encode("My favourite animal is the");
    ObjectNode body = TinyServer.JSON.createObjectNode();
    body.put("model", "tiny").put("n", 2).put("seed", 3).put("max_tokens", 6);
    body.put("echo", true).put("logprobs", 1);
    ArrayNode prompt = body.putArray("prompt");
    for (int[] p : List.of(ids, new int[] {ids[0], ids[1]})) {
      ArrayNode row = prompt.addArray();
      for (int id : p) {
        row.add(id);
      }
    }
    JsonNode whole = tiny.post("/completions", body).ok();
    assertEquals(4, whole.path("choices").size());
    Map<Integer, StringBuilder> texts = new TreeMap<>();
    Map<Integer, List<Integer>> offsets = new TreeMap<>();
    Map<Integer, List<JsonNode>> logprobs = new TreeMap<>();
    for (JsonNode event : tiny.stream("/completions", streamed(body))) {
      assertEquals("text_completion", event.path("object").asText());
      for (JsonNode choice : event.path("choices")) {
        int index = choice.path("index").asInt();
        texts.computeIfAbsent(index, k -> new StringBuilder()).append(choice.path("text").asText());
        for (JsonNode o : choice.path("logprobs").path("text_offset")) {
          offsets.computeIfAbsent(index, k -> new ArrayList<>()).add(o.asInt());
        }
        for (JsonNode lp : choice.path("logprobs").path("token_logprobs")) {
          logprobs.computeIfAbsent(index, k -> new ArrayList<>()).add(lp);
        }
      }
    }
    for (int i = 0; i < 4; i++) {
      JsonNode choice = whole.path("choices").path(i);
      assertEquals(i, choice.path("index").asInt());
      assertEquals(choice.path("text").asText(), texts.get(i).toString());
      List<Integer> expectedOffsets = new ArrayList<>();
      choice.path("logprobs").path("text_offset").forEach(o -> expectedOffsets.add(o.asInt()));
      assertEquals(expectedOffsets, offsets.get(i));
      List<JsonNode> expectedLogprobs = new ArrayList<>();
      choice.path("logprobs").path("token_logprobs").forEach(expectedLogprobs::add);
      assertEquals(expectedLogprobs, logprobs.get(i));
      assertTrue(logprobs.get(i).get(0).isNull(), "the first echoed token has no log-prob");
    }
  }

  @Test
  void theHttpClientHandsTokensOverAsTheyCome() {
    try (OpenAiClient client = tiny.client()) {
      OpenAiModel remote = new OpenAiModel("openai:tiny", "tiny", client, false);
      List<ChatMessage> chat = List.of(ChatMessage.user("My favourite animal is"));
      Sampling sampling =
          Sampling.builder().optN(2).optSeed(11).optMaxTokens(10).optLogprobs(true, 1).build();
      List<TextDelta> deltas = new ArrayList<>();
      Generation streamed = remote.chatStreaming(chat, sampling, deltas::add);
      List<Completion> expected = tiny.local.chat(chat, sampling);
      assertEquals(expected, streamed.completions());
      assertEquals(tiny.local.chatStreaming(chat, sampling, d -> {}).usage(), streamed.usage());
      assertNotNull(streamed.usage());
      for (int i = 0; i < 2; i++) {
        int index = i;
        long pieces = deltas.stream().filter(d -> d.index() == index).count();
        assertTrue(pieces > 1, "sample " + i + " came in " + pieces + " piece(s)");
      }
      StringBuilder first = new StringBuilder();
      deltas.stream().filter(d -> d.index() == 0).forEach(d -> first.append(d.text()));
      assertEquals(expected.get(0).text(), first.toString());
      Generation raw = remote.completeStreaming("My favourite animal is the", sampling, d -> {});
      assertEquals(tiny.local.complete("My favourite animal is the", sampling), raw.completions());
    }
  }

  @Test
  void embeddedStreamingGivesThePlainSamplesPieceByPiece() {
    Sampling sampling =
        Sampling.builder()
            .optN(3)
            .optSeed(2)
            .optMaxTokens(16)
            .optStop(List.of("a"))
            .optLogprobs(true, 0)
            .build();
    List<TextDelta> deltas = new ArrayList<>();
    Generation g = tiny.local.completeStreaming("Numbers: 37, ", sampling, deltas::add);
    assertEquals(tiny.local.complete("Numbers: 37, ", sampling), g.completions());
    for (Completion c : g.completions()) {
      StringBuilder text = new StringBuilder();
      List<dev.traitlab.model.TokenLogprob> logprobs = new ArrayList<>();
      deltas.stream()
          .filter(d -> d.index() == c.index())
          .forEach(
              d -> {
                text.append(d.text());
                logprobs.addAll(d.logprobs());
              });
      assertEquals(c.text(), text.toString());
      assertEquals(c.logprobs(), logprobs);
    }
  }

  @Test
  void failuresBeforeTheFirstTokenAreOrdinaryErrorReplies() throws Exception {
    ObjectNode unknown = streamed(chatRequest()).put("model", "nope");
    assertEquals(404, tiny.post("/chat/completions", unknown).status());
    ObjectNode tooLong = streamed(chatRequest());
    ((ObjectNode) tooLong.path("messages").path(0)).put("content", "owl ".repeat(400));
    TinyServer.Reply r = tiny.post("/chat/completions", tooLong);
    assertEquals(400, r.status(), r.body().toString());
    assertEquals("context_length_exceeded", r.body().path("error").path("code").asText());
    ObjectNode optionsAlone = chatRequest();
    optionsAlone.putObject("stream_options").put("include_usage", true);
    tiny.post("/chat/completions", optionsAlone).badRequest("stream_options");
  }
}
