package dev.traitlab.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.traitlab.model.http.OpenAiChunks;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A reply of server-sent events ({@code data: JSON}, a blank line after each, flushed at once).
 * Nothing is written before the first event, so a request that fails before it produces anything
 * still gets an ordinary JSON error with its status; after it, an error can only be an event.
 */
final class EventStream {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Context ctx;
  private OutputStream out;

  EventStream(Context ctx) {
    this.ctx = ctx;
  }

  /** Whether the reply has started (status and headers sent). */
  boolean started() {
    return out != null;
  }

  /**
   * Sends one event.
   *
   * @throws UncheckedIOException when the client has gone away (which stops the generation that
   *     feeds the stream)
   */
  void send(JsonNode event) {
    try {
      write(JSON.writeValueAsString(event));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Ends the stream with {@code data: [DONE]}. */
  void done() {
    write(OpenAiChunks.DONE);
  }

  private void write(String data) {
    try {
      if (out == null) {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream;charset=utf-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        out = res.getOutputStream();
      }
      out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("the client closed the stream", e);
    }
  }
}
