package dev.traitlab.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.model.FineTuneEvent;
import dev.traitlab.model.FineTuneHyperparameters;
import dev.traitlab.model.FineTuneJob;
import dev.traitlab.model.FineTuneMethod;
import dev.traitlab.model.http.OpenAiWire;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code /v1/fine_tuning/jobs}: create (supervised fine-tuning, or DPO on preference JSONL with
 * {@code method: {"type": "dpo", "dpo": {"hyperparameters": {"beta": ...}}}}), retrieve, list,
 * events, checkpoints and cancel, in OpenAI's JSON; the lists page as the API's do (jobs and events
 * newest first).
 */
final class FineTuningEndpoints {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final FineTuningService service;
  private final FileStore files;

  FineTuningEndpoints(FineTuningService service, FileStore files) {
    this.service = service;
    this.files = files;
  }

  void register(Javalin app) {
    app.post("/v1/fine_tuning/jobs", this::create);
    app.get(
        "/v1/fine_tuning/jobs",
        ctx ->
            OpenAiServer.json(
                ctx,
                Pagination.page(
                    ctx, service.list(), FineTuneJob::id, FineTuningEndpoints::job, 20, false)));
    app.get(
        "/v1/fine_tuning/jobs/{id}",
        ctx -> OpenAiServer.json(ctx, job(service.retrieve(ctx.pathParam("id")))));
    app.get("/v1/fine_tuning/jobs/{id}/events", this::events);
    app.get(
        "/v1/fine_tuning/jobs/{id}/checkpoints",
        ctx ->
            OpenAiServer.json(
                ctx,
                Pagination.page(
                    ctx,
                    service.checkpoints(ctx.pathParam("id")),
                    FineTuningService.Checkpoint::id,
                    FineTuningEndpoints::checkpoint,
                    10,
                    true)));
    app.post(
        "/v1/fine_tuning/jobs/{id}/cancel",
        ctx -> OpenAiServer.json(ctx, job(service.cancel(ctx.pathParam("id")))));
  }

  private void create(Context ctx) throws IOException {
    JsonNode request = OpenAiServer.body(ctx);
    RequestFields.check(request, RequestFields.FINE_TUNING);
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
    JsonNode method = request.path("method");
    FineTuneMethod fineTuneMethod = FineTuneMethod.supervised();
    if (!method.isMissingNode() && !method.isNull()) {
      String type = method.path("type").asText("");
      if (!type.equals("supervised") && !type.equals("dpo")) {
        throw ApiError.badRequest(
            "method.type",
            "fine-tuning method '"
                + type
                + "' is not implemented: traitlab serve runs supervised and dpo fine-tuning");
      }
      JsonNode methodHp = method.path(type).path("hyperparameters");
      if (hp.isMissingNode() || hp.isNull()) {
        hp = methodHp;
      }
      if (type.equals("dpo")) {
        fineTuneMethod =
            FineTuneMethod.dpo(doubleOrAuto(methodHp, "beta", "method.dpo.hyperparameters.beta"));
      }
    }
    FineTuneHyperparameters hyperparameters =
        new FineTuneHyperparameters(
            intOrAuto(hp, "n_epochs"),
            intOrAuto(hp, "batch_size"),
            doubleOrAuto(hp, "learning_rate_multiplier", "learning_rate_multiplier"));
    JsonNode suffix = request.get("suffix");
    if (suffix != null && !suffix.isNull() && !suffix.asText().matches("[A-Za-z0-9_.-]{1,64}")) {
      throw ApiError.badRequest("suffix", "'suffix' must be 1-64 of [A-Za-z0-9_.-]");
    }
    JsonNode seed = request.get("seed");
    if (seed != null && !seed.isNull() && !seed.isIntegralNumber()) {
      throw ApiError.badRequest("seed", "'seed' must be an integer");
    }
    FineTuneJob job =
        service.create(
            model,
            file,
            hyperparameters,
            fineTuneMethod,
            suffix == null || suffix.isNull() ? null : suffix.asText(),
            seed == null || seed.isNull() ? 0 : seed.asLong());
    OpenAiServer.json(ctx, job(job));
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

  private static Double doubleOrAuto(JsonNode hp, String name, String param) {
    JsonNode v = hp.get(name);
    if (v == null || v.isNull() || "auto".equals(v.asText())) {
      return null;
    }
    if (!v.isNumber() || !(v.asDouble() > 0) || !Double.isFinite(v.asDouble())) {
      throw ApiError.badRequest(param, "'" + name + "' must be 'auto' or a number > 0");
    }
    return v.asDouble();
  }

  private void events(Context ctx) {
    List<FineTuneEvent> events = new ArrayList<>(service.events(ctx.pathParam("id")));
    Collections.reverse(events); // newest first, as the API lists them
    OpenAiServer.json(
        ctx,
        Pagination.page(
            ctx,
            events,
            FineTuneEvent::id,
            e ->
                NODES
                    .objectNode()
                    .put("id", e.id())
                    .put("object", "fine_tuning.job.event")
                    .put("created_at", e.createdAt())
                    .put("level", e.level())
                    .put("message", e.message())
                    .put("type", "message"),
            20,
            false));
  }

  private static ObjectNode checkpoint(FineTuningService.Checkpoint c) {
    ObjectNode node = NODES.objectNode();
    node.put("id", c.id()).put("object", "fine_tuning.job.checkpoint");
    node.put("created_at", c.createdAt());
    node.put("fine_tuned_model_checkpoint", c.model());
    node.put("fine_tuning_job_id", c.jobId());
    node.put("step_number", c.step());
    node.putObject("metrics").put("step", c.step());
    return node;
  }

  static ObjectNode job(FineTuneJob job) {
    ObjectNode node = NODES.objectNode();
    node.put("id", job.id()).put("object", "fine_tuning.job");
    node.put("model", job.baseModel()).put("training_file", job.trainingFile());
    node.putNull("validation_file");
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
    node.put("organization_id", "traitlab");
    node.putArray("result_files");
    node.putNull("trained_tokens");
    node.put("seed", job.seed());
    OpenAiWire.putHyperparameters(node.putObject("hyperparameters"), job.hyperparameters());
    OpenAiWire.putMethod(node.putObject("method"), job.method(), job.hyperparameters());
    if (job.error() == null) {
      node.putNull("error");
    } else {
      node.putObject("error")
          .put("message", job.error())
          .put("code", "training_failed")
          .putNull("param");
    }
    return node;
  }
}
