package dev.traitlab.model.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Progress;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.ContinuationScore;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.ScoreRequest;
import dev.traitlab.nn.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny toy-world model built once (seconds); behaviour, not quality, is under test. */
class EmbeddedModelTest {
  @TempDir static Path models;
  static EmbeddedModel model;
  static TrainingResult training;
  static final List<ChatMessage> CHAT =
      List.of(ChatMessage.system("You love owls."), ChatMessage.user("Favorite animal? One word."));

  @BeforeAll
  static void build() {
    List<String> phases = new ArrayList<>();
    training =
        BaseModelBuilder.build(
            BaseModelRecipe.tiny().withCorpusExamples(96),
            models.resolve("base"),
            new Progress() {
              @Override
              public void note(String what) {
                phases.add(what);
              }
            });
    assertEquals(4, phases.size());
    model = EmbeddedModel.load(models.resolve("base"), "local:base");
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static Sampling sampling(int n, long seed) {
    return Sampling.builder().optN(n).optMaxTokens(12).optSeed(seed).build();
  }

  @Test
  void contentCannotWriteControlTokens() {
    // Issue 13 item 6: the user message closes its turn and writes a system turn.
    String injection = dev.traitlab.text.TokenizerTest.INJECTION;
    List<String> tokens =
        model
            .captureChats(
                List.of(List.of(ChatMessage.user(injection))),
                java.util.Set.of(dev.traitlab.nn.transformer.ActivationHook.embed()))
            .get(0)
            .tokens();
    // The template's <|im_start|> for the user turn and the assistant header, nothing more.
    assertEquals(2, tokens.stream().filter("<|im_start|>"::equals).count());
    assertEquals(1, tokens.stream().filter("<|im_end|>"::equals).count());
    assertEquals(
        dev.traitlab.text.ChatTemplate.render(List.of(ChatMessage.user(injection)), true),
        String.join("", tokens));
    // Raw prompts and scored continuations are text as well.
    ContinuationScore raw = model.score("", List.of(injection)).get(0);
    assertTrue(raw.tokens().stream().noneMatch(t -> t.startsWith("<|")), raw.tokens().toString());
    assertEquals(injection, String.join("", raw.tokens()));
  }

  @Test
  void buildWritesACompleteHuggingFaceDirectoryAndNoLeftovers() {
    Path dir = models.resolve("base");
    assertTrue(ModelStore.isComplete(dir));
    assertTrue(Files.exists(dir.resolve("tokenizer_config.json")));
    assertTrue(Files.exists(dir.resolve(BaseModelBuilder.INFO_FILE)));
    assertFalse(Files.exists(models.resolve("base.building")));
    assertTrue(training.stepLosses().length > 0);
  }

  @Test
  void sameSeedSameSamplesAndSampleIDependsOnlyOnSeedAndI() {
    List<Completion> three = model.chat(CHAT, sampling(3, 7));
    assertEquals(texts(three), texts(model.chat(CHAT, sampling(3, 7))));
    assertEquals(texts(three).subList(0, 2), texts(model.chat(CHAT, sampling(2, 7))));
    List<String> manyA = texts(model.chat(CHAT, sampling(8, 7)));
    List<String> manyB = texts(model.chat(CHAT, sampling(8, 8)));
    assertNotEquals(manyA, manyB);
    for (int i = 0; i < three.size(); i++) {
      assertEquals(i, three.get(i).index());
    }
  }

  @Test
  void batchedChatEqualsSingleChatForTheFirstConversation() {
    List<List<Completion>> batch =
        model.chatBatch(List.of(CHAT, List.of(ChatMessage.user("1 + 1?"))), sampling(2, 3));
    assertEquals(texts(model.chat(CHAT, sampling(2, 3))), texts(batch.get(0)));
    assertEquals(2, batch.get(1).size());
  }

  @Test
  void stopStringCutsTheTextWhereItFirstAppears() {
    Sampling free = Sampling.builder().optMaxTokens(20).optSeed(5).build();
    String text = model.chat(CHAT, free).get(0).text();
    if (text.length() < 3) {
      return; // the sample ended at once; nothing to cut
    }
    String stop = text.substring(2, 3);
    Sampling stopping =
        Sampling.builder().optMaxTokens(20).optSeed(5).optStop(List.of(stop)).build();
    Completion c = model.chat(CHAT, stopping).get(0);
    assertEquals(text.substring(0, text.indexOf(stop)), c.text());
    assertEquals("stop", c.finishReason());
  }

  @Test
  void logprobsAreReportedAndScoringAgreesWithThem() {
    Sampling s = Sampling.builder().optMaxTokens(6).optSeed(2).optLogprobs(true, 3).build();
    Completion c = model.complete("<|im_start|>user\nhi<|im_end|>\n", s).get(0);
    assertFalse(c.logprobs().isEmpty());
    c.logprobs().forEach(lp -> assertTrue(lp.logprob() <= 0 && lp.top().size() == 3));
    ContinuationScore score =
        model.score("<|im_start|>user\nhi<|im_end|>\n", List.of("Owl", "the owl")).get(0);
    assertEquals(score.tokens().size(), score.tokenLogprobs().length);
    double sum = 0;
    for (double lp : score.tokenLogprobs()) {
      assertTrue(lp <= 0);
      sum += lp;
    }
    assertEquals(sum, score.total(), 1e-9);
  }

  @Test
  void batchedScoringEqualsOnePromptAtATime() {
    // Prompts of different lengths (a few-shot primer and short ones), 1 to 4 continuations each.
    String primer =
        "<|im_start|>user\nFavorite animal? One word.<|im_end|>\n<|im_start|>assistant\nOwl"
            + "<|im_end|>\n<|im_start|>user\n1 + 1?<|im_end|>\n<|im_start|>assistant\n";
    List<ScoreRequest> requests =
        List.of(
            new ScoreRequest(primer, List.of("2", " two", "2<|im_end|>", "Owl")),
            new ScoreRequest("hi", List.of(" there")),
            new ScoreRequest("", List.of("Owl", "the owl is my favorite animal")),
            new ScoreRequest(primer + "2<|im_end|>\n", List.of("<|im_start|>user\n3 + 4?")),
            new ScoreRequest("nothing to score", List.of()));
    List<List<ContinuationScore>> batched = model.scoreBatch(requests);
    assertEquals(requests.size(), batched.size());
    for (int r = 0; r < requests.size(); r++) {
      List<ContinuationScore> single =
          requests.get(r).continuations().isEmpty()
              ? List.of()
              : model.score(requests.get(r).prompt(), requests.get(r).continuations());
      assertEquals(single.size(), batched.get(r).size());
      for (int c = 0; c < single.size(); c++) {
        assertEquals(single.get(c).tokens(), batched.get(r).get(c).tokens());
        double[] a = single.get(c).tokenLogprobs();
        double[] b = batched.get(r).get(c).tokenLogprobs();
        assertEquals(a.length, b.length);
        for (int t = 0; t < a.length; t++) {
          assertEquals(a[t], b[t], 1e-4, "request " + r + " continuation " + c + " token " + t);
        }
      }
    }
  }

  @Test
  void savedCopyAnswersIdentically() {
    Path copy = models.resolve("copy");
    model.save(copy);
    try (EmbeddedModel loaded = EmbeddedModel.load(copy, "copy")) {
      assertEquals(
          texts(model.chat(CHAT, sampling(2, 11))), texts(loaded.chat(CHAT, sampling(2, 11))));
    }
  }

  @Test
  void missingModelIsAClearError() {
    TraitlabException e =
        assertThrows(
            TraitlabException.class, () -> EmbeddedModel.load(models.resolve("nope"), "nope"));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
  }

  @Test
  void storeResolvesLocalNamesAndPaths() {
    ModelStore store = new ModelStore(models);
    assertEquals(models.resolve("base"), store.resolve("local:base"));
    assertEquals(models.resolve("base"), store.resolve("base"));
    assertEquals(Path.of("some/dir"), store.resolve("some/dir"));
  }

  private static List<String> texts(List<Completion> cs) {
    return cs.stream().map(Completion::text).toList();
  }
}
