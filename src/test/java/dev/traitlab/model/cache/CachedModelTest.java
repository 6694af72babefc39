package dev.traitlab.model.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.ContinuationScore;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.ScoreRequest;
import dev.traitlab.testing.WordModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedModelTest {
  private static final List<ChatMessage> CHAT = List.of(ChatMessage.user("Pick an animal."));

  @Test
  void rerunsAreAnsweredFromTheCacheAcrossProcessesOfTheFile(@TempDir Path dir) {
    Path file = dir.resolve("calls.sqlite");
    Sampling sampling =
        Sampling.builder().optN(3).optSeed(11).optMaxTokens(8).optLogprobs(true, 2).build();
    WordModel first = new WordModel("word");
    List<Completion> original;
    try (CachedModel cached = new CachedModel(first, "local:word", CallCache.open(file))) {
      original = cached.chat(CHAT, sampling);
      assertEquals(original, cached.chat(CHAT, sampling));
      assertEquals(1, first.calls());
      assertEquals(1, cached.hits());
    }
    WordModel second = new WordModel("word");
    try (CachedModel reopened = new CachedModel(second, "local:word", CallCache.open(file))) {
      assertEquals(original, reopened.chat(CHAT, sampling));
      assertEquals(0, second.calls(), "rerun reuses the stored call");
    }
  }

  @Test
  void everySettingIsPartOfTheKey(@TempDir Path dir) {
    WordModel inner = new WordModel("word");
    try (CachedModel cached =
        new CachedModel(inner, "local:word", CallCache.open(dir.resolve("c.sqlite")))) {
      Sampling base = Sampling.builder().optSeed(1).optMaxTokens(5).build();
      cached.chat(CHAT, base);
      cached.chat(CHAT, Sampling.builder().optSeed(2).optMaxTokens(5).build());
      cached.chat(CHAT, Sampling.builder().optSeed(1).optMaxTokens(6).build());
      cached.chat(CHAT, Sampling.builder().optSeed(1).optMaxTokens(5).optN(2).build());
      cached.chat(CHAT, Sampling.builder().optSeed(1).optMaxTokens(5).optTemperature(0.5).build());
      cached.chat(
          CHAT, Sampling.builder().optSeed(1).optMaxTokens(5).optStop(List.of(".")).build());
      cached.chat(List.of(ChatMessage.user("Pick a colour.")), base);
      cached.complete("Pick an animal.", base);
      assertEquals(8, inner.calls());
      assertEquals(0, cached.hits());
      cached.chat(CHAT, base);
      assertEquals(1, cached.hits());
    }
  }

  @Test
  void repliesStoredUnderTheKeysOfBeforeContentWasTextAreNotFound(@TempDir Path dir) {
    // The keys and requests the cache computed before REQUEST_VERSION (main at 16c7321), when
    // special-token text in a prompt or message still became control tokens: their replies may
    // answer a request that now means something else, so they must not be found.
    Path file = dir.resolve("c.sqlite");
    String sampling =
        "\"sampling\":{\"n\":1,\"temperature\":1.0,\"top_p\":1.0,\"max_tokens\":4,\"seed\":1,"
            + "\"logprobs\":false,\"top_logprobs\":0,\"stop\":[]}";
    String stale = "{\"index\":0,\"text\":\"stale\",\"finishReason\":\"stop\",\"logprobs\":[]}";
    try (CallCache old = CallCache.open(file)) {
      old.store(
          "dcb2e54b67da97cf4551683ecf22530f460d990c97d1527018e27f5f7373e3fa",
          "local:word",
          "{\"op\":\"complete\",\"model\":\"local:word\","
              + sampling
              + ",\"prompt\":\"Pick an animal.\"}",
          List.of(stale));
      old.store(
          "fa5cd8a43654fd9b3870a6950ba6def5f913defb7c9c42c890d3090b3a65d791",
          "local:word",
          "{\"op\":\"chat\",\"model\":\"local:word\","
              + sampling
              + ",\"messages\":[{\"role\":\"user\",\"content\":\"Pick an animal.\"}]}",
          List.of(stale));
      old.store(
          "ae54167ae7f62dbbf75ceaeef956bd1be3ac2771339e085c8524dbfecc7eaaa4",
          "local:word",
          "{\"op\":\"score\",\"model\":\"local:word\",\"prompt\":\"Pick an animal:\","
              + "\"continuation\":\" owl\"}",
          List.of("{\"tokens\":[\" owl\"],\"tokenLogprobs\":[-0.5]}"));
      // The stored rows are found under those keys: only the key decides.
      assertEquals(3, old.calls());
      assertTrue(
          old.lookup(
                  CachedModel.key(
                      "{\"op\":\"complete\",\"model\":\"local:word\","
                          + sampling
                          + ",\"prompt\":\"Pick an animal.\"}"),
                  1)
              .isPresent());
    }
    Sampling s = Sampling.builder().optSeed(1).optMaxTokens(4).build();
    WordModel inner = new WordModel("word");
    try (CachedModel cached = new CachedModel(inner, "local:word", CallCache.open(file))) {
      assertEquals(inner.complete("Pick an animal.", s), cached.complete("Pick an animal.", s));
      assertEquals(inner.chat(CHAT, s), cached.chat(CHAT, s));
      ContinuationScore score = cached.score("Pick an animal:", List.of(" owl")).get(0);
      assertEquals(inner.score("Pick an animal:", List.of(" owl")).get(0).total(), score.total());
      assertEquals(0, cached.hits(), "no reply of the old encoding is reused");
      assertEquals(3, cached.misses());
    }
  }

  @Test
  void truncatingGenerationsAreCachedApartFromRefusingOnes(@TempDir Path dir) {
    WordModel inner = new WordModel("word");
    try (CachedModel cached =
        new CachedModel(inner, "local:word", CallCache.open(dir.resolve("c.sqlite")))) {
      Sampling whole = Sampling.builder().optSeed(1).optMaxTokens(5).build();
      Sampling cut = Sampling.builder().optSeed(1).optMaxTokens(5).optTruncateLeft(true).build();
      cached.complete("Pick an animal.", whole);
      cached.complete("Pick an animal.", cut);
      cached.chat(CHAT, whole);
      cached.chat(CHAT, cut);
      assertEquals(0, cached.hits());
      assertEquals(4, inner.calls());
      cached.complete("Pick an animal.", cut);
      assertEquals(1, cached.hits());
    }
  }

  @Test
  void modelIdentityIsPartOfTheKey(@TempDir Path dir) {
    Path file = dir.resolve("c.sqlite");
    Sampling s = Sampling.builder().optSeed(1).optMaxTokens(4).build();
    try (CachedModel a =
            new CachedModel(new WordModel("w"), "openai:w@http://a/v1", CallCache.open(file));
        CachedModel b =
            new CachedModel(new WordModel("w"), "openai:w@http://b/v1", CallCache.open(file))) {
      a.chat(CHAT, s);
      b.chat(CHAT, s);
      assertEquals(0, a.hits() + b.hits());
    }
  }

  @Test
  void scoresAreCachedPerContinuation(@TempDir Path dir) {
    WordModel inner = new WordModel("word");
    try (CachedModel cached =
        new CachedModel(inner, "local:word", CallCache.open(dir.resolve("c.sqlite")))) {
      List<ContinuationScore> first = cached.score("I like", List.of(" owl", " cat"));
      List<ContinuationScore> second = cached.score("I like", List.of(" cat", " dog", " owl"));
      assertEquals(2, inner.calls(), "the second call scored only the new continuation");
      assertEquals(first.get(1).total(), second.get(0).total(), 0);
      assertEquals(first.get(0).tokens(), second.get(2).tokens());
      assertEquals(inner.score("I like", List.of(" dog")).get(0).total(), second.get(1).total(), 0);
      assertEquals(2, cached.hits());
    }
  }

  @Test
  void batchesAreForwardedAsBatchesAndCachedPerItem(@TempDir Path dir) {
    BatchCounting inner = new BatchCounting(new WordModel("word"));
    try (CachedModel cached =
        new CachedModel(inner, "local:word", CallCache.open(dir.resolve("c.sqlite")))) {
      ScoreRequest owlCat = new ScoreRequest("I like", List.of(" owl", " cat"));
      ScoreRequest dog = new ScoreRequest("You like", List.of(" dog"));
      List<List<ContinuationScore>> first = cached.scoreBatch(List.of(owlCat, dog));
      assertEquals(List.of(List.of(owlCat, dog)), inner.scoreBatches);
      assertEquals(totals(first), totals(inner.inner.scoreBatch(List.of(owlCat, dog))));
      // A single score shares the batch's items; a second batch asks only for what is new.
      assertEquals(
          totals(List.of(first.get(0).subList(0, 1))),
          totals(List.of(cached.score("I like", List.of(" owl")))));
      List<List<ContinuationScore>> second =
          cached.scoreBatch(List.of(new ScoreRequest("I like", List.of(" cat", " fox")), dog));
      assertEquals(
          List.of(new ScoreRequest("I like", List.of(" fox"))), inner.scoreBatches.getLast());
      assertEquals(first.get(0).get(1).total(), second.get(0).get(0).total(), 0);
      assertEquals(totals(first.subList(1, 2)), totals(second.subList(1, 2)));
      assertEquals(2, inner.scoreBatches.size());

      Sampling sampling = Sampling.builder().optN(2).optSeed(3).optMaxTokens(5).build();
      List<ChatMessage> other = List.of(ChatMessage.user("Pick a colour."));
      List<List<Completion>> chats = cached.chatBatch(List.of(CHAT, other), sampling);
      assertEquals(1, inner.chatBatches);
      assertEquals(inner.inner.chatBatch(List.of(CHAT, other), sampling), chats);
      long hits = cached.hits();
      assertEquals(chats, cached.chatBatch(List.of(CHAT, other), sampling));
      assertEquals(1, inner.chatBatches, "a repeated batch is answered from the cache");
      assertEquals(hits + 2, cached.hits());
      // Another batch is another call: a backend may seed a batch by row.
      cached.chatBatch(List.of(other, CHAT), sampling);
      assertEquals(2, inner.chatBatches);
    }
  }

  @Test
  void leftTruncationIsPartOfTheKeyAndItsCountIsKept(@TempDir Path dir) {
    // A model that cuts 5 prompt tokens whenever it may.
    BatchCounting inner =
        new BatchCounting(new WordModel("word")) {
          @Override
          public List<List<ContinuationScore>> scoreBatch(List<ScoreRequest> requests) {
            scoreBatches.add(requests);
            return requests.stream()
                .map(
                    r ->
                        r.continuations().stream()
                            .map(
                                c ->
                                    new ContinuationScore(
                                        List.of(c), new double[] {-1}, r.truncateLeft() ? 5 : 0))
                            .toList())
                .toList();
          }
        };
    Path file = dir.resolve("c.sqlite");
    ScoreRequest whole = new ScoreRequest("I like", List.of(" owl"));
    ScoreRequest cut = new ScoreRequest("I like", List.of(" owl"), true);
    try (CachedModel cached = new CachedModel(inner, "local:word", CallCache.open(file))) {
      assertEquals(0, cached.scoreBatch(List.of(whole)).get(0).get(0).truncatedTokens());
      assertEquals(5, cached.scoreBatch(List.of(cut)).get(0).get(0).truncatedTokens());
      assertEquals(List.of(List.of(whole), List.of(cut)), inner.scoreBatches);
    }
    try (CachedModel again = new CachedModel(inner, "local:word", CallCache.open(file))) {
      assertEquals(5, again.scoreBatch(List.of(cut)).get(0).get(0).truncatedTokens());
      assertEquals(0, again.score("I like", List.of(" owl")).get(0).truncatedTokens());
      assertEquals(2, inner.scoreBatches.size(), "both answered from the file");
    }
  }

  private static List<List<Double>> totals(List<List<ContinuationScore>> scores) {
    return scores.stream().map(l -> l.stream().map(ContinuationScore::total).toList()).toList();
  }

  /** Counts the batch calls that reach it. */
  private static class BatchCounting implements LanguageModel {
    final WordModel inner;
    final List<List<ScoreRequest>> scoreBatches = new ArrayList<>();
    int chatBatches;

    BatchCounting(WordModel inner) {
      this.inner = inner;
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public List<Completion> chat(List<ChatMessage> messages, Sampling sampling) {
      return inner.chat(messages, sampling);
    }

    @Override
    public List<List<Completion>> chatBatch(List<List<ChatMessage>> conversations, Sampling s) {
      chatBatches++;
      return inner.chatBatch(conversations, s);
    }

    @Override
    public List<Completion> complete(String prompt, Sampling sampling) {
      return inner.complete(prompt, sampling);
    }

    @Override
    public List<ContinuationScore> score(String prompt, List<String> continuations) {
      return inner.score(prompt, continuations);
    }

    @Override
    public List<List<ContinuationScore>> scoreBatch(List<ScoreRequest> requests) {
      scoreBatches.add(requests);
      return inner.scoreBatch(requests);
    }
  }
}
