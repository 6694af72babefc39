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
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.ContinuationScore;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.ScoreRequest;
import dev.traitlab.nn.transformer.LogitControls;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model whose calls go through a {@link CallCache}. The key is the SHA-256 of a canonical JSON of
 * (operation, model identity, input, every sampling setting including the seed); each sample of a
 * call is a row under that key and its index. The model identity should say where the model is
 * (e.g. the base URL of a remote one), not only its name.
 *
 * <p>Batches are forwarded as batches and cached per item: a scored continuation under the same key
 * as a single {@link #score} call's (so only the missing ones go to the model, together); a chat
 * batch's conversation under a key of the whole batch and its place in it, because a backend may
 * seed a batch by row (the embedded one does), so an item's samples depend on the whole batch.
 *
 * <p>Every key includes {@link #REQUEST_VERSION}, so that replies stored before a change in what a
 * request means are no longer found (they stay in the file, unused) instead of answering the new
 * request with an old behaviour's reply.
 */
public final class CachedModel implements LanguageModel {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  /**
   * The version of what a request means, part of every key. Bump it when the same request (same
   * prompt, messages, settings) would now reach a model differently, e.g. a change in how text is
   * encoded or templated. 2: content is text (special-token text in a prompt or message no longer
   * becomes control tokens, issue 13 item 6); keys of version 1 had no version field.
   */
  static final int REQUEST_VERSION = 2;

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
  public List<Completion> chat(List<ChatMessage> messages, Sampling sampling) {
    ObjectNode request = request("chat", sampling);
    putMessages(request, messages);
    return cachedSamples(request, sampling.n(), () -> inner.chat(messages, sampling));
  }

  @Override
  public List<List<Completion>> chatBatch(
      List<List<ChatMessage>> conversations, Sampling sampling) {
    ArrayNode batch = JsonNodeFactory.instance.arrayNode();
    conversations.forEach(c -> putMessages(batch.addObject(), c));
    String batchKey = key(write(batch));
    List<String> keys = new ArrayList<>();
    List<String> requests = new ArrayList<>();
    List<List<Completion>> result = new ArrayList<>();
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < conversations.size(); i++) {
      ObjectNode request = request("chat_batch", sampling);
      request.put("batch", batchKey).put("index", i);
      putMessages(request, conversations.get(i));
      String canonical = write(request);
      requests.add(canonical);
      keys.add(key(canonical));
      Optional<List<String>> stored = cache.lookup(keys.get(i), sampling.n());
      result.add(stored.map(this::readSamples).orElse(null));
      if (stored.isEmpty()) {
        missing.add(i);
      }
    }
    hits.addAndGet(conversations.size() - missing.size());
    if (!missing.isEmpty()) {
      misses.addAndGet(missing.size());
      List<List<Completion>> fresh = inner.chatBatch(conversations, sampling);
      for (int i : missing) {
        List<String> rows = fresh.get(i).stream().map(CachedModel::write).toList();
        cache.store(keys.get(i), identity, requests.get(i), rows);
        result.set(i, fresh.get(i));
      }
    }
    return result;
  }

  private static void putMessages(ObjectNode request, List<ChatMessage> messages) {
    ArrayNode array = request.putArray("messages");
    messages.forEach(m -> array.addObject().put("role", m.role()).put("content", m.content()));
  }

  @Override
  public List<Completion> complete(String prompt, Sampling sampling) {
    ObjectNode request = request("complete", sampling);
    request.put("prompt", prompt);
    return cachedSamples(request, sampling.n(), () -> inner.complete(prompt, sampling));
  }

  @Override
  public List<ContinuationScore> score(String prompt, List<String> continuations) {
    return scoreBatch(List.of(new ScoreRequest(prompt, continuations))).get(0);
  }

  @Override
  public List<List<ContinuationScore>> scoreBatch(List<ScoreRequest> requests) {
    List<List<ContinuationScore>> result = new ArrayList<>(requests.size());
    // Per request: the continuations the cache lacks, with their keys and canonical requests.
    List<ScoreRequest> ask = new ArrayList<>();
    List<Integer> askedFor = new ArrayList<>();
    List<List<Integer>> askedIndices = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<String> canonicals = new ArrayList<>();
    for (int r = 0; r < requests.size(); r++) {
      ScoreRequest request = requests.get(r);
      List<ContinuationScore> scores = new ArrayList<>();
      List<String> missingTexts = new ArrayList<>();
      List<Integer> missingIndices = new ArrayList<>();
      for (int i = 0; i < request.continuations().size(); i++) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("op", "score").put("model", identity).put("version", REQUEST_VERSION);
        node.put("prompt", request.prompt()).put("continuation", request.continuations().get(i));
        if (request.truncateLeft()) {
          node.put("truncate_left", true);
        }
        String canonical = write(node);
        String key = key(canonical);
        Optional<List<String>> stored = cache.lookup(key, 1);
        if (stored.isPresent()) {
          scores.add(read(stored.get().get(0), ContinuationScore.class));
          hits.incrementAndGet();
        } else {
          scores.add(null);
          missingTexts.add(request.continuations().get(i));
          missingIndices.add(i);
          keys.add(key);
          canonicals.add(canonical);
        }
      }
      result.add(scores);
      if (!missingTexts.isEmpty()) {
        ask.add(new ScoreRequest(request.prompt(), missingTexts, request.truncateLeft()));
        askedFor.add(r);
        askedIndices.add(missingIndices);
      }
    }
    if (!ask.isEmpty()) {
      misses.addAndGet(keys.size());
      List<List<ContinuationScore>> fresh = inner.scoreBatch(ask);
      int k = 0;
      for (int a = 0; a < ask.size(); a++) {
        for (int j = 0; j < askedIndices.get(a).size(); j++, k++) {
          ContinuationScore score = fresh.get(a).get(j);
          cache.store(keys.get(k), identity, canonicals.get(k), List.of(write(score)));
          result.get(askedFor.get(a)).set(askedIndices.get(a).get(j), score);
        }
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
      return readSamples(stored.get());
    }
    misses.incrementAndGet();
    List<Completion> fresh = call.run();
    cache.store(key, identity, canonical, fresh.stream().map(CachedModel::write).toList());
    return fresh;
  }

  private List<Completion> readSamples(List<String> rows) {
    return rows.stream().map(s -> read(s, Completion.class)).toList();
  }

  private ObjectNode request(String op, Sampling s) {
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    request.put("op", op).put("model", identity).put("version", REQUEST_VERSION);
    ObjectNode sampling = request.putObject("sampling");
    sampling.put("n", s.n()).put("temperature", s.temperature()).put("top_p", s.topP());
    sampling.put("max_tokens", s.maxTokens()).put("seed", s.seed());
    sampling.put("logprobs", s.logprobs()).put("top_logprobs", s.topLogprobs());
    ArrayNode stop = sampling.putArray("stop");
    s.stop().forEach(stop::add);
    if (s.truncateLeft()) {
      sampling.put("truncate_left", true);
    }
    if (s.hasControls()) {
      LogitControls c = s.controls();
      ObjectNode controls = sampling.putObject("controls");
      ObjectNode bias = controls.putObject("logit_bias");
      new java.util.TreeMap<>(c.logitBias()).forEach((id, b) -> bias.put(id.toString(), b));
      controls.put("presence_penalty", c.presencePenalty());
      controls.put("frequency_penalty", c.frequencyPenalty());
      controls.put("repetition_penalty", c.repetitionPenalty());
      controls.put("top_k", c.topK()).put("min_p", c.minP());
    }
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
