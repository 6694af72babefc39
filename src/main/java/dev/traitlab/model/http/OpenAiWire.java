package dev.traitlab.model.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.FineTuneHyperparameters;
import dev.traitlab.model.FineTuneMethod;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.TokenLogprob;
import dev.traitlab.model.Usage;
import dev.traitlab.nn.transformer.LogitControls;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * OpenAI's JSON for chat completions and (legacy) completions, both ways: the client writes
 * requests and reads replies, {@code traitlab serve} reads requests and writes replies, so the two
 * cannot drift apart.
 */
public final class OpenAiWire {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");

  /** Tokens generated when a request gives no max_tokens. */
  public static final int DEFAULT_MAX_TOKENS = 256;

  private static final int MAX_N = 128;

  private OpenAiWire() {}

  // ---- requests: client side ----

  public static ObjectNode chatRequest(
      String model, List<ChatMessage> messages, Sampling sampling) {
    ObjectNode request = NODES.objectNode();
    request.put("model", model);
    ArrayNode array = request.putArray("messages");
    for (ChatMessage message : messages) {
      array.addObject().put("role", message.role()).put("content", message.content());
    }
    putSampling(request, sampling);
    if (sampling.logprobs()) {
      request.put("logprobs", true);
      request.put("top_logprobs", sampling.topLogprobs());
    }
    return request;
  }

  public static ObjectNode completionRequest(
      String model, String prompt, Sampling sampling, boolean echo) {
    ObjectNode request = NODES.objectNode();
    request.put("model", model);
    request.put("prompt", prompt);
    putSampling(request, sampling);
    if (sampling.logprobs()) {
      request.put("logprobs", sampling.topLogprobs());
    }
    if (echo) {
      request.put("echo", true);
    }
    return request;
  }

  private static void putSampling(ObjectNode request, Sampling sampling) {
    request.put("n", sampling.n());
    request.put("temperature", sampling.temperature());
    request.put("top_p", sampling.topP());
    request.put("max_tokens", sampling.maxTokens());
    request.put("seed", sampling.seed());
    if (!sampling.stop().isEmpty()) {
      ArrayNode stop = request.putArray("stop");
      sampling.stop().forEach(stop::add);
    }
    // Only the controls the caller set: a service that lacks one refuses the request (OpenAI's
    // own API has no top_k, min_p or repetition_penalty) rather than sampling without it.
    LogitControls c = sampling.controls();
    if (!c.logitBias().isEmpty()) {
      ObjectNode bias = request.putObject("logit_bias");
      new TreeMap<>(c.logitBias()).forEach((id, b) -> bias.put(id.toString(), b));
    }
    if (c.presencePenalty() != 0) {
      request.put("presence_penalty", c.presencePenalty());
    }
    if (c.frequencyPenalty() != 0) {
      request.put("frequency_penalty", c.frequencyPenalty());
    }
    if (c.repetitionPenalty() != 1) {
      request.put("repetition_penalty", c.repetitionPenalty());
    }
    if (c.topK() > 0) {
      request.put("top_k", c.topK());
    }
    if (c.minP() > 0) {
      request.put("min_p", c.minP());
    }
  }

  /** Asks for the reply as server-sent events, with a last chunk giving the usage. */
  public static ObjectNode streamed(ObjectNode request) {
    request.put("stream", true);
    request.putObject("stream_options").put("include_usage", true);
    return request;
  }

  // ---- requests: server side ----

