package dev.traitlab.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.model.ContextLengthExceededException;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.http.WireFormatException;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenAI-compatible HTTP server over {@link LanguageModel}s, on Javalin (Jetty) with virtual
 * threads. Every failure is an OpenAI-style JSON error: malformed requests get 400, a prompt longer
 * than the model's context 400 with code {@code context_length_exceeded} (huge ones refused by
 * their length in bytes before any tokenising), unknown models and ids 404, a wrong or missing
 * bearer token 401; a failing model call is a 500 for that request only, logged in one line (with
 * its stack trace when the config is verbose). Fields a request sets that the server does not
 * implement are refused with a 400 naming them ({@link RequestFields}); lists page as the API's do
 * ({@link Pagination}). Chat and completions are in {@link GenerationEndpoints}, fine-tuning jobs
 * in {@link FineTuningEndpoints}.
 */
public final class OpenAiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiServer.class);
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  // Marks a response that already carries an OpenAI error body (vs Javalin's own 404 text).
  private static final String ERROR_WRITTEN = "traitlab.error-written";

  private final ServerConfig config;
  private final ModelRegistry registry;
  private final InFlightRequests inFlight = new InFlightRequests();
  private final FileStore files = new FileStore();
  private final FineTuningService fineTuning;
  private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
  private final FaultInjection.Dice dice;
  private final Javalin app;

  private OpenAiServer(ServerConfig config, ModelRegistry registry) {
    this.config = config;
    this.registry = registry;
    this.fineTuning = new FineTuningService(registry, config.verbose());
    this.dice = config.faults().new Dice();
    this.app =
        Javalin.create(
            c -> {
              c.useVirtualThreads = true;
              c.showJavalinBanner = false;
              c.startupWatcherEnabled = false;
              c.http.maxRequestSize = config.maxUploadBytes();
              c.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
              c.jetty.multipartConfig.maxTotalRequestSize(config.maxUploadBytes(), SizeUnit.BYTES);
            });
    routes();
  }

  /**
   * Starts a server; port 0 in the config picks a free port (see {@link #port()}).
   *
   * @throws TraitlabException "port N on HOST is in use" when another process holds the port
   *     (checked first, so that Javalin logs no error stack; a port taken in between is reported
   *     the same way)
   */
  public static OpenAiServer start(ServerConfig config, ModelRegistry registry) {
    requirePortFree(config.host(), config.port());
    OpenAiServer server = new OpenAiServer(config, registry);
    try {
      server.app.start(config.host(), config.port());
    } catch (io.javalin.util.JavalinBindException e) {
      throw portInUse(config.host(), config.port(), e);
    }
    return server;
  }

  /**
   * Checks that {@code port} can be bound on {@code host} (with address reuse, as Jetty binds, so
   * that a socket lingering in TIME_WAIT does not count); port 0 always can.
   *
   * @throws TraitlabException "port N on HOST is in use" otherwise
   */
  public static void requirePortFree(String host, int port) {
    if (port == 0) {
      return;
    }
    try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress(host, port));
    } catch (java.net.BindException e) {
      throw portInUse(host, port, e);
    } catch (java.io.IOException e) {
      throw new TraitlabException(
          "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  private static TraitlabException portInUse(String host, int port, Exception cause) {
    return new TraitlabException(
        "port "
            + port
            + " on "
            + host
            + " is in use (another server is listening there; choose another with --port)",
        cause);
  }

  public int port() {
    return app.port();
  }

  /** The base URL clients use, e.g. {@code http://127.0.0.1:8000/v1}. */
  public String baseUrl() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return "http://" + host + ":" + port() + "/v1";
  }

  private void routes() {
    app.before("/v1/*", this::authorize);
    app.before("/v1/chat/completions", this::injectFault);
    app.before("/v1/completions", this::injectFault);

    app.get("/v1/models", this::listModels);
    app.get("/v1/models/{model}", this::retrieveModel);
    new GenerationEndpoints(this).register(app);
    app.post("/v1/files", this::uploadFile);
    app.get("/v1/files", this::listFiles);
    app.get("/v1/files/{id}", ctx -> json(ctx, fileObject(file(ctx.pathParam("id")))));
    app.get("/v1/files/{id}/content", ctx -> ctx.result(file(ctx.pathParam("id")).content()));
    app.delete("/v1/files/{id}", this::deleteFile);
    new FineTuningEndpoints(fineTuning, files).register(app);

    app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.type, e.param, e.code, e));
    app.exception(
        ContextLengthExceededException.class,
        (e, ctx) ->
            error(
                ctx,
                400,
                "invalid_request_error",
                ctx.path().endsWith("/chat/completions") ? "messages" : "prompt",
                ContextLengthExceededException.CODE,
                e));
    app.exception(
        WireFormatException.class,
        (e, ctx) -> error(ctx, 400, "invalid_request_error", e.param(), null, e));
    app.exception(
        JsonProcessingException.class,
        (e, ctx) ->
            error(
                ctx,
                400,
                "invalid_request_error",
                null,
                null,
                new IllegalArgumentException(
                    "We could not parse the JSON body of your request: "
                        + e.getOriginalMessage())));
    app.exception(
        IllegalArgumentException.class,
        (e, ctx) -> error(ctx, 400, "invalid_request_error", null, null, e));
    app.exception(
        UnsupportedOperationException.class,
        (e, ctx) -> error(ctx, 400, "invalid_request_error", null, "unsupported", e));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          logFailure(LOG, config.verbose(), ctx.method() + " " + ctx.path(), e);
          error(ctx, 500, "server_error", null, null, e);
        });
    app.error(
        404,
        ctx -> {
          if (ctx.attribute(ERROR_WRITTEN) == null) {
            error(
                ctx,
                404,
                "invalid_request_error",
                null,
                "unknown_url",
                new IllegalArgumentException(
                    "Unknown request URL: " + ctx.method() + " " + ctx.path()));
          }
        });
  }

  /** One line per failure, or the stack trace too when verbose. */
  static void logFailure(Logger log, boolean verbose, String what, Throwable e) {
    if (verbose) {
      log.warn("{} failed", what, e);
    } else {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      log.warn(
          "{} failed: {} (--verbose logs the stack trace)",
          what,
          message.lines().findFirst().orElse(""));
    }
  }

  // ---- middleware ----

  private void authorize(Context ctx) {
    String token = config.bearerToken();
    if (token == null) {
      return;
    }
    String header = ctx.header("Authorization");
    byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
    byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, expected)) {
      throw new ApiError(
          401,
          "invalid_request_error",
          null,
          "invalid_api_key",
          header == null ? "Missing bearer token" : "Incorrect API key provided");
    }
  }

  private void injectFault(Context ctx) throws InterruptedException {
    if (!config.faults().active()) {
      return;
    }
    switch (dice.next()) {
      case RATE_LIMITED -> {
        ctx.header("Retry-After", "0");
        throw new ApiError(
            429, "rate_limit_error", null, "rate_limit_exceeded", "Rate limit reached (injected)");
      }
      case SERVER_ERROR ->
          throw new ApiError(500, "server_error", null, null, "Internal error (injected)");
      case SLOW -> Thread.sleep(config.faults().slowDelay());
      case NONE -> {}
    }
  }

  // ---- models ----

  /** Every model by default (the API does not page it), in the order they were added. */
  private void listModels(Context ctx) {
    json(
        ctx,
        Pagination.page(
            ctx,
            registry.all(),
            ModelRegistry.Entry::id,
            OpenAiServer::modelObject,
            Pagination.MAX_LIMIT,
            false));
  }

  private void retrieveModel(Context ctx) {
    String id = ctx.pathParam("model");
    json(ctx, modelObject(registry.find(id).orElseThrow(() -> ApiError.modelNotFound(id))));
  }

  private static ObjectNode modelObject(ModelRegistry.Entry e) {
    return NODES
        .objectNode()
        .put("id", e.id())
        .put("object", "model")
        .put("created", e.created())
        .put("owned_by", e.ownedBy());
  }

  LanguageModel model(String id) {
    return registry.find(id).orElseThrow(() -> ApiError.modelNotFound(id)).model();
  }

  boolean verbose() {
    return config.verbose();
  }

  interface ModelCall<T> {
    T run() throws Exception;
  }

  /** Runs a call on a model within its concurrency bound. */
  <T> T withPermit(String id, ModelCall<T> call) throws Exception {
    Semaphore semaphore =
        permits.computeIfAbsent(id, k -> new Semaphore(config.modelConcurrency(), true));
    semaphore.acquire();
    try {
      return call.run();
    } finally {
      semaphore.release();
    }
  }

  // ---- files ----

  private void uploadFile(Context ctx) throws IOException {
    String purpose = ctx.formParam("purpose");
    if (purpose == null || purpose.isBlank()) {
      throw ApiError.badRequest("purpose", "'purpose' is required");
    }
    UploadedFile upload = ctx.uploadedFile("file");
    if (upload == null) {
      throw ApiError.badRequest("file", "'file' is required (multipart/form-data)");
    }
    byte[] content;
    try (InputStream in = upload.content()) {
      content = in.readAllBytes();
    }
    json(ctx, fileObject(files.add(upload.filename(), purpose, content)));
  }

  /** Newest first unless {@code order=asc}; {@code purpose} filters; 10,000 a page by default. */
  private void listFiles(Context ctx) {
    String order = ctx.queryParamAsClass("order", String.class).getOrDefault("desc");
    if (!order.equals("asc") && !order.equals("desc")) {
      throw ApiError.badRequest("order", "'order' must be 'asc' or 'desc', got '" + order + "'");
    }
    String purpose = ctx.queryParam("purpose");
    List<FileStore.StoredFile> all = new ArrayList<>(files.all());
    if (order.equals("desc")) {
      Collections.reverse(all);
    }
    if (purpose != null) {
      all.removeIf(f -> !f.purpose().equals(purpose));
    }
    json(
        ctx,
        Pagination.page(
            ctx,
            all,
            FileStore.StoredFile::id,
            OpenAiServer::fileObject,
            Pagination.MAX_LIMIT,
            true));
  }

  private void deleteFile(Context ctx) {
    String id = ctx.pathParam("id");
    if (!files.delete(id)) {
      throw ApiError.notFound("file", id);
    }
    json(ctx, NODES.objectNode().put("id", id).put("object", "file").put("deleted", true));
  }

  private FileStore.StoredFile file(String id) {
    return files.find(id).orElseThrow(() -> ApiError.notFound("file", id));
  }

  private static ObjectNode fileObject(FileStore.StoredFile f) {
    return NODES
        .objectNode()
        .put("id", f.id())
        .put("object", "file")
        .put("bytes", f.content().length)
        .put("created_at", f.createdAt())
        .put("filename", f.filename())
        .put("purpose", f.purpose())
        .put("status", "processed");
  }

  // ---- plumbing ----

  static JsonNode body(Context ctx) throws IOException {
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length == 0) {
      throw ApiError.badRequest(null, "The request body is empty; expected a JSON object");
    }
    JsonNode node = JSON.readTree(bytes);
    if (node == null || !node.isObject()) {
      throw ApiError.badRequest(null, "The request body must be a JSON object");
    }
    return node;
  }

  static void json(Context ctx, JsonNode node) {
    try {
      ctx.contentType("application/json").result(JSON.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void error(
      Context ctx, int status, String type, String param, String code, Exception e) {
    ctx.status(status);
    ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
    json(ctx, errorBody(type, param, code, e));
  }

  /** OpenAI's error object: {@code {error: {message, type, param, code}}}. */
  static ObjectNode errorBody(String type, String param, String code, Throwable e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    ObjectNode body = NODES.objectNode();
    ObjectNode error = body.putObject("error");
    error.put("message", message).put("type", type);
    if (param == null) {
      error.putNull("param");
    } else {
      error.put("param", param);
    }
    if (code == null) {
      error.putNull("code");
    } else {
      error.put("code", code);
    }
    return body;
  }

  /**
   * Stops the server after the model calls it is running have finished (up to a minute; new ones
   * get 503 meanwhile), so that the caller may then close the models.
   */
  @Override
  public void close() {
    if (!inFlight.closeAndAwait(java.time.Duration.ofMinutes(1))) {
      org.slf4j.LoggerFactory.getLogger(OpenAiServer.class)
          .warn("closing with {} model calls still running", inFlight.running());
    }
    fineTuning.close();
    app.stop();
  }

  /** The counter that {@link #close} waits on; endpoints that call models run under it. */
  InFlightRequests inFlight() {
    return inFlight;
  }
}
