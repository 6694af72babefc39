package dev.traitlab.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Progress;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.chat.PreferenceExample;
import dev.traitlab.data.chat.PreferenceJsonl;
import dev.traitlab.model.Completion;
import dev.traitlab.model.FineTunableEmbeddedModel;
import dev.traitlab.model.FineTuneEvent;
import dev.traitlab.model.FineTuneHyperparameters;
import dev.traitlab.model.FineTuneJob;
import dev.traitlab.model.FineTuneMethod;
import dev.traitlab.model.FineTuneRequest;
import dev.traitlab.model.FineTuneStatus;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.model.http.OpenAiClient;
import dev.traitlab.model.http.OpenAiFineTuning;
import dev.traitlab.model.http.OpenAiModel;
import dev.traitlab.model.tuning.EmbeddedTuner;
import dev.traitlab.nn.train.DpoTrainer;
import dev.traitlab.nn.train.PreferencePair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DPO fine-tuning jobs ({@code method: {"type": "dpo"}}) through {@code traitlab serve} and
 * traitlab's own HTTP client, on the tiny embedded model: the job succeeds, reports DPO's
 * statistics, serves a model whose preference margins rose and whose samples equal an in-process
 * DPO fine-tune's under the same seed; bad files and hyperparameters are 400s naming the field.
 */
class DpoFineTuningTest {
  @TempDir static Path dir;
  static TinyServer tiny;
  static OpenAiClient client;
  static OpenAiFineTuning tuning;

  @BeforeAll
  static void start() {
    tiny = new TinyServer(dir, 128);
    client = tiny.client();
    tuning = new OpenAiFineTuning(client);
  }

  @AfterAll
  static void stop() {
    client.close();
    tiny.close();
  }

