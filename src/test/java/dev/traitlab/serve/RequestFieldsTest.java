package dev.traitlab.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.http.OpenAiClient;
import dev.traitlab.model.http.OpenAiFineTuning;
import dev.traitlab.model.http.OpenAiModel;
import dev.traitlab.model.http.OpenAiWire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request field is implemented or refused, never ignored: the logit controls work through the
 * server and traitlab's client, what the server lacks is a 400 naming the field, and metadata is
 * accepted.
 */
class RequestFieldsTest {
  private static final List<ChatMessage> CHAT = List.of(ChatMessage.user("Name an animal."));
  @TempDir static Path dir;
  static TinyServer tiny;
  static OpenAiClient client;

  @BeforeAll
  static void start() {
    tiny = new TinyServer(dir, 128);
    client = tiny.client();
  }

  @AfterAll
  static void stop() {
    client.close();
    tiny.close();
  }

  private static ObjectNode chat(String model) {
    ObjectNode body = TinyServer.JSON.createObjectNode().put("model", model).put("seed", 1);
    body.put("max_tokens", 4);
    body.putArray("messages").addObject().put("role", "user").put("content", "Name an animal.");
    return body;
  }

  @Test
  void whatTheServerDoesNotDoIsRefusedNamingTheField() throws Exception {
    ObjectNode tools = chat("tiny");
    tools.putArray("tools").addObject().put("type", "function");
    assertTrue(tiny.post("/chat/completions", tools).badRequest("tools").contains("tool calls"));
    tiny.post("/chat/completions", chat("tiny").put("tool_choice", "auto"))
        .badRequest("tool_choice");
    ObjectNode functions = chat("tiny");
    functions.putArray("functions");
    tiny.post("/chat/completions", functions).badRequest("functions");
    ObjectNode json = chat("tiny");
    json.putObject("response_format").put("type", "json_object");
    tiny.post("/chat/completions", json).badRequest("response_format");
    tiny.post("/chat/completions", chat("tiny").put("reasoning_effort", "low"))
        .badRequest("reasoning_effort");
    ObjectNode completion =
        TinyServer.JSON.createObjectNode().put("model", "tiny").put("prompt", "My");
    tiny.post("/completions", completion.deepCopy().put("suffix", "x")).badRequest("suffix");
    tiny.post("/completions", completion.deepCopy().put("best_of", 3)).badRequest("best_of");
  }

  @Test
  void metadataAndTextFormatAndNullsAreAccepted() throws Exception {
    ObjectNode body = chat("tiny").put("user", "u-1").put("store", false);
    body.putObject("metadata").put("experiment", "x");
    body.putObject("response_format").put("type", "text");
    body.putNull("tools");
    tiny.post("/chat/completions", body).ok();
    ObjectNode completion =
        TinyServer.JSON.createObjectNode().put("model", "tiny").put("prompt", "My");
    tiny.post("/completions", completion.put("user", "u-1").put("best_of", 1)).ok();
  }

  @Test
  void controlsOutsideTheirRangesAreRefused() throws Exception {
    ObjectNode outside = chat("tiny");
    outside.putObject("logit_bias").put("100000", 5);
    assertTrue(tiny.post("/chat/completions", outside).badRequest("logit_bias").contains("100000"));
    ObjectNode notAnId = chat("tiny");
    notAnId.putObject("logit_bias").put("owl", 5);
    tiny.post("/chat/completions", notAnId).badRequest("logit_bias");
    ObjectNode tooStrong = chat("tiny");
    tooStrong.putObject("logit_bias").put("5", 101);
    tiny.post("/chat/completions", tooStrong).badRequest("logit_bias");
    tiny.post("/chat/completions", chat("tiny").put("presence_penalty", 2.5))
        .badRequest("presence_penalty");
    tiny.post("/chat/completions", chat("tiny").put("frequency_penalty", -3))
        .badRequest("frequency_penalty");
    tiny.post("/chat/completions", chat("tiny").put("top_k", -2)).badRequest("top_k");
    tiny.post("/chat/completions", chat("tiny").put("min_p", 1.5)).badRequest("min_p");
    tiny.post("/chat/completions", chat("tiny").put("repetition_penalty", 0))
        .badRequest("repetition_penalty");
    // A backend that cannot apply a control refuses it (the test double WordModel has none).
    assertEquals(400, tiny.post("/chat/completions", chat("word").put("top_k", 3)).status());
  }

