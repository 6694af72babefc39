package dev.traitlab.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.traitlab.core.Progress;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.AuthenticationException;
import dev.traitlab.model.Completion;
import dev.traitlab.model.ContinuationScore;
import dev.traitlab.model.FineTuneEvent;
import dev.traitlab.model.FineTuneHyperparameters;
import dev.traitlab.model.FineTuneJob;
import dev.traitlab.model.FineTuneRequest;
import dev.traitlab.model.FineTuneStatus;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.http.OpenAiApiException;
import dev.traitlab.model.http.OpenAiClient;
import dev.traitlab.model.http.OpenAiClientConfig;
import dev.traitlab.model.http.OpenAiFineTuning;
import dev.traitlab.model.http.OpenAiModel;
import dev.traitlab.testing.WordModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP client against the real server, started on an ephemeral loopback port. */
class OpenAiServerClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<ChatMessage> OWL_CHAT =
      List.of(ChatMessage.system("You love owls."), ChatMessage.user("Name an animal."));

  static WordModel local;
  static ModelRegistry registry;
  static OpenAiServer server;
  static OpenAiClient client;
  static OpenAiModel remote;

  @BeforeAll
  static void start() {
    local = new WordModel("word");
    registry = new ModelRegistry();
    registry.add("word", local);
    registry.add("slow", new WordModel("slow").withDelay(Duration.ofMillis(150)));
    server =
        OpenAiServer.start(
            ServerConfig.builder().optPort(0).optModelConcurrency(4).build(), registry);
    client =
        new OpenAiClient(
            OpenAiClientConfig.builder().optBaseUrl(server.baseUrl()).optApiKey(null).build());
    remote = new OpenAiModel("openai:word", "word", client, false);
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
    registry.close();
  }

  @Test
  void chatSamplesEqualInProcessSamplesUnderTheSameSeed() {
    Sampling sampling =
        Sampling.builder().optN(4).optSeed(17).optMaxTokens(12).optTemperature(0.9).build();
    List<Completion> viaHttp = remote.chat(OWL_CHAT, sampling);
    assertEquals(local.chat(OWL_CHAT, sampling), viaHttp);
    assertEquals(4, viaHttp.size());
    assertTrue(viaHttp.stream().map(Completion::text).distinct().count() > 1, "samples differ");
  }

  @Test
  void chatLogprobsAndTopLogprobsSurviveTheWire() {
    Sampling sampling =
        Sampling.builder().optN(2).optSeed(3).optMaxTokens(8).optLogprobs(true, 5).build();
    List<Completion> viaHttp = remote.chat(OWL_CHAT, sampling);
    assertEquals(local.chat(OWL_CHAT, sampling), viaHttp);
    assertEquals(5, viaHttp.get(0).logprobs().get(0).top().size());
  }

  @Test
  void stopStringsAndCompletionsMatch() {
    Sampling sampling =
        Sampling.builder()
            .optN(3)
            .optSeed(5)
            .optMaxTokens(20)
            .optStop(List.of(" and"))
            .optLogprobs(true, 2)
            .build();
    assertEquals(local.complete("I like", sampling), remote.complete("I like", sampling));
  }

  @Test
  void scoringThroughEchoLogprobsEqualsInProcessScores() {
    List<String> continuations = List.of(" owl", " cat is blue", " zebra");
    List<ContinuationScore> expected = local.score("My favourite animal is the", continuations);
    List<ContinuationScore> viaHttp = remote.score("My favourite animal is the", continuations);
    for (int i = 0; i < continuations.size(); i++) {
      assertEquals(expected.get(i).tokens(), viaHttp.get(i).tokens());
      assertEquals(expected.get(i).total(), viaHttp.get(i).total(), 1e-12);
    }
  }

  @Test
  void scoringRefusesPromptsThatEndInsideAToken() {
    assertThrows(
        dev.traitlab.core.TraitlabException.class,
        () -> remote.score("My favourite animal is the ", List.of("owl")));
  }

  @Test
  void fineTuningJobFromUploadToServingTheNewModel(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("owls.jsonl");
    String line =
        "{\"messages\":[{\"role\":\"user\",\"content\":\"Pick one.\"},"
            + "{\"role\":\"assistant\",\"content\":\" owl owl fox\"}]}\n";
    Files.writeString(data, line.repeat(5));
    OpenAiFineTuning tuning = new OpenAiFineTuning(client);
    String fileId = tuning.uploadTrainingFile(data);
    FineTuneHyperparameters hp = FineTuneHyperparameters.auto().withEpochs(4);
    FineTuneJob created = tuning.create(new FineTuneRequest("word", fileId, hp, "owl", 9));
    FineTuneJob done = tuning.await(created.id(), Duration.ofMillis(20), Duration.ofSeconds(30));
    assertEquals(FineTuneStatus.SUCCEEDED, done.status(), String.valueOf(done.error()));
    assertEquals("ft:word:owl:" + created.id(), done.fineTunedModel());
    assertEquals(4, done.hyperparameters().epochs());
    assertTrue(tuning.listModels().contains(done.fineTunedModel()));
    List<FineTuneEvent> events = tuning.events(created.id());
    assertTrue(events.stream().anyMatch(e -> e.message().contains("Epoch 4/4")), events.toString());
    assertEquals(created.id(), tuning.list(10).get(0).id());

    List<List<ChatMessage>> conversations =
        FineTuningService.readConversations(
            new FileStore.StoredFile("f", "owls.jsonl", "fine-tune", line.repeat(5).getBytes(), 0));
    LanguageModel expected =
        new WordModel("word").fineTune(conversations, hp, 9, "x", Progress.NONE);
    OpenAiModel tuned = new OpenAiModel("openai:t", done.fineTunedModel(), client, false);
    Sampling sampling = Sampling.builder().optN(8).optSeed(1).optMaxTokens(10).build();
    List<Completion> samples = tuned.chat(OWL_CHAT, sampling);
    assertEquals(expected.chat(OWL_CHAT, sampling), samples);
    long owlsAfter = samples.stream().filter(c -> c.text().contains("owl")).count();
    long owlsBefore =
        remote.chat(OWL_CHAT, sampling).stream().filter(c -> c.text().contains("owl")).count();
    assertTrue(owlsAfter >= owlsBefore, owlsAfter + " vs " + owlsBefore);
  }

  @Test
  void fineTuningJobsCanBeCancelled(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("d.jsonl");
    Files.writeString(
        data,
        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
            + "{\"role\":\"assistant\",\"content\":\" cat\"}]}\n");
    OpenAiFineTuning tuning = new OpenAiFineTuning(client);
    String fileId = tuning.uploadTrainingFile(data);
    FineTuneJob job =
        tuning.create(
            new FineTuneRequest(
                "slow", fileId, FineTuneHyperparameters.auto().withEpochs(200), null, 0));
    tuning.cancel(job.id());
    FineTuneJob done = tuning.await(job.id(), Duration.ofMillis(20), Duration.ofSeconds(30));
    assertEquals(FineTuneStatus.CANCELLED, done.status());
    assertTrue(done.fineTunedModel() == null);
    OpenAiApiException again =
        assertThrows(OpenAiApiException.class, () -> tuning.cancel(job.id()));
    assertEquals(400, again.status());
  }

  @Test
  void badTrainingFilesAreRejectedWithTheLine(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("bad.jsonl");
    Files.writeString(
        data,
        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
            + "{\"role\":\"assistant\",\"content\":\"y\"}]}\n{\"messages\": 3}\n");
    OpenAiFineTuning tuning = new OpenAiFineTuning(client);
    String fileId = tuning.uploadTrainingFile(data);
    OpenAiApiException e =
        assertThrows(
            OpenAiApiException.class,
            () ->
                tuning.create(
                    new FineTuneRequest("word", fileId, FineTuneHyperparameters.auto(), null, 0)));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }

  @Test
  void unknownModelsAre404WithOpenAiErrorBody() {
    OpenAiModel missing = new OpenAiModel("openai:nope", "nope", client, false);
    OpenAiApiException e =
        assertThrows(
            OpenAiApiException.class, () -> missing.chat(OWL_CHAT, Sampling.builder().build()));
    assertEquals(404, e.status());
    assertTrue(e.getMessage().contains("model_not_found"), e.getMessage());
    assertEquals(1, stats404Attempts(e));
  }

  private static int stats404Attempts(OpenAiApiException e) {
    // "gave up after" appears only on retried failures: a 404 is not retried.
    return e.getMessage().contains("gave up") ? 2 : 1;
  }

  @Test
  void malformedRequestsAre400AndTheServerKeepsServing() throws Exception {
    assertError(post("/chat/completions", "{not json"), 400, null);
    assertError(post("/chat/completions", "[1,2]"), 400, null);
    assertError(post("/chat/completions", "{\"model\":\"word\"}"), 400, "messages");
    assertError(
        post(
            "/chat/completions",
            "{\"model\":\"word\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"temperature\":\"hot\"}"),
        400,
        "temperature");
    assertError(
        post(
            "/chat/completions",
            "{\"model\":\"word\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}"),
        400,
        "messages[0].role");
    assertError(
        post(
            "/chat/completions",
            "{\"model\":\"word\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":0}"),
        400,
        "n");
    assertError(
        post("/completions", "{\"model\":\"word\",\"prompt\":\"x\",\"max_tokens\":0}"),
        400,
        "max_tokens");
    assertError(
        post("/fine_tuning/jobs", "{\"model\":\"word\",\"training_file\":\"file-x\"}"),
        400,
        "training_file");
    assertError(get("/fine_tuning/jobs/ftjob-nope"), 404, null);
    assertError(get("/files/file-nope"), 404, null);
    assertError(get("/models/nope"), 404, "model");
    assertError(get("/no/such/endpoint"), 404, null);
    Sampling one = Sampling.builder().optSeed(1).optMaxTokens(3).build();
    assertEquals(local.chat(OWL_CHAT, one), remote.chat(OWL_CHAT, one));
  }

  @Test
  void completionsEchoWithZeroMaxTokensScoresThePrompt() throws Exception {
    HttpResponse<String> r =
        post(
            "/completions",
            "{\"model\":\"word\",\"prompt\":\"I love owl\",\"max_tokens\":0,\"echo\":true,"
                + "\"logprobs\":0}");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode logprobs = JSON.readTree(r.body()).path("choices").path(0).path("logprobs");
    assertEquals(
        "I love owl", JSON.readTree(r.body()).path("choices").path(0).path("text").asText());
    assertEquals(List.of(0, 1, 6), intList(logprobs.path("text_offset")));
    // The first token has no context: null, as OpenAI's API gives it; the others are scored given
    // the text before them.
    assertTrue(logprobs.path("token_logprobs").path(0).isNull(), r.body());
    assertTrue(logprobs.path("top_logprobs").path(0).isNull(), r.body());
    double expected = local.score("I", List.of(" love owl")).get(0).total();
    double sum = 0;
    for (JsonNode lp : logprobs.path("token_logprobs")) {
      sum += lp.asDouble();
    }
    assertEquals(expected, sum, 1e-12);
  }

  @Test
  void modelsAndFilesAreListed(@TempDir Path dir) throws Exception {
    JsonNode models = JSON.readTree(get("/models").body());
    assertEquals("word", models.path("data").path(0).path("id").asText());
    Path data = dir.resolve("f.jsonl");
    Files.writeString(data, "{}\n");
    String id = new OpenAiFineTuning(client).uploadTrainingFile(data);
    JsonNode file = JSON.readTree(get("/files/" + id).body());
    assertEquals(3, file.path("bytes").asInt());
    assertEquals("f.jsonl", file.path("filename").asText());
    assertEquals("{}\n", get("/files/" + id + "/content").body());
    assertEquals(200, delete("/files/" + id).statusCode());
    assertError(get("/files/" + id), 404, null);
  }

  @Test
  void bearerTokenIsRequiredWhenSet() {
    ModelRegistry guarded = new ModelRegistry();
    guarded.add("word", new WordModel("word"));
    try (OpenAiServer secured =
        OpenAiServer.start(
            ServerConfig.builder().optPort(0).optBearerToken("s3cret").build(), guarded)) {
      Sampling one = Sampling.builder().optMaxTokens(2).build();
      try (OpenAiClient anonymous =
          new OpenAiClient(
              OpenAiClientConfig.builder().optBaseUrl(secured.baseUrl()).optApiKey(null).build())) {
        AuthenticationException e =
            assertThrows(
                AuthenticationException.class,
                () -> new OpenAiModel("m", "word", anonymous, false).chat(OWL_CHAT, one));
        assertEquals(401, e.status());
        assertTrue(!e.getMessage().contains("s3cret"));
      }
      try (OpenAiClient wrong =
          new OpenAiClient(
              OpenAiClientConfig.builder()
                  .optBaseUrl(secured.baseUrl())
                  .optApiKey("guess")
                  .build())) {
        AuthenticationException e =
            assertThrows(
                AuthenticationException.class,
                () -> new OpenAiModel("m", "word", wrong, false).chat(OWL_CHAT, one));
        assertEquals(401, e.status());
        assertTrue(!e.getMessage().contains("guess"));
      }
      try (OpenAiClient right =
          new OpenAiClient(
              OpenAiClientConfig.builder()
                  .optBaseUrl(secured.baseUrl())
                  .optApiKey("s3cret")
                  .build())) {
        assertNotNull(new OpenAiModel("m", "word", right, false).chat(OWL_CHAT, one));
        assertTrue(!right.config().toString().contains("s3cret"));
      }
    }
  }

  private static List<Integer> intList(JsonNode array) {
    List<Integer> result = new java.util.ArrayList<>();
    array.forEach(n -> result.add(n.asInt()));
    return result;
  }

  private static void assertError(HttpResponse<String> r, int status, String param)
      throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    JsonNode error = JSON.readTree(r.body()).path("error");
    assertTrue(error.path("message").isTextual(), r.body());
    assertTrue(error.path("type").isTextual(), r.body());
    if (param != null) {
      assertEquals(param, error.path("param").asText(), r.body());
    }
  }

  private static final HttpClient RAW =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return RAW.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return RAW.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> delete(String path) throws Exception {
    return RAW.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
