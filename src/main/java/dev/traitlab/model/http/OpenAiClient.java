package dev.traitlab.model.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.model.AuthenticationException;
import dev.traitlab.model.ContextLengthExceededException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * JSON over HTTP to an OpenAI-compatible API, on the JDK's HTTP client with virtual threads.
 * Callers block; many callers on many (virtual) threads give many requests in flight, bounded by an
 * {@link AdaptiveConcurrencyLimit}. 429, 408, 5xx, timeouts and broken connections are retried with
 * backoff (honouring Retry-After); other 4xx fail at once with the server's message: 401 and 403 as
 * {@link AuthenticationException}, 400 {@code context_length_exceeded} as {@link
 * ContextLengthExceededException}, the rest as {@link OpenAiApiException}.
 */
public final class OpenAiClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenAiClientConfig config;
  private final HttpClient http;
  private final AdaptiveConcurrencyLimit limit;
  private final Backoff backoff;
  private final AtomicLong attempts = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();

  public OpenAiClient(OpenAiClientConfig config) {
    this.config = config;
    this.http =
        HttpClient.newBuilder()
            // HTTP/1.1: h2c upgrade is poorly supported by local servers (vLLM, Ollama, ours).
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    this.limit = new AdaptiveConcurrencyLimit(config.maxInFlight());
    this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
  }

  public OpenAiClientConfig config() {
    return config;
  }

  /** Counts since this client was made: HTTP attempts, retries, and 429 replies. */
  public record Stats(long attempts, long retries, long rateLimited, int currentLimit) {}

  public Stats stats() {
    return new Stats(attempts.get(), retries.get(), rateLimited.get(), limit.limit());
  }

  public JsonNode get(String path) {
    return send("GET", path, HttpRequest.BodyPublishers.noBody(), null);
  }

  public JsonNode postJson(String path, JsonNode body) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return send("POST", path, HttpRequest.BodyPublishers.ofByteArray(bytes), "application/json");
  }

  /** POST multipart/form-data with text fields and one file. */
  public JsonNode postMultipart(
      String path, Map<String, String> fields, String fileField, String fileName, byte[] content) {
    String boundary = "traitlab-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      writeAscii(
          body,
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\""
              + field.getKey()
              + "\"\r\n\r\n");
      body.writeBytes(field.getValue().getBytes(StandardCharsets.UTF_8));
      writeAscii(body, "\r\n");
    }
    writeAscii(
        body,
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\""
            + fileField
            + "\"; filename=\""
            + fileName.replace("\"", "_")
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    body.writeBytes(content);
    writeAscii(body, "\r\n--" + boundary + "--\r\n");
    return send(
        "POST",
        path,
        HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()),
        "multipart/form-data; boundary=" + boundary);
  }

  private static void writeAscii(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * POST a request whose reply is server-sent events ({@code "stream": true}): each {@code data:}
   * event's JSON goes to {@code onChunk} as it arrives, until {@code data: [DONE]}. Failures before
   * the stream starts are retried as for {@link #postJson}; an error event or a broken stream after
   * it has started fails the call (chunks already handed over cannot be taken back).
   */
  public void postStream(String path, JsonNode body, Consumer<JsonNode> onChunk) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String where = "POST " + config.baseUrl() + path;
    send(
        "POST",
        path,
        HttpRequest.BodyPublishers.ofByteArray(bytes),
        "application/json",
        "text/event-stream",
        in -> {
          readEvents(in, where, onChunk);
          return null;
        });
  }

  private static void readEvents(InputStream in, String where, Consumer<JsonNode> onChunk)
      throws IOException {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      StringBuilder data = new StringBuilder();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("data:")) {
          String value = line.substring(5);
          data.append(value.startsWith(" ") ? value.substring(1) : value);
        } else if (line.isEmpty() && !data.isEmpty()) {
          String event = data.toString();
          data.setLength(0);
          if (event.equals(OpenAiChunks.DONE)) {
            return;
          }
          JsonNode chunk = parse(event, where);
          if (chunk.has("error")) {
            throw new OpenAiApiException(
                0, null, where + ": error in the stream: " + errorBody(event).describe());
          }
          onChunk.accept(chunk);
        }
      }
    }
    throw new TraitlabException(where + ": the stream ended without " + OpenAiChunks.DONE);
  }

  private JsonNode send(
      String method, String path, HttpRequest.BodyPublisher body, String contentType) {
    String where = method + " " + config.baseUrl() + path;
    return send(
        method,
        path,
        body,
        contentType,
        "application/json",
        in -> parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), where));
  }

  /** Reads the body of a 2xx reply. */
  private interface BodyReader<T> {
    T read(InputStream body) throws IOException;
  }

  private <T> T send(
      String method,
      String path,
      HttpRequest.BodyPublisher body,
      String contentType,
      String accept,
      BodyReader<T> reader) {
    URI uri = URI.create(config.baseUrl() + path);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri).timeout(config.requestTimeout()).method(method, body);
    builder.header("Accept", accept);
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    if (config.apiKey() != null) {
      builder.header("Authorization", "Bearer " + config.apiKey());
    }
    HttpRequest request = builder.build();
    String where = method + " " + uri;
    for (int attempt = 0; ; attempt++) {
      if (attempt > 0) {
        retries.incrementAndGet();
      }
      acquire(where);
      attempts.incrementAndGet();
      HttpResponse<InputStream> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (HttpTimeoutException e) {
        limit.releaseNeutral();
        retryOrThrow(attempt, Optional.empty(), where, 0, "timed out after " + timeoutText());
        continue;
      } catch (IOException e) {
        limit.releaseNeutral();
        retryOrThrow(attempt, Optional.empty(), where, 0, "connection failed: " + e);
        continue;
      } catch (InterruptedException e) {
        limit.releaseNeutral();
        Thread.currentThread().interrupt();
        throw new TraitlabException("interrupted during " + where, e);
      }
      int status = response.statusCode();
      if (status == 429) {
        limit.releaseRateLimited();
        rateLimited.incrementAndGet();
      } else if (status >= 500 || status == 408) {
        limit.releaseNeutral();
      } else {
        limit.releaseSuccess();
      }
      if (status >= 200 && status < 300) {
        try (InputStream in = response.body()) {
          return reader.read(in);
        } catch (IOException e) {
          throw new TraitlabException(where + ": reading the reply failed: " + e);
        }
      }
      String text;
      try (InputStream in = response.body()) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        text = "(the error body could not be read: " + e + ")";
      }
      if (status == 429 || status == 408 || status >= 500) {
        Optional<Duration> retryAfter =
            Backoff.parseRetryAfter(
                response.headers().firstValue("retry-after-ms"),
                response.headers().firstValue("retry-after"));
        retryOrThrow(attempt, retryAfter, where, status, errorText(status, text));
        continue;
      }
      ErrorBody error = errorBody(text);
      String message = where + ": HTTP " + status + " " + error.describe();
      if (status == 401 || status == 403) {
        throw new AuthenticationException(
            status, message + " (the API key comes from OPENAI_API_KEY or TRAITLAB_API_KEY)");
      }
      if (status == 400 && ContextLengthExceededException.CODE.equals(error.code)) {
        throw new ContextLengthExceededException(message);
      }
      throw new OpenAiApiException(status, error.type, message);
    }
  }

  private String timeoutText() {
    return config.requestTimeout().toMillis() + " ms";
  }

  private void acquire(String where) {
    try {
      limit.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TraitlabException("interrupted waiting to send " + where, e);
    }
  }

  private void retryOrThrow(
      int attempt, Optional<Duration> retryAfter, String where, int status, String why) {
    if (attempt >= config.maxRetries()) {
      throw new OpenAiApiException(
          status, null, where + ": " + why + " (gave up after " + (attempt + 1) + " attempts)");
    }
    try {
      Thread.sleep(backoff.delay(attempt, retryAfter));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TraitlabException("interrupted while backing off from " + where, e);
    }
  }

  private static JsonNode parse(String body, String where) {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new TraitlabException(
          where + ": reply is not JSON: " + abbreviate(body.strip().replace('\n', ' ')));
    }
  }

  private static String errorText(int status, String body) {
    return "HTTP " + status + " " + errorBody(body).describe();
  }

  private record ErrorBody(String type, String code, String message) {
    String describe() {
      StringBuilder text = new StringBuilder();
      if (code != null) {
        text.append(code).append(": ");
      } else if (type != null) {
        text.append(type).append(": ");
      }
      text.append(message);
      return text.toString();
    }
  }

  private static ErrorBody errorBody(String body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      if (error.isObject()) {
        return new ErrorBody(
            textOrNull(error.get("type")),
            textOrNull(error.get("code")),
            error.path("message").asText("(no message)"));
      }
      if (error.isTextual()) {
        return new ErrorBody(null, null, error.asText());
      }
    } catch (JsonProcessingException | RuntimeException ignored) {
      // not an OpenAI error body: show the raw text
    }
    return new ErrorBody(null, null, abbreviate(body.strip().replace('\n', ' ')));
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  @Override
  public void close() {
    http.close();
  }
}