  @Test
  void logitBiasThroughTheServerForcesATokenAsInProcess() throws Exception {
    int owl = tiny.local.encode(" owl")[0];
    ObjectNode body = chat("tiny").put("temperature", 0).put("max_tokens", 5);
    body.putObject("logit_bias").put(Integer.toString(owl), 100);
    JsonNode reply = tiny.post("/chat/completions", body).ok();
    String forced = tiny.local.decode(new int[] {owl, owl, owl, owl, owl});
    assertEquals(forced, reply.path("choices").path(0).path("message").path("content").asText());
    Sampling sampling =
        Sampling.builder()
            .optTemperature(0)
            .optMaxTokens(5)
            .optSeed(1)
            .optLogitBias(Map.of(owl, 100.0))
            .build();
    assertEquals(forced, tiny.local.chat(CHAT, sampling).get(0).text());
  }

  @Test
  void theHttpClientSendsEveryControlTheCallerSets() {
    Sampling sampling =
        Sampling.builder()
            .optN(3)
            .optSeed(9)
            .optMaxTokens(12)
            .optTopK(4)
            .optMinP(0.05)
            .optPresencePenalty(0.5)
            .optFrequencyPenalty(0.8)
            .optRepetitionPenalty(1.3)
            .optLogitBias(Map.of(7, -100.0))
            .build();
    JsonNode request = OpenAiWire.chatRequest("tiny", CHAT, sampling);
    assertEquals(4, request.path("top_k").asInt());
    assertEquals(0.05, request.path("min_p").asDouble());
    assertEquals(0.5, request.path("presence_penalty").asDouble());
    assertEquals(0.8, request.path("frequency_penalty").asDouble());
    assertEquals(1.3, request.path("repetition_penalty").asDouble());
    assertEquals(-100.0, request.path("logit_bias").path("7").asDouble());
    JsonNode plain = OpenAiWire.chatRequest("tiny", CHAT, Sampling.builder().build());
    for (String field :
        List.of(
            "top_k",
            "min_p",
            "presence_penalty",
            "frequency_penalty",
            "repetition_penalty",
            "logit_bias")) {
      assertTrue(plain.path(field).isMissingNode(), field + " is sent only when set");
    }
    OpenAiModel remote = new OpenAiModel("openai:tiny", "tiny", client, false);
    List<Completion> viaHttp = remote.chat(CHAT, sampling);
    assertEquals(tiny.local.chat(CHAT, sampling), viaHttp);
    List<Completion> without =
        tiny.local.chat(CHAT, Sampling.builder().optN(3).optSeed(9).optMaxTokens(12).build());
    assertNotEquals(without, viaHttp, "the controls change the samples");
  }

  @Test
  void fineTuningMethodsOtherThanSupervisedAndDpoAreRefused() throws Exception {
    Path data = dir.resolve("d.jsonl");
    Files.writeString(
        data,
        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
            + "{\"role\":\"assistant\",\"content\":\" owl\"}]}\n");
    String file = new OpenAiFineTuning(client).uploadTrainingFile(data);
    ObjectNode reinforcement =
        TinyServer.JSON.createObjectNode().put("model", "word").put("training_file", file);
    reinforcement.putObject("method").put("type", "reinforcement").putObject("reinforcement");
    assertTrue(
        tiny.post("/fine_tuning/jobs", reinforcement)
            .badRequest("method.type")
            .contains("'reinforcement'"));
    // DPO is implemented (DpoFineTuningTest); a chat file is refused as its data, by line.
    ObjectNode dpo =
        TinyServer.JSON.createObjectNode().put("model", "word").put("training_file", file);
    dpo.putObject("method").put("type", "dpo").putObject("dpo");
    assertTrue(tiny.post("/fine_tuning/jobs", dpo).badRequest("training_file").contains("line 1"));
    ObjectNode validation =
        TinyServer.JSON
            .createObjectNode()
            .put("model", "word")
            .put("training_file", file)
            .put("validation_file", file);
    tiny.post("/fine_tuning/jobs", validation).badRequest("validation_file");
    ObjectNode supervised =
        TinyServer.JSON.createObjectNode().put("model", "word").put("training_file", file);
    supervised
        .putObject("method")
        .put("type", "supervised")
        .putObject("supervised")
        .putObject("hyperparameters")
        .put("n_epochs", 2);
    JsonNode job = tiny.post("/fine_tuning/jobs", supervised).ok();
    assertEquals(2, job.path("hyperparameters").path("n_epochs").asInt());
  }
}
