package dev.traitlab.model.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.FineTuneHyperparameters;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.TokenLogprob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

  public static String prompt(JsonNode request) {
    JsonNode prompt = request.get("prompt");
    if (prompt != null && prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
      return prompt.get(0).asText();
    }
    if (prompt == null || !prompt.isTextual()) {
      throw new WireFormatException(
          "prompt", "'prompt' must be a string (or an array of exactly one string)");
    }
    return prompt.asText();
  }

  /**
   * The sampling settings of a request. {@code chat} selects the chat form of logprobs (a boolean
   * plus top_logprobs) over the completions form (an integer count of alternatives).
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
    builder.optSeed(longField(request, "seed", 0));
    builder.optStop(stop(request.get("stop")));
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

  /** max_tokens of a completions request may be 0 (score the echoed prompt only). */
  public static int maxTokens(JsonNode request) {
    return intField(request, "max_tokens", DEFAULT_MAX_TOKENS, 0, 1 << 20);
  }

  public static boolean echo(JsonNode request) {
    JsonNode echo = request.get("echo");
    if (echo == null || echo.isNull()) {
      return false;
    }
    if (!echo.isBoolean()) {
      throw new WireFormatException("echo", "'echo' must be a boolean");
    }
    return echo.asBoolean();
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

  public static ObjectNode chatResponse(
      String id, String model, long created, List<Completion> cs) {
    ObjectNode response = NODES.objectNode();
    response.put("id", id).put("object", "chat.completion").put("created", created);
    response.put("model", model);
    ArrayNode choices = response.putArray("choices");
    for (Completion c : cs) {
      ObjectNode choice = choices.addObject();
      choice.put("index", c.index());
      choice.putObject("message").put("role", "assistant").put("content", c.text());
      choice.put("finish_reason", c.finishReason());
      if (c.logprobs().isEmpty()) {
        choice.putNull("logprobs");
      } else {
        ArrayNode content = choice.putObject("logprobs").putArray("content");
        for (TokenLogprob token : c.logprobs()) {
          ObjectNode entry = chatToken(content.addObject(), token);
          ArrayNode top = entry.putArray("top_logprobs");
          token.top().forEach(alt -> chatToken(top.addObject(), alt));
        }
      }
    }
    return response;
  }

  private static ObjectNode chatToken(ObjectNode node, TokenLogprob token) {
    node.put("token", token.token()).put("logprob", token.logprob());
    ArrayNode bytes = node.putArray("bytes");
    for (byte b : token.token().getBytes(StandardCharsets.UTF_8)) {
      bytes.add(b & 0xff);
    }
    return node;
  }

  /**
   * A completions reply. Offsets count code points from the start of the returned text (which
   * includes the prompt when echoed), as OpenAI's Python-based servers do.
   */
  public static ObjectNode completionResponse(
      String id, String model, long created, List<Completion> cs, boolean withLogprobs) {
    ObjectNode response = NODES.objectNode();
    response.put("id", id).put("object", "text_completion").put("created", created);
    response.put("model", model);
    ArrayNode choices = response.putArray("choices");
    for (Completion c : cs) {
      ObjectNode choice = choices.addObject();
      choice.put("index", c.index()).put("text", c.text()).put("finish_reason", c.finishReason());
      if (!withLogprobs) {
        choice.putNull("logprobs");
        continue;
      }
      ObjectNode logprobs = choice.putObject("logprobs");
      ArrayNode tokens = logprobs.putArray("tokens");
      ArrayNode tokenLogprobs = logprobs.putArray("token_logprobs");
      ArrayNode top = logprobs.putArray("top_logprobs");
      ArrayNode offsets = logprobs.putArray("text_offset");
      int offset = 0;
      for (TokenLogprob token : c.logprobs()) {
        tokens.add(token.token());
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
    }
    return response;
  }

  // ---- replies: client side ----

  public static List<Completion> chatChoices(JsonNode response) {
    List<Completion> result = new ArrayList<>();
    for (JsonNode choice : choices(response)) {
      List<TokenLogprob> logprobs = new ArrayList<>();
      for (JsonNode token : choice.path("logprobs").path("content")) {
        List<TokenLogprob> top = new ArrayList<>();
        for (JsonNode alt : token.path("top_logprobs")) {
          top.add(
              new TokenLogprob(alt.path("token").asText(), alt.path("logprob").asDouble(), null));
        }
        logprobs.add(
            new TokenLogprob(token.path("token").asText(), token.path("logprob").asDouble(), top));
      }
      result.add(
          new Completion(
              choice.path("index").asInt(result.size()),
              choice.path("message").path("content").asText(""),
              choice.path("finish_reason").asText("stop"),
              logprobs));
    }
    return sortedByIndex(result);
  }

  /** Choices of a completions reply; logprob of null (a first echoed token) becomes NaN. */
  public static List<Completion> completionChoices(JsonNode response) {
    List<Completion> result = new ArrayList<>();
    for (JsonNode choice : choices(response)) {
      JsonNode logprobs = choice.path("logprobs");
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
      result.add(
          new Completion(
              choice.path("index").asInt(result.size()),
              choice.path("text").asText(""),
              choice.path("finish_reason").asText("stop"),
              tokens));
    }
    return sortedByIndex(result);
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

  private static List<Completion> sortedByIndex(List<Completion> completions) {
    List<Completion> sorted = new ArrayList<>(completions);
    sorted.sort((a, b) -> Integer.compare(a.index(), b.index()));
    return sorted;
  }
}