  public static String model(JsonNode request) {
    JsonNode model = request.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank()) {
      throw new WireFormatException("model", "'model' must be a non-empty string");
    }
    return model.asText();
  }

  public static List<ChatMessage> messages(JsonNode request) {
    JsonNode messages = request.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new WireFormatException("messages", "'messages' must be a non-empty array");
    }
    List<ChatMessage> result = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String where = "messages[" + i + "]";
      if (!message.isObject()) {
        throw new WireFormatException(where, "'" + where + "' must be an object");
      }
      JsonNode role = message.get("role");
      if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
        throw new WireFormatException(
            where + ".role", "'" + where + ".role' must be one of " + ROLES);
      }
      String roleName = role.asText().equals("developer") ? "system" : role.asText();
      result.add(new ChatMessage(roleName, content(message.get("content"), where + ".content")));
    }
    return result;
  }

  /** Content is a string or an array of {type: text, text} parts. */
  private static String content(JsonNode content, String where) {
    if (content != null && content.isTextual()) {
      return content.asText();
    }
    if (content != null && content.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
          throw new WireFormatException(where, "'" + where + "' parts must be {type: text, text}");
        }
        text.append(part.get("text").asText());
      }
      return text.toString();
    }
    throw new WireFormatException(where, "'" + where + "' must be a string");
  }

  /** One prompt of a completions request: text, or token ids taken as they are. */
  public record Prompt(String text, int[] tokens) {
    public Prompt {
      if ((text == null) == (tokens == null)) {
        throw new IllegalArgumentException("a prompt is text or token ids");
      }
    }

    public static Prompt text(String text) {
      return new Prompt(text, null);
    }

    public static Prompt tokens(int[] tokens) {
      return new Prompt(null, tokens.clone());
    }

    public boolean isTokens() {
      return tokens != null;
    }
  }

  /**
   * The prompts of a completions request, in the four forms OpenAI's API takes: a string, a list of
   * strings, a list of token ids, or a list of lists of token ids.
   */
  public static List<Prompt> prompts(JsonNode request) {
    JsonNode prompt = request.get("prompt");
    String form =
        "'prompt' must be a string, a list of strings, a list of token ids or a list of lists of"
            + " token ids";
    if (prompt != null && prompt.isTextual()) {
      return List.of(Prompt.text(prompt.asText()));
    }
    if (prompt == null || !prompt.isArray() || prompt.isEmpty()) {
      throw new WireFormatException(
          "prompt", form + (prompt != null && prompt.isArray() ? " (it is empty)" : ""));
    }
    List<Prompt> prompts = new ArrayList<>();
    if (prompt.get(0).isIntegralNumber()) {
      prompts.add(Prompt.tokens(tokenIds(prompt, "prompt")));
      return prompts;
    }
    for (int i = 0; i < prompt.size(); i++) {
      JsonNode item = prompt.get(i);
      String where = "prompt[" + i + "]";
      if (item.isTextual()) {
        prompts.add(Prompt.text(item.asText()));
      } else if (item.isArray() && !item.isEmpty()) {
        prompts.add(Prompt.tokens(tokenIds(item, where)));
      } else {
        throw new WireFormatException("prompt", form + "; " + where + " is neither");
      }
      if (prompts.getLast().isTokens() != prompts.getFirst().isTokens()) {
        throw new WireFormatException("prompt", form + "; it mixes strings and token lists");
      }
    }
    return prompts;
  }

  private static int[] tokenIds(JsonNode array, String where) {
    int[] ids = new int[array.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode id = array.get(i);
      if (!id.isIntegralNumber() || !id.canConvertToInt() || id.asInt() < 0) {
        throw new WireFormatException(
            "prompt", "'" + where + "[" + i + "]' must be a token id (an integer >= 0)");
      }
      ids[i] = id.asInt();
    }
    return ids;
  }

  /** Whether a request asks for server-sent events. */
  public static boolean stream(JsonNode request) {
    boolean stream = booleanField(request, "stream");
    JsonNode options = request.get("stream_options");
    if (options != null && !options.isNull()) {
      if (!stream) {
        throw new WireFormatException(
            "stream_options", "'stream_options' is only allowed with 'stream': true");
      }
      if (!options.isObject()) {
        throw new WireFormatException("stream_options", "'stream_options' must be an object");
      }
      for (Iterator<String> it = options.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!name.equals("include_usage") && !options.get(name).isNull()) {
          throw new WireFormatException(
              "stream_options." + name, "'stream_options." + name + "' is not implemented");
        }
      }
    }
    return stream;
  }

  /** Whether a streamed reply ends with a usage chunk ({@code stream_options.include_usage}). */
  public static boolean includeUsage(JsonNode request) {
    JsonNode options = request.path("stream_options");
    return options.isObject() && booleanField(options, "include_usage");
  }

  private static boolean booleanField(JsonNode request, String name) {
    JsonNode node = request.get(name);
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw new WireFormatException(name, "'" + name + "' must be a boolean");
    }
    return node.asBoolean();
  }

  /**
   * The sampling settings of a request. {@code chat} selects the chat form of logprobs (a boolean
   * plus top_logprobs) over the completions form (an integer count of alternatives). A request
   * without a seed gets a fresh random one, so that identical requests give different samples (as
   * OpenAI's API does); with one, the samples are reproducible.
   */
  public static Sampling sampling(JsonNode request, boolean chat) {
    Sampling.Builder builder = Sampling.builder();
    builder.optN(intField(request, "n", 1, 1, MAX_N));
    builder.optTemperature(doubleField(request, "temperature", 1.0, 0, 2));
    double topP = doubleField(request, "top_p", 1.0, 0, 1);
    if (topP <= 0) {
      throw new WireFormatException("top_p", "'top_p' must be in (0, 1], got " + topP);
    }
    builder.optTopP(topP);
    String maxField = request.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
    // 0 is legal for completions (score an echoed prompt); the server checks maxTokens() for it.
    builder.optMaxTokens(
        Math.max(1, intField(request, maxField, DEFAULT_MAX_TOKENS, chat ? 1 : 0, 1 << 20)));
    JsonNode seed = request.get("seed");
    builder.optSeed(
        seed == null || seed.isNull()
            ? ThreadLocalRandom.current().nextLong()
            : longField(request, "seed", 0));
    builder.optStop(stop(request.get("stop")));
    controls(request, builder);
    if (chat) {
      JsonNode logprobs = request.get("logprobs");
      boolean wanted = false;
      if (logprobs != null && !logprobs.isNull()) {
        if (!logprobs.isBoolean()) {
          throw new WireFormatException("logprobs", "'logprobs' must be a boolean");
        }
        wanted = logprobs.asBoolean();
      }
      int top = intField(request, "top_logprobs", 0, 0, 20);
      if (top > 0 && !wanted) {
        throw new WireFormatException("top_logprobs", "'top_logprobs' needs 'logprobs': true");
      }
      builder.optLogprobs(wanted, top);
    } else {
      JsonNode logprobs = request.get("logprobs");
      if (logprobs != null && !logprobs.isNull()) {
        builder.optLogprobs(true, intField(request, "logprobs", 0, 0, 20));
      }
    }
    return builder.build();
  }

  /**
   * The logit controls of a request, in the ranges OpenAI (logit_bias, presence and frequency
   * penalties) and vLLM (top_k, min_p, repetition_penalty) accept; top_k -1 or 0 is off.
   */
  private static void controls(JsonNode request, Sampling.Builder builder) {
    JsonNode bias = request.get("logit_bias");
    if (bias != null && !bias.isNull()) {
      if (!bias.isObject()) {
        throw new WireFormatException(
            "logit_bias", "'logit_bias' must be an object from token id to bias");
      }
      Map<Integer, Double> biases = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = bias.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        int id;
        try {
          id = Integer.parseInt(e.getKey());
        } catch (NumberFormatException ex) {
          id = -1;
        }
        if (id < 0) {
          throw new WireFormatException(
              "logit_bias", "'logit_bias' keys must be token ids, got '" + e.getKey() + "'");
        }
        double value = e.getValue().asDouble();
        if (!e.getValue().isNumber() || !(value >= -100 && value <= 100)) {
          throw new WireFormatException(
              "logit_bias",
              "'logit_bias' values must be numbers in [-100, 100], got " + e.getValue());
        }
        biases.put(id, value);
      }
      builder.optLogitBias(biases);
    }
    builder.optPresencePenalty(doubleField(request, "presence_penalty", 0, -2, 2));
    builder.optFrequencyPenalty(doubleField(request, "frequency_penalty", 0, -2, 2));
    double repetition = doubleField(request, "repetition_penalty", 1, 0, 100);
    if (!(repetition > 0)) {
      throw new WireFormatException(
          "repetition_penalty", "'repetition_penalty' must be > 0 (1: none), got " + repetition);
    }
    builder.optRepetitionPenalty(repetition);
    builder.optTopK(Math.max(0, intField(request, "top_k", 0, -1, Integer.MAX_VALUE)));
    builder.optMinP(doubleField(request, "min_p", 0, 0, 1));
  }

  /** max_tokens of a completions request may be 0 (score the echoed prompt only). */
  public static int maxTokens(JsonNode request) {
    return intField(request, "max_tokens", DEFAULT_MAX_TOKENS, 0, 1 << 20);
  }

  public static boolean echo(JsonNode request) {
    return booleanField(request, "echo");
  }

  private static List<String> stop(JsonNode stop) {
    if (stop == null || stop.isNull()) {
      return List.of();
    }
    if (stop.isTextual()) {
      return List.of(stop.asText());
    }
    if (stop.isArray() && stop.size() <= 4) {
      List<String> result = new ArrayList<>();
      for (JsonNode s : stop) {
        if (!s.isTextual() || s.asText().isEmpty()) {
          throw new WireFormatException("stop", "'stop' entries must be non-empty strings");
        }
        result.add(s.asText());
      }
      return result;
    }
    throw new WireFormatException("stop", "'stop' must be a string or an array of up to 4");
  }

  private static int intField(JsonNode request, String name, int fallback, int min, int max) {
    JsonNode node = request.get(name);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new WireFormatException(name, "'" + name + "' must be an integer");
    }
    int value = node.asInt();
    if (value < min || value > max) {
      throw new WireFormatException(
          name, "'" + name + "' must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  private static long longField(JsonNode request, String name, long fallback) {
    JsonNode node = request.get(name);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new WireFormatException(name, "'" + name + "' must be an integer");
    }
    return node.asLong();
  }

  private static double doubleField(
      JsonNode request, String name, double fallback, double min, double max) {
    JsonNode node = request.get(name);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isNumber()) {
      throw new WireFormatException(name, "'" + name + "' must be a number");
    }
    double value = node.asDouble();
    if (!(value >= min && value <= max)) {
      throw new WireFormatException(
          name, "'" + name + "' must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  /** Writes hyperparameters as OpenAI does, "auto" for the unset ones. */
  public static void putHyperparameters(ObjectNode target, FineTuneHyperparameters h) {
    putOrAuto(target, "n_epochs", h.epochs());
    putOrAuto(target, "batch_size", h.batchSize());
    putOrAuto(target, "learning_rate_multiplier", h.learningRateMultiplier());
  }

  /**
   * Writes a job's {@code method} as OpenAI does: its type and, under it, the hyperparameters (with
   * DPO's beta, "auto" when unset).
   */
  public static void putMethod(
      ObjectNode target, FineTuneMethod method, FineTuneHyperparameters h) {
    target.put("type", method.type());
    ObjectNode hp = target.putObject(method.type()).putObject("hyperparameters");
    putHyperparameters(hp, h);
    if (method instanceof FineTuneMethod.Dpo dpo) {
      putOrAuto(hp, "beta", dpo.beta());
    }
  }

  /**
   * Reads a job's {@code method} (absent or unknown: supervised, as older servers and jobs mean);
   * DPO's beta is null for "auto".
   */
  public static FineTuneMethod method(JsonNode job) {
    JsonNode method = job.path("method");
    if (!"dpo".equals(method.path("type").asText())) {
      return FineTuneMethod.supervised();
    }
    JsonNode beta = method.path("dpo").path("hyperparameters").path("beta");
    return FineTuneMethod.dpo(beta.isNumber() ? beta.asDouble() : null);
  }

  private static void putOrAuto(ObjectNode target, String name, Number value) {
    if (value == null) {
      target.put(name, "auto");
    } else if (value instanceof Integer i) {
      target.put(name, i);
    } else {
      target.put(name, value.doubleValue());
    }
  }

  // ---- replies: server side ----

  /** A chat reply; {@code usage} null leaves the usage block out (a backend that cannot count). */
  public static ObjectNode chatResponse(
      String id, String model, long created, List<Completion> cs, Usage usage) {
    ObjectNode response = NODES.objectNode();
    response.put("id", id).put("object", "chat.completion").put("created", created);
    response.put("model", model);
    ArrayNode choices = response.putArray("choices");
    for (Completion c : cs) {
      ObjectNode choice = choices.addObject();
      choice.put("index", c.index());
      choice.putObject("message").put("role", "assistant").put("content", c.text());
      choice.put("finish_reason", c.finishReason());
      putChatLogprobs(choice, c.logprobs());
    }
    putUsage(response, usage);
    return response;
  }

  /** {@code logprobs: {content: [...]}} of a chat choice or chunk, or null without tokens. */
  static void putChatLogprobs(ObjectNode choice, List<TokenLogprob> tokens) {
    if (tokens.isEmpty()) {
      choice.putNull("logprobs");
      return;
    }
    ArrayNode content = choice.putObject("logprobs").putArray("content");
    for (TokenLogprob token : tokens) {
      ObjectNode entry = chatToken(content.addObject(), token);
      ArrayNode top = entry.putArray("top_logprobs");
      token.top().forEach(alt -> chatToken(top.addObject(), alt));
    }
  }

  private static ObjectNode chatToken(ObjectNode node, TokenLogprob token) {
    node.put("token", token.token()).put("logprob", token.logprob());
    ArrayNode bytes = node.putArray("bytes");
    for (byte b : token.token().getBytes(StandardCharsets.UTF_8)) {
      bytes.add(b & 0xff);
    }
    return node;
  }

  /** {@code usage: {prompt_tokens, completion_tokens, total_tokens}}, left out when null. */
  static void putUsage(ObjectNode response, Usage usage) {
    if (usage != null) {
      response
          .putObject("usage")
          .put("prompt_tokens", usage.promptTokens())
          .put("completion_tokens", usage.completionTokens())
          .put("total_tokens", usage.totalTokens());
    }
  }

  /**
   * A completions reply. Offsets count code points from the start of the returned text (which
   * includes the prompt when echoed), as OpenAI's Python-based servers do. A token without a
   * log-probability (NaN: the first echoed prompt token, which has no context) gets null, and a
   * token without alternatives null top_logprobs, as the API gives them.
   */
  public static ObjectNode completionResponse(
      String id,
      String model,
      long created,
      List<Completion> cs,
      boolean withLogprobs,
      Usage usage) {
    ObjectNode response = NODES.objectNode();
    response.put("id", id).put("object", "text_completion").put("created", created);
    response.put("model", model);
    ArrayNode choices = response.putArray("choices");
    for (Completion c : cs) {
      ObjectNode choice = choices.addObject();
      choice.put("index", c.index()).put("text", c.text()).put("finish_reason", c.finishReason());
      if (withLogprobs) {
        putCompletionLogprobs(choice, c.logprobs(), 0);
      } else {
        choice.putNull("logprobs");
      }
    }
    putUsage(response, usage);
    return response;
  }

  /**
   * {@code logprobs: {tokens, token_logprobs, top_logprobs, text_offset}} of a completions choice
   * or chunk, offsets counted from {@code offset}; returns the offset after the last token.
   */
  static int putCompletionLogprobs(ObjectNode choice, List<TokenLogprob> tokens, int offset) {
    ObjectNode logprobs = choice.putObject("logprobs");
    ArrayNode texts = logprobs.putArray("tokens");
    ArrayNode tokenLogprobs = logprobs.putArray("token_logprobs");
    ArrayNode top = logprobs.putArray("top_logprobs");
    ArrayNode offsets = logprobs.putArray("text_offset");
    for (TokenLogprob token : tokens) {
      texts.add(token.token());
      if (Double.isNaN(token.logprob())) {
        tokenLogprobs.addNull();
      } else {
        tokenLogprobs.add(token.logprob());
      }
      if (token.top().isEmpty()) {
        top.addNull();
      } else {
        ObjectNode alternatives = top.addObject();
        token.top().forEach(alt -> alternatives.put(alt.token(), alt.logprob()));
      }
      offsets.add(offset);
      offset += token.token().codePointCount(0, token.token().length());
    }
    return offset;
  }

  // ---- replies: client side ----

  public static List<Completion> chatChoices(JsonNode response) {
    List<Completion> result = new ArrayList<>();
    for (JsonNode choice : choices(response)) {
      result.add(
          new Completion(
              choice.path("index").asInt(result.size()),
              choice.path("message").path("content").asText(""),
              choice.path("finish_reason").asText("stop"),
              chatLogprobs(choice.path("logprobs"))));
    }
    return sortedByIndex(result);
  }

  /** The tokens of a chat choice's or chunk's {@code logprobs} (missing or null: none). */
  static List<TokenLogprob> chatLogprobs(JsonNode logprobs) {
    List<TokenLogprob> tokens = new ArrayList<>();
    for (JsonNode token : logprobs.path("content")) {
      List<TokenLogprob> top = new ArrayList<>();
      for (JsonNode alt : token.path("top_logprobs")) {
        top.add(new TokenLogprob(alt.path("token").asText(), alt.path("logprob").asDouble(), null));
      }
      tokens.add(
          new TokenLogprob(token.path("token").asText(), token.path("logprob").asDouble(), top));
    }
    return tokens;
  }

  /** Choices of a completions reply; logprob of null (a first echoed token) becomes NaN. */
  public static List<Completion> completionChoices(JsonNode response) {
    List<Completion> result = new ArrayList<>();
    for (JsonNode choice : choices(response)) {
      result.add(
          new Completion(
              choice.path("index").asInt(result.size()),
              choice.path("text").asText(""),
              choice.path("finish_reason").asText("stop"),
              completionLogprobs(choice.path("logprobs"))));
    }
    return sortedByIndex(result);
  }

  /** The tokens of a completions choice's or chunk's {@code logprobs}; null log-probs are NaN. */
  static List<TokenLogprob> completionLogprobs(JsonNode logprobs) {
    List<TokenLogprob> tokens = new ArrayList<>();
    JsonNode tokenArray = logprobs.path("tokens");
    for (int i = 0; i < tokenArray.size(); i++) {
      JsonNode lp = logprobs.path("token_logprobs").path(i);
      List<TokenLogprob> top = new ArrayList<>();
      JsonNode alternatives = logprobs.path("top_logprobs").path(i);
      if (alternatives.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = alternatives.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> alt = it.next();
          top.add(new TokenLogprob(alt.getKey(), alt.getValue().asDouble(), null));
        }
      }
      tokens.add(
          new TokenLogprob(
              tokenArray.get(i).asText(), lp.isNumber() ? lp.asDouble() : Double.NaN, top));
    }
    return tokens;
  }

  /** The usage block of a reply or chunk, or null when it has none. */
  public static Usage usage(JsonNode response) {
    JsonNode usage = response.path("usage");
    if (!usage.isObject()) {
      return null;
    }
    return new Usage(usage.path("prompt_tokens").asInt(), usage.path("completion_tokens").asInt());
  }

  /** text_offset of each token of the first choice of a completions reply. */
  public static int[] textOffsets(JsonNode response) {
    JsonNode offsets = choices(response).get(0).path("logprobs").path("text_offset");
    if (!offsets.isArray()) {
      throw new WireFormatException("text_offset", "reply has no logprobs.text_offset");
    }
    int[] result = new int[offsets.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = offsets.get(i).asInt();
    }
    return result;
  }

  private static JsonNode choices(JsonNode response) {
    JsonNode choices = response.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw new WireFormatException("choices", "reply has no choices");
    }
    return choices;
  }

  static List<Completion> sortedByIndex(List<Completion> completions) {
    List<Completion> sorted = new ArrayList<>(completions);
    sorted.sort((a, b) -> Integer.compare(a.index(), b.index()));
    return sorted;
  }
}
