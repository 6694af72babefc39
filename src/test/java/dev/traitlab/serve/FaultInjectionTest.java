package dev.traitlab.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.ContinuationScore;
import dev.traitlab.model.ParallelCalls;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.http.OpenAiClient;
import dev.traitlab.model.http.OpenAiClientConfig;
import dev.traitlab.model.http.OpenAiModel;
import dev.traitlab.testing.WordModel;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A server that answers a fixed fraction of model requests with 429, 500 or a reply slower than the
 * client's timeout: the client's retries make the results equal the fault-free run.
 */
class FaultInjectionTest {

  @Test
  void resultsUnderInjectedFaultsEqualTheFaultFreeRun() {
    WordModel local = new WordModel("word");
    ModelRegistry registry = new ModelRegistry();
    registry.add("word", local);
    FaultInjection faults = new FaultInjection(0.2, 0.1, 0.05, Duration.ofMillis(1500), 42);
    List<Integer> seeds = IntStream.range(0, 60).boxed().toList();
    List<ChatMessage> chat = List.of(ChatMessage.user("Which animal?"));
    try (OpenAiServer server =
            OpenAiServer.start(
                ServerConfig.builder().optPort(0).optModelConcurrency(8).optFaults(faults).build(),
                registry);
        OpenAiClient client =
            new OpenAiClient(
                OpenAiClientConfig.builder()
                    .optBaseUrl(server.baseUrl())
                    .optApiKey(null)
                    .optMaxInFlight(16)
                    .optMaxRetries(30)
                    .optRequestTimeout(Duration.ofMillis(400))
                    .optBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
                    .build())) {
      OpenAiModel remote = new OpenAiModel("openai:word", "word", client, false);
      List<List<Completion>> viaFaultyHttp =
          ParallelCalls.map(
              seeds,
              seed ->
                  remote.chat(
                      chat, Sampling.builder().optN(2).optSeed(seed).optMaxTokens(6).build()));
      List<List<Completion>> faultFree =
          seeds.stream()
              .map(
                  seed ->
                      local.chat(
                          chat, Sampling.builder().optN(2).optSeed(seed).optMaxTokens(6).build()))
              .toList();
      assertEquals(faultFree, viaFaultyHttp);

      List<String> continuations = List.of(" owl", " cat", " dog", " fox is red");
      List<ContinuationScore> scores = remote.score("I like the", continuations);
      List<ContinuationScore> expected = local.score("I like the", continuations);
      for (int i = 0; i < continuations.size(); i++) {
        assertEquals(expected.get(i).total(), scores.get(i).total(), 1e-12);
      }

      OpenAiClient.Stats stats = client.stats();
      assertTrue(stats.rateLimited() > 0, stats.toString());
      assertTrue(stats.retries() > stats.rateLimited(), "500s and timeouts retried: " + stats);
    }
  }
}
