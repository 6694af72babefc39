package dev.traitlab.model.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.model.FineTuneEvent;
import dev.traitlab.model.FineTuneHyperparameters;
import dev.traitlab.model.FineTuneJob;
import dev.traitlab.model.FineTuneMethod;
import dev.traitlab.model.FineTuneRequest;
import dev.traitlab.model.FineTuneStatus;
import dev.traitlab.model.FineTuning;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OpenAI's files and fine-tuning jobs endpoints. */
public final class OpenAiFineTuning implements FineTuning {
  private final OpenAiClient client;

  public OpenAiFineTuning(OpenAiClient client) {
    this.client = client;
  }

  @Override
  public String uploadTrainingFile(Path chatJsonl) {
    byte[] content;
    try {
      content = Files.readAllBytes(chatJsonl);
    } catch (IOException e) {
      throw new TraitlabException("cannot read training file " + chatJsonl + ": " + e.getMessage());
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("purpose", "fine-tune");
    JsonNode reply =
        client.postMultipart("/files", fields, "file", chatJsonl.getFileName().toString(), content);
    return requireText(reply, "id", "file upload");
  }

  @Override
  public FineTuneJob create(FineTuneRequest request) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("model", request.baseModel());
    body.put("training_file", request.trainingFile());
    body.put("seed", request.seed());
    if (request.suffix() != null) {
      body.put("suffix", request.suffix());
    }
    if (request.method() instanceof FineTuneMethod.Supervised) {
      // The long-standing form, which every OpenAI-compatible service reads.
      OpenAiWire.putHyperparameters(body.putObject("hyperparameters"), request.hyperparameters());
    } else {
      OpenAiWire.putMethod(body.putObject("method"), request.method(), request.hyperparameters());
    }
    return job(client.postJson("/fine_tuning/jobs", body));
  }

  @Override
  public FineTuneJob retrieve(String jobId) {
    return job(client.get("/fine_tuning/jobs/" + encode(jobId)));
  }

  /** Every event of the job, oldest first, following the list's pages ({@code has_more}). */
  @Override
  public List<FineTuneEvent> events(String jobId) {
    List<FineTuneEvent> events = new ArrayList<>();
    String after = null;
    while (true) {
      String path = "/fine_tuning/jobs/" + encode(jobId) + "/events?limit=100";
      JsonNode reply = client.get(after == null ? path : path + "&after=" + encode(after));
      for (JsonNode e : reply.path("data")) {
        events.add(
            new FineTuneEvent(
                e.path("id").asText(),
                e.path("created_at").asLong(),
                e.path("level").asText("info"),
                e.path("message").asText()));
      }
      if (!reply.path("has_more").asBoolean(false) || reply.path("data").isEmpty()) {
        break;
      }
      after = events.getLast().id();
    }
    // OpenAI lists newest first; a stable sort keeps the order of events of the same second.
    Collections.reverse(events);
    events.sort((a, b) -> Long.compare(a.createdAt(), b.createdAt()));
    return events;
  }

  @Override
  public FineTuneJob cancel(String jobId) {
    return job(
        client.postJson(
            "/fine_tuning/jobs/" + encode(jobId) + "/cancel",
            JsonNodeFactory.instance.objectNode()));
  }

  @Override
  public List<FineTuneJob> list(int limit) {
    JsonNode reply = client.get("/fine_tuning/jobs?limit=" + limit);
    List<FineTuneJob> jobs = new ArrayList<>();
    for (JsonNode j : reply.path("data")) {
      jobs.add(job(j));
    }
    return jobs;
  }

  @Override
  public List<String> listModels() {
    List<String> models = new ArrayList<>();
    for (JsonNode m : client.get("/models").path("data")) {
      models.add(m.path("id").asText());
    }
    return models;
  }

  /** One GET /models/{id}: 404 means no such model (listing would have to page through all). */
  @Override
  public boolean hasModel(String id) {
    try {
      client.get(
          "/models/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));
      return true;
    } catch (OpenAiApiException e) {
      if (e.status() == 404) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public String modelReference(FineTuneJob job) {
    return job.fineTunedModel() == null ? null : "openai:" + job.fineTunedModel();
  }

  /** Reads OpenAI's fine_tuning.job object. */
  public static FineTuneJob job(JsonNode j) {
    FineTuneMethod method = OpenAiWire.method(j);
    JsonNode hp = j.path("hyperparameters");
    if (!hp.isObject()) {
      hp = j.path("method").path(method.type()).path("hyperparameters");
    }
    FineTuneHyperparameters hyperparameters =
        new FineTuneHyperparameters(
            hp.path("n_epochs").isIntegralNumber() ? hp.get("n_epochs").asInt() : null,
            hp.path("batch_size").isIntegralNumber() ? hp.get("batch_size").asInt() : null,
            hp.path("learning_rate_multiplier").isNumber()
                ? hp.get("learning_rate_multiplier").asDouble()
                : null);
    JsonNode error = j.path("error");
    String errorText =
        error.isObject() && error.path("message").isTextual()
            ? error.get("message").asText()
            : null;
    return new FineTuneJob(
        requireText(j, "id", "fine-tuning job"),
        j.path("model").asText(),
        j.path("training_file").asText(),
        FineTuneStatus.fromWire(j.path("status").asText()),
        j.path("fine_tuned_model").isTextual() ? j.get("fine_tuned_model").asText() : null,
        hyperparameters,
        j.path("seed").asLong(),
        j.path("created_at").asLong(),
        j.path("finished_at").isNumber() ? j.get("finished_at").asLong() : null,
        errorText,
        method);
  }

  private static String requireText(JsonNode node, String field, String what) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new TraitlabException(what + " reply has no '" + field + "'");
    }
    return value.asText();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
