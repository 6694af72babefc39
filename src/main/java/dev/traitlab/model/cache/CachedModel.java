package dev.traitlab.model.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.core.Hashing;
import dev.traitlab.model.Completion;
import dev.traitlab.model.ContinuationScore;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Message;
import dev.traitlab.model.Sampling;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model whose calls go through a {@link CallCache}. The key is the SHA-256 of a canonical JSON of
 * (operation, model identity, input, every sampling setting including the seed); each sample of a
 * call is a row under that key and its index. The model identity should say where the model is
 * (e.g. the base URL of a remote one), not only its name.
 */
public final class CachedModel implements LanguageModel {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private final LanguageModel inner;
  private final String identity;
  private final CallCache cache;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  public CachedModel(LanguageModel inner, String identity, CallCache cache) {
    this.inner = inner;
    this.identity = identity;
    this.cache = cache;
  }

  @Override
  public String name() {
    return inner.name();
  }

  public LanguageModel inner() {
    return inner;
  }

  /** Calls answered from the cache (a score call counts once per continuation). */
  public long hits() {
    return hits.get();
  }

  public long misses() {
    return misses.get();
  }

  @Override
  public List<Completion> chat(List<Message> messages, Sampling sampling) {
    ObjectNode request = request("chat", sampling);
    ArrayNode array = request.putArray("messages");
    messages.forEach(m -> array.addObject().put("role", m.role()).put("content", m.content()));
    return cachedSamples(request, sampling.n(), () -> inner.chat(messages, sampling));
  }

  @Override
  public List<Completion> complete(String prompt, Sampling sampling) {
    ObjectNode request = request("complete", sampling);
    request.put("prompt", prompt);
    return cachedSamples(request, sampling.n(), () -> inner.complete(prompt, sampling));
  }

  @Override
  public List<ContinuationScore> score(String prompt, List<String> continuations) {
    List<ContinuationScore> result = new ArrayList<>(continuations.size());
    List<String> keys = new ArrayList<>();
    List<String> requests = new ArrayList<>();
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < continuations.size(); i++) {
      ObjectNode request = JsonNodeFactory.instance.objectNode();
      request.put("op", "score").put("model", identity);
      request.put("prompt", prompt).put("continuation", continuations.get(i));
      String canonical = write(request);
      keys.add(key(canonical));
      requests.add(canonical);
      Optional<List<String>> stored = cache.lookup(keys.get(i), 1);
      if (stored.isPresent()) {
        result.add(read(stored.get().get(0), ContinuationScore.class));
        hits.incrementAndGet();
      } else {
        result.add(null);
        missing.add(i);
      }
    }
    if (!missing.isEmpty()) {
      misses.addAndGet(missing.size());
      List<ContinuationScore> fresh =
          inner.score(prompt, missing.stream().map(continuations::get).toList());
      for (int j = 0; j < missing.size(); j++) {
        int i = missing.get(j);
        cache.store(keys.get(i), identity, requests.get(i), List.of(write(fresh.get(j))));
        result.set(i, fresh.get(j));
      }
    }
    return result;
  }

  private interface Call {
    List<Completion> run();
  }

  private List<Completion> cachedSamples(ObjectNode request, int n, Call call) {
    String canonical = write(request);
    String key = key(canonical);
    Optional<List<String>> stored = cache.lookup(key, n);
    if (stored.isPresent()) {
      hits.incrementAndGet();
      return stored.get().stream().map(s -> read(s, Completion.class)).toList();
    }
    misses.incrementAndGet();
    List<Completion> fresh = call.run();
    cache.store(key, identity, canonical, fresh.stream().map(CachedModel::write).toList());
    return fresh;
  }

  private ObjectNode request(String op, Sampling s) {
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    request.put("op", op).put("model", identity);
    ObjectNode sampling = request.putObject("sampling");
    sampling.put("n", s.n()).put("temperature", s.temperature()).put("top_p", s.topP());
    sampling.put("max_tokens", s.maxTokens()).put("seed", s.seed());
    sampling.put("logprobs", s.logprobs()).put("top_logprobs", s.topLogprobs());
    ArrayNode stop = sampling.putArray("stop");
    s.stop().forEach(stop::add);
    return request;
  }

  static String key(String canonical) {
    return Hashing.sha256(canonical);
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new dev.traitlab.core.TraitlabException(
          "call cache " + cache.file() + " holds an unreadable reply: " + e.getOriginalMessage());
    }
  }

  /** Closes the wrapped model and the cache: a CachedModel owns both. */
  @Override
  public void close() {
    try {
      inner.close();
    } finally {
      cache.close();
    }
  }
}
