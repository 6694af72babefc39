package dev.traitlab.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.ContextLengthExceededException;
import dev.traitlab.model.ContinuationScore;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.model.http.OpenAiClient;
import dev.traitlab.model.http.OpenAiClientConfig;
import dev.traitlab.model.http.OpenAiModel;
import dev.traitlab.testing.TinyEmbeddedModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prompt longer than the model's context is the client's error: HTTP 400 with OpenAI's code
 * {@code context_length_exceeded}, huge ones refused by their bytes before any tokenising, and
 * nothing in the server log; a failing call is one log line unless the server is verbose.
 */
class ContextLengthTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  private static String words(int n) {
    return "owl ".repeat(n).strip();
  }

  private static HttpResponse<String> post(OpenAiServer server, String path, JsonNode body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static ObjectNode chat(String content) {
    ObjectNode body = JSON.createObjectNode().put("model", "m").put("max_tokens", 4);
    body.putArray("messages").addObject().put("role", "user").put("content", content);
    return body;
  }

  private static ObjectNode completion(String prompt) {
    return JSON.createObjectNode().put("model", "m").put("prompt", prompt).put("max_tokens", 4);
  }

  /** A 400 with OpenAI's error body for an over-long context; returns its message. */
  private static String assertContextLengthExceeded(HttpResponse<String> r, String param)
      throws Exception {
    assertEquals(400, r.statusCode(), r.body());
    JsonNode error = JSON.readTree(r.body()).path("error");
    assertEquals("invalid_request_error", error.path("type").asText(), r.body());
    assertEquals("context_length_exceeded", error.path("code").asText(), r.body());
    assertEquals(param, error.path("param").asText(), r.body());
    return error.path("message").asText();
  }

  /** What the server logs (slf4j-simple writes to System.err) while {@code action} runs. */
  private static String log(ThrowingRunnable action) throws Exception {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(saved);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void embeddedModelGives400ForOverLongPromptsOnBothEndpointsAndNoLog() throws Exception {
    TinyEmbeddedModels.create(dir, "tiny", 5);
    ModelRegistry registry = new ModelRegistry();
    try (EmbeddedModel model = EmbeddedModel.load(dir.resolve("tiny"), "local:tiny")) {
      registry.add("m", model);
      int context = model.transformer().config().maxPositionEmbeddings();
      try (OpenAiServer server =
          OpenAiServer.start(ServerConfig.builder().optPort(0).build(), registry)) {
        // Over the context in tokens but not in bytes: refused after tokenising.
        String tokens = words(context + 50);
        // The 1,200-word message, and 5 MB: refused by their bytes.
        String message = words(1200);
        String huge = "x".repeat(5 << 20);
        String logged =
            log(
                () -> {
                  assertTrue(
                      assertContextLengthExceeded(
                              post(server, "/chat/completions", chat(tokens)), "messages")
                          .contains("does not fit its " + context));
                  assertTrue(
                      assertContextLengthExceeded(
                              post(server, "/completions", completion(tokens)), "prompt")
                          .contains("does not fit its " + context));
                  for (String text : List.of(message, huge)) {
                    assertTrue(
                        assertContextLengthExceeded(
                                post(server, "/chat/completions", chat(text)), "messages")
                            .contains("cannot fit its context of " + context + " tokens"));
                    assertContextLengthExceeded(
                        post(server, "/completions", completion(text)), "prompt");
                  }
                });
        assertFalse(logged.contains("\tat "), logged);
        assertFalse(logged.contains("context"), logged);

        // The HTTP client turns the 400 into the same exception, for chat and for scoring.
        try (OpenAiClient client =
            new OpenAiClient(
                OpenAiClientConfig.builder()
                    .optBaseUrl(server.baseUrl())
                    .optApiKey(null)
                    .build())) {
          OpenAiModel remote = new OpenAiModel("openai:m", "m", client, false);
          Sampling one = Sampling.builder().optMaxTokens(2).build();
          assertThrows(
              ContextLengthExceededException.class,
              () -> remote.chat(List.of(ChatMessage.user(tokens)), one));
          assertThrows(
              ContextLengthExceededException.class, () -> remote.score(tokens, List.of(" owl")));
        }
      }
    }
  }

  @Test
  void theByteCheckOfAnEmbeddedModelIsItsContextTimesItsLongestToken() throws Exception {
    TinyEmbeddedModels.create(dir, "tiny", 5);
    try (EmbeddedModel model = EmbeddedModel.load(dir.resolve("tiny"), "local:tiny")) {
      long bound =
          (long) model.transformer().config().maxPositionEmbeddings()
              * model.tokenizer().maxTokenBytes();
      // "<|endoftext|>" is a single token of 13 bytes.
      assertTrue(model.tokenizer().maxTokenBytes() >= 13, "" + model.tokenizer().maxTokenBytes());
      model.checkPromptBytes(bound);
      assertThrows(ContextLengthExceededException.class, () -> model.checkPromptBytes(bound + 1));
    }
  }

  @Test
  void hugePromptsAreRefusedBeforeTheModelSeesThem() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ModelRegistry registry = new ModelRegistry();
    registry.add("m", new Untouchable(calls, 1000));
    try (OpenAiServer server =
        OpenAiServer.start(ServerConfig.builder().optPort(0).build(), registry)) {
      String huge = "é".repeat(5 << 20);
      assertContextLengthExceeded(post(server, "/chat/completions", chat(huge)), "messages");
      assertContextLengthExceeded(post(server, "/completions", completion(huge)), "prompt");
      // 600 characters of two bytes each: 1,200 bytes, over the bound of 1,000.
      assertContextLengthExceeded(
          post(server, "/chat/completions", chat("é".repeat(600))), "messages");
    }
    assertEquals(0, calls.get());
  }

  @Test
  void aFailingCallIsOneLogLineUnlessVerbose() throws Exception {
    for (boolean verbose : new boolean[] {false, true}) {
      ModelRegistry registry = new ModelRegistry();
      registry.add("m", new Untouchable(new AtomicInteger(), Long.MAX_VALUE));
      try (OpenAiServer server =
          OpenAiServer.start(
              ServerConfig.builder().optPort(0).optVerbose(verbose).build(), registry)) {
        String logged =
            log(
                () ->
                    assertEquals(
                        500, post(server, "/chat/completions", chat("hello")).statusCode()));
        assertTrue(logged.contains("POST /v1/chat/completions failed"), logged);
        assertEquals(verbose, logged.contains("\tat "), logged);
        if (!verbose) {
          assertEquals(1, logged.strip().lines().count(), logged);
          assertTrue(logged.contains("--verbose logs the stack trace"), logged);
        }
      }
    }
  }

  /** A model that refuses prompts over {@code maxBytes} bytes and fails every call it gets. */
  private record Untouchable(AtomicInteger calls, long maxBytes) implements LanguageModel {
    @Override
    public String name() {
      return "untouchable";
    }

    @Override
    public void checkPromptBytes(long utf8Bytes) {
      if (utf8Bytes > maxBytes) {
        throw new ContextLengthExceededException(utf8Bytes + " bytes cannot fit");
      }
    }

    private <T> T fail(Supplier<String> what) {
      calls.incrementAndGet();
      throw new IllegalStateException("the model was called: " + what.get());
    }

    @Override
    public List<Completion> chat(List<ChatMessage> messages, Sampling sampling) {
      return fail(() -> "chat");
    }

    @Override
    public List<Completion> complete(String prompt, Sampling sampling) {
      return fail(() -> "complete");
    }

    @Override
    public List<ContinuationScore> score(String prompt, List<String> continuations) {
      return fail(() -> "score");
    }
  }
}
