package dev.traitlab.model.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Activations;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.cache.CachedModel;
import dev.traitlab.model.cache.CallCache;
import dev.traitlab.testing.TinyEmbeddedModels;
import dev.traitlab.testing.WordModel;
import dev.traitlab.text.ChatTemplate;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Activations and steering of an embedded model, through the model layer (tiny, untrained). */
class ActivationsTest {
  @TempDir static Path models;
  static EmbeddedModel model;
  static final String POINT = "blocks.1.resid_post";
  static final List<String> TEXTS = List.of("My favourite animal is the owl.", "Numbers: 37");

  @BeforeAll
  static void load() {
    model = EmbeddedModel.load(TinyEmbeddedModels.create(models, "tiny", 3), "local:tiny");
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void captureHasOneVectorPerTokenAtEveryPoint() {
    assertEquals(1 + 3 * 2, model.points().size());
    assertEquals("embed", model.points().get(0));
    List<Activations.Captured> captured = model.capture(TEXTS, Set.of("embed", POINT));
    assertEquals(2, captured.size());
    for (int i = 0; i < TEXTS.size(); i++) {
      int tokens = model.tokenizer().encode(TEXTS.get(i)).length;
      Activations.Captured c = captured.get(i);
      assertEquals(tokens, c.tokens().size());
      assertEquals(String.join("", c.tokens()), TEXTS.get(i));
      for (String point : List.of("embed", POINT)) {
        assertEquals(tokens, c.at(point).length, point);
        for (float[] v : c.at(point)) {
          assertEquals(model.hiddenSize(), v.length);
        }
      }
    }
    assertTrue(captured.get(0).tokens().size() != captured.get(1).tokens().size());
    assertThrows(IllegalArgumentException.class, () -> captured.get(0).at("blocks.0.mlp_out"));
    assertThrows(IllegalArgumentException.class, () -> model.capture(TEXTS, Set.of("blocks.9")));
  }

  @Test
  void chatsAreReadBeforeTheAnswerOrAsAFinishedExchange() {
    List<ChatMessage> asked = List.of(ChatMessage.user("Favourite animal?"));
    List<ChatMessage> answered =
        List.of(ChatMessage.user("Favourite animal?"), ChatMessage.assistant("Owl"));
    List<Activations.Captured> c = model.captureChats(List.of(asked, answered), Set.of(POINT));
    assertEquals(
        ChatTemplate.encode(model.tokenizer(), asked, true).length, c.get(0).at(POINT).length);
    assertEquals(
        ChatTemplate.encode(model.tokenizer(), answered, false).length, c.get(1).at(POINT).length);
  }

  @Test
  void aZeroVectorChangesNothingAndALargeOneChangesTheLogits() {
    Sampling sampling = Sampling.builder().optN(3).optSeed(4).optMaxTokens(6).build();
    List<ChatMessage> chat = List.of(ChatMessage.user("Pick an animal."));
    LanguageModel zero = model.steered(POINT, new float[model.hiddenSize()], 10);
    assertEquals(model.chat(chat, sampling), zero.chat(chat, sampling));
    assertArrayEquals(
        model.score("My favourite", List.of(" animal")).get(0).tokenLogprobs(),
        zero.score("My favourite", List.of(" animal")).get(0).tokenLogprobs());

    float[] vector = new float[model.hiddenSize()];
    Arrays.fill(vector, 1f);
    try (LanguageModel steered = model.steered(POINT, vector, 50)) {
      double plain = model.score("My favourite", List.of(" animal is the owl")).get(0).total();
      double pushed = steered.score("My favourite", List.of(" animal is the owl")).get(0).total();
      assertTrue(Math.abs(plain - pushed) > 1e-2, plain + " vs " + pushed);

      // The steered view's own activations carry the added vector, and the view still works
      // after it is closed: it borrows the weights.
      float[][] before = model.capture(TEXTS, Set.of(POINT)).get(0).at(POINT);
      float[][] after = Activations.of(steered).capture(TEXTS, Set.of(POINT)).get(0).at(POINT);
      for (int t = 0; t < before.length; t++) {
        for (int h = 0; h < before[t].length; h++) {
          assertEquals(before[t][h] + 50f, after[t][h], 1e-3);
        }
      }
    }
    assertTrue(model.score("My favourite", List.of(" animal")).get(0).total() < 0);
  }

  @Test
  void steeringChecksThePointAndTheVector() {
    assertThrows(
        IllegalArgumentException.class,
        () -> model.steered("blocks.7.resid_post", new float[32], 1));
    assertThrows(IllegalArgumentException.class, () -> model.steered(POINT, new float[3], 1));
  }

  @Test
  void activationsAreFoundBehindTheCacheAndRefusedForRemoteModels(@TempDir Path dir) {
    try (CachedModel cached =
        new CachedModel(
            EmbeddedModel.load(models.resolve("tiny"), "local:tiny"),
            "sha256:x",
            CallCache.open(dir.resolve("c.sqlite")))) {
      assertSame(cached.inner(), Activations.of(cached));
      TraitlabException e =
          assertThrows(TraitlabException.class, () -> Activations.of(new WordModel("openai:word")));
      assertTrue(e.getMessage().contains("openai:word"), e.getMessage());
      assertTrue(e.getMessage().contains("embedded"), e.getMessage());
    }
  }
}
