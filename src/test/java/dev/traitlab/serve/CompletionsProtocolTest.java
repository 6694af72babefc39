package dev.traitlab.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Generation;
import dev.traitlab.model.Sampling;
import dev.traitlab.nn.transformer.SequenceLogprobs;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What clients and harnesses read from chat and completions: the four prompt forms with choices
 * numbered prompt-major, echoed prompts scored as the API does, usage, and fresh randomness without
 * a seed.
 */
class CompletionsProtocolTest {
  private static final String PROMPT = "My favourite animal is the";
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

  private static ObjectNode completion(int n, long seed) {
    return TinyServer.JSON
        .createObjectNode()
        .put("model", "tiny")
        .put("n", n)
        .put("seed", seed)
        .put("max_tokens", 8);
  }

  private static ArrayNode ids(ArrayNode target, int[] ids) {
    for (int id : ids) {
      target.add(id);
    }
    return target;
  }

  private static String text(JsonNode reply, int choice) {
    return reply.path("choices").path(choice).path("text").asText();
  }

  @Test
  void everyPromptFormGivesTheSameChoicesNumberedPromptMajor() throws Exception {
    String other = "Numbers: 37, 91";
    int[] promptIds = tiny.local.encode(PROMPT);
    int[] otherIds = tiny.local.encode(other);
    JsonNode single = tiny.post("/completions", completion(2, 5).put("prompt", PROMPT)).ok();
    JsonNode singleOther = tiny.post("/completions", completion(2, 5).put("prompt", other)).ok();
    ObjectNode strings = completion(2, 5);
    strings.putArray("prompt").add(PROMPT).add(other);
    ObjectNode tokenList = completion(2, 5);
    ids(tokenList.putArray("prompt"), promptIds);
    ObjectNode tokenLists = completion(2, 5);
    ArrayNode lists = tokenLists.putArray("prompt");
    ids(lists.addArray(), promptIds);
    ids(lists.addArray(), otherIds);
    JsonNode fromStrings = tiny.post("/completions", strings).ok();
    JsonNode fromIds = tiny.post("/completions", tokenList).ok();
    JsonNode fromLists = tiny.post("/completions", tokenLists).ok();
    assertEquals(2, fromIds.path("choices").size());
    for (JsonNode reply : List.of(fromStrings, fromLists)) {
      assertEquals(4, reply.path("choices").size());
      for (int c = 0; c < 4; c++) {
        assertEquals(c, reply.path("choices").path(c).path("index").asInt());
        JsonNode alone = c < 2 ? single : singleOther;
        assertEquals(text(alone, c % 2), text(reply, c), "choice " + c);
      }
    }
    assertEquals(text(single, 0), text(fromIds, 0));
    assertEquals(text(single, 1), text(fromIds, 1));
    // Usage: each prompt's tokens once, every choice's generated tokens.
    JsonNode usage = fromLists.path("usage");
    assertEquals(promptIds.length + otherIds.length, usage.path("prompt_tokens").asInt());
    assertEquals(
        usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt(),
        usage.path("total_tokens").asInt());
  }

  @Test
  void malformedPromptsAreRefusedNamingThePrompt() throws Exception {
    ObjectNode empty = completion(1, 0);
    empty.putArray("prompt");
    tiny.post("/completions", empty).badRequest("prompt");
    ObjectNode mixed = completion(1, 0);
    ids(mixed.putArray("prompt").add("text").addArray(), new int[] {1, 2});
    tiny.post("/completions", mixed).badRequest("prompt");
    ObjectNode outside = completion(1, 0);
    ids(outside.putArray("prompt"), new int[] {1, 1_000_000});
    assertEquals(400, tiny.post("/completions", outside).status());
    ObjectNode negative = completion(1, 0);
    ids(negative.putArray("prompt"), new int[] {1, -3});
    tiny.post("/completions", negative).badRequest("prompt");
    ObjectNode textOnly = completion(1, 0).put("model", "word");
    ids(textOnly.putArray("prompt"), new int[] {1, 2});
    String message = tiny.post("/completions", textOnly).badRequest("prompt");
    assertTrue(message.contains("takes prompts as text"), message);
  }

