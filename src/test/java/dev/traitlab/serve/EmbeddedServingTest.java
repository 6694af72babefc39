package dev.traitlab.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.ContinuationScore;
import dev.traitlab.model.FineTuneHyperparameters;
import dev.traitlab.model.FineTuneJob;
import dev.traitlab.model.FineTuneRequest;
import dev.traitlab.model.FineTuneStatus;
import dev.traitlab.model.FineTuning;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.ModelOptions;
import dev.traitlab.model.ModelResolver;
import dev.traitlab.model.Sampling;
import dev.traitlab.testing.TinyEmbeddedModels;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real embedded backend behind {@code traitlab serve} in a second process: a client using
 * {@code openai:NAME} gets the same samples and scores as in-process use under the same seed.
 */
class EmbeddedServingTest {
  private static final Pattern SERVING = Pattern.compile("Serving .* at (http://\\S+/v1)");

  @Test
  void serveInASecondProcessGivesTheInProcessSamples(@TempDir Path dir) throws Exception {
    TinyEmbeddedModels.create(dir, "tiny", 5);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process server =
        new ProcessBuilder(
                java,
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.traitlab.cli.Main",
                "serve",
                "local:tiny",
                "--models-dir",
                dir.toString(),
                "--port",
                "0")
            .redirectErrorStream(true)
            .start();
    try {
      String baseUrl = awaitBaseUrl(server);
      List<ChatMessage> chat =
          List.of(ChatMessage.system("You love owls."), ChatMessage.user("Your favourite animal?"));
      Sampling sampling =
          Sampling.builder().optN(3).optSeed(21).optMaxTokens(12).optLogprobs(true, 3).build();
      // Legacy completions give top_logprobs as {token: logprob}: alternatives whose text is the
      // same (here, byte tokens that decode to U+FFFD) merge, so compare sampled tokens only.
      Sampling rawSampling =
          Sampling.builder().optN(2).optSeed(8).optMaxTokens(12).optLogprobs(true, 0).build();
      List<String> continuations = List.of(" owl.", " cat.");
      String prompt = "My favourite animal is the";
      List<Completion> inProcess;
      List<ContinuationScore> inProcessScores;
      List<Completion> inProcessRaw;
      try (LanguageModel local =
          ModelResolver.resolve("local:tiny", ModelOptions.builder().optModelsDir(dir).build())) {
        inProcess = local.chat(chat, sampling);
        inProcessRaw = local.complete(prompt, rawSampling);
        inProcessScores = local.score(prompt, continuations);
      }
      try (LanguageModel remote =
          ModelResolver.resolve(
              "openai:tiny", ModelOptions.builder().optBaseUrl(baseUrl).build())) {
        assertEquals(inProcess, remote.chat(chat, sampling));
        assertEquals(inProcessRaw, remote.complete(prompt, rawSampling));
        List<ContinuationScore> scores = remote.score(prompt, continuations);
        for (int i = 0; i < continuations.size(); i++) {
          assertEquals(inProcessScores.get(i).tokens(), scores.get(i).tokens());
          // One batched pass vs another: equal up to float rounding.
          assertEquals(inProcessScores.get(i).total(), scores.get(i).total(), 1e-4);
        }
      }
      fineTuneThroughTheServer(dir, baseUrl, chat);
    } finally {
      server.destroy();
      assertTrue(server.waitFor(30, TimeUnit.SECONDS), "server stops on SIGTERM");
    }
  }

  /** Upload, job, new model served; its samples equal an in-process fine-tune's. */
  private static void fineTuneThroughTheServer(Path dir, String baseUrl, List<ChatMessage> chat)
      throws Exception {
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      jsonl.append(
          "{\"messages\":[{\"role\":\"user\",\"content\":\"Animal "
              + i
              + "?\"},{\"role\":\"assistant\",\"content\":\"The owl.\"}]}\n");
    }
    Path data = dir.resolve("owl.jsonl");
    Files.writeString(data, jsonl);
    FineTuneHyperparameters hp = FineTuneHyperparameters.auto().withEpochs(2).withBatchSize(8);
    FineTuning tuning =
        ModelResolver.fineTuning("openai:tiny", ModelOptions.builder().optBaseUrl(baseUrl).build());
    String file = tuning.uploadTrainingFile(data);
    FineTuneJob job = tuning.create(new FineTuneRequest("tiny", file, hp, "owl", 4));
    FineTuneJob done = tuning.await(job.id(), Duration.ofMillis(100), Duration.ofSeconds(120));
    assertEquals(FineTuneStatus.SUCCEEDED, done.status(), String.valueOf(done.error()));
    assertTrue(
        tuning.events(job.id()).stream().anyMatch(e -> e.message().startsWith("Step 4/4")),
        tuning.events(job.id()).toString());

    Sampling sampling = Sampling.builder().optN(2).optSeed(3).optMaxTokens(10).build();
    List<Completion> expected;
    try (LanguageModel tuned =
        TinyEmbeddedModels.fineTuneInProcess(dir.resolve("tiny"), data, hp, 4)) {
      expected = tuned.chat(chat, sampling);
    }
    try (LanguageModel remote =
        ModelResolver.resolve(
            "openai:" + done.fineTunedModel(),
            ModelOptions.builder().optBaseUrl(baseUrl).build())) {
      assertEquals(expected, remote.chat(chat, sampling));
    }
  }

  private static String awaitBaseUrl(Process server) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = SERVING.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
        drain.setDaemon(true);
        drain.start();
        return m.group(1);
      }
    }
    throw new AssertionError("traitlab serve exited before serving:\n" + seen);
  }
}