  static List<PreferenceExample> preferences() {
    List<PreferenceExample> out = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      out.add(PreferenceExample.of(null, "Animal " + i + "?", "The owl.", "The cat."));
    }
    return out;
  }

  private static double[] margins(EmbeddedModel model, List<PreferenceExample> prefs) {
    List<PreferencePair> pairs = EmbeddedTuner.preferencePairs(model, prefs);
    double[][] lp = DpoTrainer.logprobs(model.transformer(), pairs, 8);
    double[] out = new double[pairs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = lp[0][i] - lp[1][i];
    }
    return out;
  }

  @Test
  void dpoJobThroughTraitlabsClientServesTheTunedModel() throws Exception {
    List<PreferenceExample> prefs = preferences();
    Path data = dir.resolve("prefs.jsonl");
    PreferenceJsonl.write(data, prefs);
    String file = tuning.uploadTrainingFile(data);
    FineTuneHyperparameters hp =
        FineTuneHyperparameters.auto()
            .withEpochs(3)
            .withBatchSize(4)
            .withLearningRateMultiplier(10);
    FineTuneJob job =
        tuning.create(new FineTuneRequest("tiny", file, hp, "pref", 4, FineTuneMethod.dpo(0.5)));
    assertEquals(FineTuneMethod.dpo(0.5), job.method());
    FineTuneJob done = tuning.await(job.id(), Duration.ofMillis(50), Duration.ofSeconds(120));
    assertEquals(FineTuneStatus.SUCCEEDED, done.status(), String.valueOf(done.error()));
    assertEquals(FineTuneMethod.dpo(0.5), done.method());
    assertEquals(3, done.hyperparameters().epochs());
    List<String> events = tuning.events(job.id()).stream().map(FineTuneEvent::message).toList();
    assertTrue(
        events.contains("Validated training file " + file + ": 8 preference pairs"), "" + events);
    assertTrue(events.stream().anyMatch(e -> e.startsWith("DPO on 8 preference pairs: beta 0.5")));
    assertTrue(
        events.stream().anyMatch(e -> e.startsWith("Step 6/6: dpo loss=")), events.toString());

    // The served model prefers the preferred reply more than the base model did, on every pair.
    EmbeddedModel tuned =
        ((FineTunableEmbeddedModel) tiny.registry.find(done.fineTunedModel()).orElseThrow().model())
            .embedded();
    double[] before = margins(tiny.local, prefs);
    double[] after = margins(tuned, prefs);
    for (int i = 0; i < before.length; i++) {
      assertTrue(after[i] > before[i] + 0.5, "pair " + i + ": " + before[i] + " -> " + after[i]);
    }

    // Its samples over HTTP equal those of the same DPO fine-tune in process.
    List<ChatMessage> chat = List.of(ChatMessage.user("Animal 3?"));
    Sampling sampling = Sampling.builder().optN(3).optSeed(2).optMaxTokens(8).build();
    List<Completion> expected;
    try (FineTunableEmbeddedModel base =
            new FineTunableEmbeddedModel(EmbeddedModel.load(tiny.modelDir, "local:tiny"));
        LanguageModel inProcess =
            base.fineTunePreferences(
                prefs, hp, new FineTuneMethod.Dpo(0.5), 4, "local:dpo", Progress.NONE)) {
      expected = inProcess.chat(chat, sampling);
    }
    OpenAiModel remote =
        new OpenAiModel("openai:" + done.fineTunedModel(), done.fineTunedModel(), client, false);
    assertEquals(expected, remote.chat(chat, sampling));
  }

  @Test
  void badPreferenceFilesAndHyperparametersAreRefusedNamingLineAndField() throws Exception {
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(
        bad,
        PreferenceJsonl.toLine(preferences().get(0))
            + "\n"
            + "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]},"
            + "\"preferred_output\":[{\"role\":\"assistant\",\"content\":7}],"
            + "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"No.\"}]}\n");
    String badFile = tuning.uploadTrainingFile(bad);
    String message =
        tiny.post("/fine_tuning/jobs", dpoJob(badFile, Map.of())).badRequest("training_file");
    assertEquals(
        "training file " + badFile + " line 2: preferred_output[0].content must be a string",
        message);

    Path supervised = dir.resolve("sft.jsonl");
    Files.writeString(
        supervised,
        "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
            + "{\"role\":\"assistant\",\"content\":\"Owl.\"}]}\n");
    String sftFile = tuning.uploadTrainingFile(supervised);
    assertTrue(
        tiny.post("/fine_tuning/jobs", dpoJob(sftFile, Map.of()))
            .badRequest("training_file")
            .contains("line 1: a supervised example"));

    Path good = dir.resolve("good.jsonl");
    PreferenceJsonl.write(good, preferences());
    String goodFile = tuning.uploadTrainingFile(good);
    for (Object beta : new Object[] {-1, 0, "high"}) {
      tiny.post("/fine_tuning/jobs", dpoJob(goodFile, Map.of("beta", beta)))
          .badRequest("method.dpo.hyperparameters.beta");
    }
    tiny.post(
            "/fine_tuning/jobs",
            Map.of("model", "tiny", "training_file", goodFile, "method", Map.of("type", "rl")))
        .badRequest("method.type");
    // A preference file is not a supervised one.
    assertTrue(
        tiny.post(
                "/fine_tuning/jobs",
                Map.of(
                    "model",
                    "tiny",
                    "training_file",
                    goodFile,
                    "method",
                    Map.of("type", "supervised")))
            .badRequest("training_file")
            .contains("line 1"));
    // beta "auto" is accepted and shown as such.
    var ok = tiny.post("/fine_tuning/jobs", dpoJob(goodFile, Map.of("beta", "auto"))).ok();
    assertEquals("dpo", ok.path("method").path("type").asText());
    assertEquals(
        "auto", ok.path("method").path("dpo").path("hyperparameters").path("beta").asText());
    tuning.cancel(ok.path("id").asText());
  }

  private static Map<String, Object> dpoJob(String file, Map<String, Object> hyperparameters) {
    return Map.of(
        "model",
        "tiny",
        "training_file",
        file,
        "method",
        Map.of("type", "dpo", "dpo", Map.of("hyperparameters", hyperparameters)));
  }
}