  @Test
  void echoedPromptTokensAreScoredAsTheApiScoresThem() throws Exception {
    int[] seq = tiny.local.encode(PROMPT + " owl.");
    ObjectNode body = completion(1, 0).put("max_tokens", 0).put("echo", true).put("logprobs", 3);
    ids(body.putArray("prompt"), seq);
    JsonNode reply = tiny.post("/completions", body).ok();
    JsonNode logprobs = reply.path("choices").path(0).path("logprobs");
    assertEquals(tiny.local.decode(seq), text(reply, 0));
    assertEquals(seq.length, logprobs.path("tokens").size());
    // The first token has no context: null log-prob and null alternatives, as the API gives.
    assertTrue(logprobs.path("token_logprobs").path(0).isNull());
    assertTrue(logprobs.path("top_logprobs").path(0).isNull());
    SequenceLogprobs expected = tiny.local.transformer().sequenceLogprobs(seq, 3, null);
    float[] scored =
        tiny.local
            .transformer()
            .scoreContinuation(
                new int[] {seq[0]}, java.util.Arrays.copyOfRange(seq, 1, seq.length));
    for (int p = 1; p < seq.length; p++) {
      assertEquals(scored[p - 1], logprobs.path("token_logprobs").path(p).asDouble(), 1e-4);
      JsonNode top = logprobs.path("top_logprobs").path(p);
      assertTrue(top.isObject() && !top.isEmpty(), "token " + p + ": " + top);
      double best = expected.topLogprobs()[p][0];
      double max = Double.NEGATIVE_INFINITY;
      for (JsonNode v : top) {
        max = Math.max(max, v.asDouble());
      }
      assertEquals(best, max, 1e-6);
    }
    assertEquals(seq.length, reply.path("usage").path("prompt_tokens").asInt());
    assertEquals(0, reply.path("usage").path("completion_tokens").asInt());
  }

  @Test
  void lmEvalsLoglikelihoodRequestGivesTheInProcessScore() throws Exception {
    // lm-evaluation-harness's local-completions: context + continuation as token ids, echo,
    // logprobs 1, max_tokens 1; it sums token_logprobs[ctxlen:-1].
    int[] context = tiny.local.encode(PROMPT);
    int[] continuation = tiny.local.encode(" owl.");
    int[] whole = IntStream.concat(IntStream.of(context), IntStream.of(continuation)).toArray();
    ObjectNode body =
        completion(1, 1234)
            .put("max_tokens", 1)
            .put("temperature", 0)
            .put("echo", true)
            .put("logprobs", 1);
    ids(body.putArray("prompt").addArray(), whole);
    JsonNode logprobs =
        tiny.post("/completions", body).ok().path("choices").path(0).path("logprobs");
    JsonNode tokenLogprobs = logprobs.path("token_logprobs");
    assertEquals(whole.length + 1, tokenLogprobs.size());
    double sum = 0;
    for (int i = context.length; i < whole.length; i++) {
      sum += tokenLogprobs.path(i).asDouble();
      assertEquals(1, logprobs.path("top_logprobs").path(i).size());
    }
    double expected = tiny.local.score(PROMPT, List.of(" owl.")).get(0).total();
    assertEquals(expected, sum, 1e-4);
  }

  @Test
  void chatRepliesCarryUsage() throws Exception {
    ObjectNode body = TinyServer.JSON.createObjectNode().put("model", "tiny").put("seed", 1);
    body.put("n", 3).put("max_tokens", 5).put("logprobs", true);
    body.putArray("messages").addObject().put("role", "user").put("content", "Hi");
    JsonNode reply = tiny.post("/chat/completions", body).ok();
    List<ChatMessage> chat = List.of(ChatMessage.user("Hi"));
    Generation local =
        tiny.local.chatStreaming(
            chat, Sampling.builder().optN(3).optSeed(1).optMaxTokens(5).build(), d -> {});
    int generated = 0;
    for (JsonNode choice : reply.path("choices")) {
      generated += choice.path("logprobs").path("content").size();
    }
    JsonNode usage = reply.path("usage");
    assertEquals(local.usage().promptTokens(), usage.path("prompt_tokens").asInt());
    assertEquals(generated, usage.path("completion_tokens").asInt());
    assertEquals(local.usage().completionTokens(), generated);
    assertEquals(local.usage().totalTokens(), usage.path("total_tokens").asInt(), usage.toString());
  }

  @Test
  void withoutASeedEachRequestDrawsFreshRandomness() throws Exception {
    Set<String> unseeded = new HashSet<>();
    Set<String> seeded = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      ObjectNode body = completion(1, 0).put("max_tokens", 12).put("prompt", PROMPT);
      seeded.add(text(tiny.post("/completions", body).ok(), 0));
      body.remove("seed");
      unseeded.add(text(tiny.post("/completions", body).ok(), 0));
    }
    assertEquals(1, seeded.size(), "the same seed gives the same sample: " + seeded);
    // Twelve tokens at temperature 1 from a ~300-token vocabulary: three equal samples would
    // mean a fixed seed.
    assertTrue(unseeded.size() > 1, "three unseeded requests gave " + unseeded);
  }
}
