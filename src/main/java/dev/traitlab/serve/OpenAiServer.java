package dev.traitlab.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.ContextLengthExceededException;
import dev.traitlab.model.ContinuationScore;
import dev.traitlab.model.FineTuneEvent;
import dev.traitlab.model.FineTuneHyperparameters;
import dev.traitlab.model.FineTuneJob;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.TokenLogprob;
import dev.traitlab.model.http.OpenAiWire;
import dev.traitlab.model.http.WireFormatException;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * its stack trace when the config is verbose).
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

  /** Starts a server; port 0 in the config picks a free port (see {@link #port()}). */
  public static OpenAiServer start(ServerConfig config, ModelRegistry registry) {
    OpenAiServer server = new OpenAiServer(config, registry);
    server.app.start(config.host(), config.port());
    return server;
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
    app.post("/v1/chat/completions", this::chatCompletions);
    app.post("/v1/completions", this::completions);
    app.post("/v1/files", this::uploadFile);
    app.get("/v1/files", this::listFiles);
    app.get("/v1/files/{id}", ctx -> json(ctx, fileObject(file(ctx.pathParam("id")))));
    app.get("/v1/files/{id}/content", ctx -> ctx.result(file(ctx.pathParam("id")).content()));
    app.delete("/v1/files/{id}", this::deleteFile);
    app.post("/v1/fine_tuning/jobs", this::createJob);
    app.get("/v1/fine_tuning/jobs", this::listJobs);
    app.get("/v1/fine_tuning/jobs/{id}", ctx -> json(ctx, jobObject(fineTuning.retrieve(id(ctx)))));
    app.get("/v1/fine_tuning/jobs/{id}/events", this::jobEvents);
    app.post(
        "/v1/fine_tuning/jobs/{id}/cancel",
        ctx -> json(ctx, jobObject(fineTuning.cancel(id(ctx)))));

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

  private static String id(Context ctx) {
    return ctx.pathParam("id");
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

  private void listModels(Context ctx) {
    ObjectNode list = NODES.objectNode().put("object", "list");
    ArrayNode data = list.putArray("data");
    registry.all().forEach(e -> data.add(modelObject(e)));
    json(ctx, list);
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

  private LanguageModel model(String id) {
    return registry.find(id).orElseThrow(() -> ApiError.modelNotFound(id)).model();
  }

  private interface ModelCall<T> {
    T run() throws Exception;
  }

  /** Runs a call on a model within its concurrency bound. */
  private <T> T withPermit(String id, ModelCall<T> call) throws Exception {
    Semaphore semaphore =
        permits.computeIfAbsent(id, k -> new Semaphore(config.modelConcurrency(), true));
    semaphore.acquire();
    try {
      return call.run();
    } finally {
      semaphore.release();
    }
  }

  private void chatCompletions(Context ctx) throws Exception {
    JsonNode request = body(ctx);
    String id = OpenAiWire.model(request);
    LanguageModel model = model(id);
    List<ChatMessage> messages = OpenAiWire.messages(request);
    model.checkPromptBytes(
        messages.stream()
            .mapToLong(m -> m.content().getBytes(StandardCharsets.UTF_8).length)
            .sum());
    Sampling sampling = OpenAiWire.sampling(request, true);
    List<Completion> completions = withPermit(id, () -> model.chat(messages, sampling));
    json(
        ctx,
        OpenAiWire.chatResponse(
            "chatcmpl-" + UUID.randomUUID(), id, Instant.now().getEpochSecond(), completions));
  }

  private void completions(Context ctx) throws Exception {
    JsonNode request = body(ctx);
    String id = OpenAiWire.model(request);
    LanguageModel model = model(id);
    String prompt = OpenAiWire.prompt(request);
    model.checkPromptBytes(prompt.getBytes(StandardCharsets.UTF_8).length);
    Sampling sampling = OpenAiWire.sampling(request, false);
    boolean echo = OpenAiWire.echo(request);
    int maxTokens = OpenAiWire.maxTokens(request);
    if (maxTokens == 0 && !echo) {
      throw ApiError.badRequest("max_tokens", "'max_tokens' may be 0 only with 'echo': true");
    }
    List<Completion> completions;
    if (!echo) {
      completions = withPermit(id, () -> model.complete(prompt, sampling));
    } else {
      completions = withPermit(id, () -> echoed(model, prompt, sampling, maxTokens));
    }
    json(
        ctx,
        OpenAiWire.completionResponse(
            "cmpl-" + UUID.randomUUID(),
            id,
            Instant.now().getEpochSecond(),
            completions,
            sampling.logprobs()));
  }

  /**
   * Echo: the prompt's own tokens with their log-probabilities, followed by the generated ones.
   * With max_tokens 0 nothing is generated: pure scoring. Every token after the first is scored
   * given the tokens before it and nothing else, as {@code score(prompt, continuation)} does in
   * process, so scores through HTTP equal in-process ones; the first token, which has no context,
   * gets the model's score after an empty prompt.
   */
  private static List<Completion> echoed(
      LanguageModel model, String prompt, Sampling sampling, int maxTokens) {
    List<TokenLogprob> promptTokens = new ArrayList<>();
    if (sampling.logprobs() && !prompt.isEmpty()) {
      ContinuationScore whole = model.score("", List.of(prompt)).get(0);
      String first = whole.tokens().get(0);
      promptTokens.add(new TokenLogprob(first, whole.tokenLogprobs()[0], null));
      if (whole.tokens().size() > 1 && prompt.startsWith(first)) {
        ContinuationScore rest =
            model.score(first, List.of(prompt.substring(first.length()))).get(0);
        for (int i = 0; i < rest.tokens().size(); i++) {
          promptTokens.add(new TokenLogprob(rest.tokens().get(i), rest.tokenLogprobs()[i], null));
        }
      } else {
        for (int i = 1; i < whole.tokens().size(); i++) {
          promptTokens.add(new TokenLogprob(whole.tokens().get(i), whole.tokenLogprobs()[i], null));
        }
      }
    }
    List<Completion> result = new ArrayList<>();
    if (maxTokens == 0) {
      for (int i = 0; i < sampling.n(); i++) {
        result.add(new Completion(i, prompt, "length", promptTokens));
      }
      return result;
    }
    for (Completion c : model.complete(prompt, sampling)) {
      List<TokenLogprob> tokens = new ArrayList<>(promptTokens);
      tokens.addAll(c.logprobs());
      result.add(new Completion(c.index(), prompt + c.text(), c.finishReason(), tokens));
    }
    return result;
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

  private void listFiles(Context ctx) {
    ObjectNode list = NODES.objectNode().put("object", "list");
    ArrayNode data = list.putArray("data");
    files.all().forEach(f -> data.add(fileObject(f)));
    json(ctx, list);
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
        .put("purpose", f.purpose());
  }

  // ---- fine-tuning ----

  private void createJob(Context ctx) throws IOException {
    JsonNode request = body(ctx);
    String model = OpenAiWire.model(request);
    JsonNode fileId = request.get("training_file");
    if (fileId == null || !fileId.isTextual()) {
      throw ApiError.badRequest("training_file", "'training_file' must be a file id");
    }
    FileStore.StoredFile file =
        files
            .find(fileId.asText())
            .orElseThrow(
                () ->
                    ApiError.badRequest(
                        "training_file", "Invalid file id '" + fileId.asText() + "'"));
    JsonNode hp = request.path("hyperparameters");
    if (hp.isMissingNode() || hp.isNull()) {
      hp = request.path("method").path("supervised").path("hyperparameters");
    }
    FineTuneHyperparameters hyperparameters =
        new FineTuneHyperparameters(
            intOrAuto(hp, "n_epochs"), intOrAuto(hp, "batch_size"), doubleOrAuto(hp));
    JsonNode suffix = request.get("suffix");
    if (suffix != null && !suffix.isNull() && !suffix.asText().matches("[A-Za-z0-9_.-]{1,64}")) {
      throw ApiError.badRequest("suffix", "'suffix' must be 1-64 of [A-Za-z0-9_.-]");
    }
    JsonNode seed = request.get("seed");
    if (seed != null && !seed.isNull() && !seed.isIntegralNumber()) {
      throw ApiError.badRequest("seed", "'seed' must be an integer");
    }
    FineTuneJob job =
        fineTuning.create(
            model,
            file,
            hyperparameters,
            suffix == null || suffix.isNull() ? null : suffix.asText(),
            seed == null || seed.isNull() ? 0 : seed.asLong());
    json(ctx, jobObject(job));
  }

  private static Integer intOrAuto(JsonNode hp, String name) {
    JsonNode v = hp.get(name);
    if (v == null || v.isNull() || "auto".equals(v.asText())) {
      return null;
    }
    if (!v.isIntegralNumber() || v.asInt() < 1) {
      throw ApiError.badRequest(name, "'" + name + "' must be 'auto' or a positive integer");
    }
    return v.asInt();
  }

  private static Double doubleOrAuto(JsonNode hp) {
    JsonNode v = hp.get("learning_rate_multiplier");
    if (v == null || v.isNull() || "auto".equals(v.asText())) {
      return null;
    }
    if (!v.isNumber() || !(v.asDouble() > 0)) {
      throw ApiError.badRequest(
          "learning_rate_multiplier", "'learning_rate_multiplier' must be 'auto' or > 0");
    }
    return v.asDouble();
  }

  private void listJobs(Context ctx) {
    int limit = limit(ctx, 20);
    ObjectNode list = NODES.objectNode().put("object", "list");
    ArrayNode data = list.putArray("data");
    List<FineTuneJob> jobs = fineTuning.list();
    jobs.stream().limit(limit).forEach(j -> data.add(jobObject(j)));
    list.put("has_more", jobs.size() > limit);
    json(ctx, list);
  }

  private void jobEvents(Context ctx) {
    int limit = limit(ctx, 20);
    List<FineTuneEvent> events = new ArrayList<>(fineTuning.events(id(ctx)));
    java.util.Collections.reverse(events);
    ObjectNode list = NODES.objectNode().put("object", "list");
    ArrayNode data = list.putArray("data");
    for (FineTuneEvent e : events.subList(0, Math.min(limit, events.size()))) {
      data.addObject()
          .put("id", e.id())
          .put("object", "fine_tuning.job.event")
          .put("created_at", e.createdAt())
          .put("level", e.level())
          .put("message", e.message());
    }
    list.put("has_more", events.size() > limit);
    json(ctx, list);
  }

  private static int limit(Context ctx, int fallback) {
    String text = ctx.queryParam("limit");
    if (text == null) {
      return fallback;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit < 1) {
        throw new NumberFormatException();
      }
      return limit;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("limit", "'limit' must be a positive integer, got '" + text + "'");
    }
  }

  private static ObjectNode jobObject(FineTuneJob job) {
    ObjectNode node = NODES.objectNode();
    node.put("id", job.id()).put("object", "fine_tuning.job");
    node.put("model", job.baseModel()).put("training_file", job.trainingFile());
    node.put("status", job.status().wire());
    node.put("created_at", job.createdAt());
    if (job.finishedAt() == null) {
      node.putNull("finished_at");
    } else {
      node.put("finished_at", job.finishedAt());
    }
    if (job.fineTunedModel() == null) {
      node.putNull("fine_tuned_model");
    } else {
      node.put("fine_tuned_model", job.fineTunedModel());
    }
    node.put("seed", job.seed());
    OpenAiWire.putHyperparameters(node.putObject("hyperparameters"), job.hyperparameters());
    if (job.error() == null) {
      node.putNull("error");
    } else {
      node.putObject("error").put("message", job.error()).put("code", "training_failed");
    }
    return node;
  }

  // ---- plumbing ----

  private static JsonNode body(Context ctx) throws IOException {
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

  private static void json(Context ctx, JsonNode node) {
    try {
      ctx.contentType("application/json").result(JSON.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void error(
      Context ctx, int status, String type, String param, String code, Exception e) {
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
    ctx.status(status);
    ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
    json(ctx, body);
  }

  @Override
  public void close() {
    fineTuning.close();
    app.stop();
  }
}
