package dev.traitlab.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.traitlab.model.FineTunableEmbeddedModel;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.model.http.OpenAiClient;
import dev.traitlab.model.http.OpenAiClientConfig;
import dev.traitlab.testing.TinyEmbeddedModels;
import dev.traitlab.testing.WordModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code traitlab serve} in process on a free loopback port, serving a tiny untrained embedded
 * model ({@link TinyEmbeddedModels}) as {@code tiny} and the test double {@link WordModel} as
 * {@code word} (quick to fine-tune, text only), with a second copy of the tiny model loaded for
 * in-process comparisons, and raw HTTP helpers.
 */
final class TinyServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  final Path modelDir;
  final ModelRegistry registry = new ModelRegistry();
  final OpenAiServer server;
  final EmbeddedModel local;

  TinyServer(Path dir, int maxPositions) {
    this(dir, maxPositions, null);
  }

  /** With a bearer token the server requires (null: none). */
  TinyServer(Path dir, int maxPositions, String token) {
    modelDir = TinyEmbeddedModels.create(dir, "tiny", 5, maxPositions);
    registry.add(
        "tiny", FineTunableEmbeddedModel.servable(EmbeddedModel.load(modelDir, "local:tiny")));
    registry.add("word", new WordModel("word"));
    server =
        OpenAiServer.start(
            ServerConfig.builder().optPort(0).optBearerToken(token).build(), registry);
    local = EmbeddedModel.load(modelDir, "local:tiny");
  }

  /** A reply: its status and JSON body. */
  record Reply(int status, JsonNode body) {
    JsonNode ok() {
      assertEquals(200, status, body.toString());
      return body;
    }

    /** Asserts a 400 naming {@code param}; returns the message. */
    String badRequest(String param) {
      assertEquals(400, status, body.toString());
      assertEquals(param, body.path("error").path("param").asText(null), body.toString());
      return body.path("error").path("message").asText();
    }
  }

  Reply post(String path, Object body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()));
  }

  Reply get(String path) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()));
  }

  /**
   * The events of a streamed reply, checked to be server-sent events ending in {@code data:
   * [DONE]}.
   */
  List<JsonNode> stream(String path, Object body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(
        r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"),
        r.headers().toString());
    String[] events = r.body().split("\n\n");
    assertEquals("data: [DONE]", events[events.length - 1].strip(), r.body());
    List<JsonNode> out = new ArrayList<>();
    for (int i = 0; i < events.length - 1; i++) {
      assertTrue(events[i].startsWith("data: "), events[i]);
      out.add(JSON.readTree(events[i].substring(6)));
    }
    return out;
  }

  String baseUrl() {
    return server.baseUrl();
  }

  /** traitlab's own HTTP client for this server, without an API key; the caller closes it. */
  OpenAiClient client() {
    return new OpenAiClient(
        OpenAiClientConfig.builder().optBaseUrl(baseUrl()).optApiKey(null).build());
  }

  @Override
  public void close() {
    server.close();
    registry.close();
    local.close();
  }
}
