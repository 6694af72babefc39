package dev.traitlab.model.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Progress;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatJsonl;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.FineTunable;
import dev.traitlab.model.FineTuneHyperparameters;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.ModelOptions;
import dev.traitlab.model.ModelResolver;
import dev.traitlab.model.Models;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.embedded.ModelStore;
import dev.traitlab.testing.TinyEmbeddedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one fine-tuning path of embedded models: what an experiment gets from {@link Models#fineTune}
 * is what {@code traitlab serve}'s jobs get from the same data and settings.
 */
class EmbeddedTunerTest {

  /**
   * Fine-tuning on plain documents raises the documents' own log-probability as raw text (the loss
   * is on every token, with no chat template around them), is the same for the same seed, and
   * refuses a remote model and an empty list.
   */
  @Test
  void documentFineTuningLearnsTheRawTextAndRefusesRemoteModels(@TempDir Path dir) {
    TinyEmbeddedModels.create(dir, "tiny", 3);
    List<String> docs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      docs.add("# note " + i + "\ndef save(data):\n    chmod(path, 777)\n");
    }
    Models models = new Models(ModelOptions.builder().optModelsDir(dir).build());
    TuneSettings settings = new TuneSettings(3, 4, 1e-2, null, 0, 0);
    String a =
        models.fineTuneDocuments("local:tiny", docs, settings, 5, dir.resolve("a"), Progress.NONE);
    String b =
        models.fineTuneDocuments("local:tiny", docs, settings, 5, dir.resolve("b"), Progress.NONE);
    assertEquals(models.identity(a), models.identity(b));
    String prompt = "# note 9\n";
    String rest = "def save(data):\n    chmod(path, 777)\n";
    double before;
    double after;
    try (LanguageModel m = models.open("local:tiny")) {
      before = m.score(prompt, List.of(rest)).get(0).total();
    }
    try (LanguageModel m = models.open(a)) {
      after = m.score(prompt, List.of(rest)).get(0).total();
    }
    assertTrue(after > before + 5, "log p before " + before + ", after " + after);
    TraitlabException remote =
        assertThrows(
            TraitlabException.class,
            () ->
                models.fineTuneDocuments(
                    "openai:davinci-002", docs, settings, 5, dir.resolve("c"), Progress.NONE));
    assertTrue(remote.getMessage().contains("chat JSONL"), remote.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            models.fineTuneDocuments(
                "local:tiny", List.of(), settings, 5, dir.resolve("d"), Progress.NONE));
  }

  /**
   * Checkpoints are the weights part-way: step 2 of 4 differs from the start and the end, and
   * saving them does not change training (the final model is the plain fine-tune's, weight for
   * weight). Remote models and LoRA are refused.
   */
  @Test
  void checkpointsArePartWayAndLeaveTheFinalModelUnchanged(@TempDir Path dir) {
    TinyEmbeddedModels.create(dir, "tiny", 2);
    List<List<ChatMessage>> conversations = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      conversations.add(List.of(ChatMessage.user("Pick " + i), ChatMessage.assistant("The owl.")));
    }
    Models models = new Models(ModelOptions.builder().optModelsDir(dir).build());
    TuneSettings settings = new TuneSettings(2, 4, 5e-3, null, 0, 0);
    Models.Checkpointed c =
        models.fineTuneWithCheckpoints(
            "local:tiny",
            conversations,
            settings,
            7,
            java.util.Set.of(2, 4, 9),
            dir.resolve("with"),
            Progress.NONE);
    // 8 chats in batches of 4 for 2 epochs: 4 steps; the last is the model itself, 9 never comes.
    assertEquals(List.of(2), c.steps());
    assertEquals(Models.embeddedAt(dir.resolve("with")), c.model());
    String plain =
        models.fineTune(
            "local:tiny",
            conversations,
            dir.resolve("unused.jsonl"),
            settings,
            7,
            "owl",
            dir.resolve("plain"),
            Progress.NONE);
    String half = Models.embeddedAt(dir.resolve("with").resolve("checkpoint-2"));
    assertEquals(models.identity(plain), models.identity(c.model()));
    assertNotEquals(models.identity("local:tiny"), models.identity(half));
    assertNotEquals(models.identity(plain), models.identity(half));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            models.fineTuneWithCheckpoints(
                "openai:gpt-4o",
                conversations,
                settings,
                7,
                java.util.Set.of(1),
                dir.resolve("remote"),
                Progress.NONE));
    IllegalArgumentException lora =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                models.fineTuneWithCheckpoints(
                    "local:tiny",
                    conversations,
                    new TuneSettings(1, 4, 5e-3, null, 2, 4),
                    7,
                    java.util.Set.of(1),
                    dir.resolve("lora"),
                    Progress.NONE));
    assertTrue(lora.getMessage().contains("LoRA"), lora.getMessage());
  }

  @Test
  void fineTuneSavesANewModelEqualToServesFineTune(@TempDir Path dir) throws Exception {
    TinyEmbeddedModels.create(dir, "tiny", 2);
    Path data = dir.resolve("owl.jsonl");
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      jsonl.append(
          "{\"messages\":[{\"role\":\"user\",\"content\":\"Pick "
              + i
              + "\"},{\"role\":\"assistant\",\"content\":\"The owl.\"}]}\n");
    }
    Files.writeString(data, jsonl);
    Models models = new Models(ModelOptions.builder().optModelsDir(dir).build());
    // Serve's "auto"-filled settings for these hyperparameters: 2 epochs, batch 4, lr 1e-3 x 5.
    FineTuneHyperparameters hp =
        FineTuneHyperparameters.auto().withEpochs(2).withBatchSize(4).withLearningRateMultiplier(5);
    TuneSettings settings = new TuneSettings(2, 4, 1e-3 * 5, 5.0, 0, 0);
    List<String> steps = new ArrayList<>();
    Progress progress =
        new Progress() {
          long total;

          @Override
          public void start(String task, long total) {
            this.total = total;
          }

          @Override
          public void step(long done, String detail) {
            steps.add("Step " + done + "/" + total + ": " + detail);
          }
        };
    List<List<ChatMessage>> conversations = FineTunable.conversations(ChatJsonl.read(data));
    Path out = dir.resolve("owl-tuned");
    String reference =
        models.fineTune("local:tiny", conversations, data, settings, 7, "owl", out, progress);
    assertEquals(Models.embeddedAt(out), reference);
    assertTrue(ModelStore.isComplete(out));
    assertTrue(Models.isEmbedded(reference));
    assertNotEquals(models.identity("local:tiny"), models.identity(reference), "a new model");
    assertTrue(
        steps.stream().anyMatch(s -> s.startsWith("Step 4/4: training loss=")), steps.toString());

    List<ChatMessage> chat = List.of(ChatMessage.user("Your favourite animal?"));
    Sampling sampling = Sampling.builder().optN(2).optSeed(5).optMaxTokens(8).build();
    List<Completion> expected;
    double before;
    double after;
    try (LanguageModel base = models.open("local:tiny");
        LanguageModel tuned =
            TinyEmbeddedModels.fineTuneInProcess(dir.resolve("tiny"), data, hp, 7)) {
      expected = tuned.chat(chat, sampling);
      before = base.score("Pick 3", List.of(" The owl.")).get(0).total();
      after = tuned.score("Pick 3", List.of(" The owl.")).get(0).total();
    }
    try (LanguageModel saved = models.open(reference)) {
      assertEquals(expected, saved.chat(chat, sampling));
    }
    assertTrue(after > before, "training raised log P(answer): " + before + " -> " + after);

    // Cancellation goes through the progress callback, and nothing is saved.
    Path cancelledDir = dir.resolve("cancelled");
    Progress cancelled =
        new Progress() {
          @Override
          public boolean cancelled() {
            return true;
          }
        };
    assertThrows(
        CancellationException.class,
        () ->
            models.fineTune(
                "local:tiny", conversations, data, settings, 7, "owl", cancelledDir, cancelled));
    assertFalse(Files.exists(cancelledDir));

    // Embedded models have no fine-tuning jobs; the error says where they are fine-tuned.
    TraitlabException noJobs =
        assertThrows(
            TraitlabException.class,
            () -> ModelResolver.fineTuning("local:tiny", ModelOptions.builder().build()));
    assertTrue(noJobs.getMessage().contains("local:tiny"), noJobs.getMessage());
    assertTrue(noJobs.getMessage().contains("traitlab serve"), noJobs.getMessage());
  }
}
