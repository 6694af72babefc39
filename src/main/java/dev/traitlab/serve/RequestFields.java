package dev.traitlab.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Refuses what a request asks for that the server does not do, instead of answering as if it had
 * not been asked: a field outside the ones an endpoint implements is a 400 naming it. Pure metadata
 * ({@code user}, {@code store}, {@code metadata}) changes no answer and is accepted; a field set to
 * null counts as absent, as in OpenAI's API.
 */
final class RequestFields {
  static final Set<String> CHAT =
      Set.of(
          "model",
          "messages",
          "n",
          "temperature",
          "top_p",
          "max_tokens",
          "max_completion_tokens",
          "seed",
          "stop",
          "logprobs",
          "top_logprobs",
          "stream",
          "stream_options",
          "logit_bias",
          "presence_penalty",
          "frequency_penalty",
          "top_k",
          "min_p",
          "repetition_penalty",
          "response_format");

  static final Set<String> COMPLETIONS =
      Set.of(
          "model",
          "prompt",
          "n",
          "temperature",
          "top_p",
          "max_tokens",
          "seed",
          "stop",
          "logprobs",
          "echo",
          "stream",
          "stream_options",
          "logit_bias",
          "presence_penalty",
          "frequency_penalty",
          "top_k",
          "min_p",
          "repetition_penalty",
          "best_of");

  static final Set<String> FINE_TUNING =
      Set.of("model", "training_file", "hyperparameters", "method", "suffix", "seed");

  private static final Set<String> METADATA = Set.of("user", "store", "metadata");
  private static final Set<String> TOOLS =
      Set.of("tools", "tool_choice", "parallel_tool_calls", "functions", "function_call");

  private RequestFields() {}

  /** Throws a 400 naming the first field of {@code request} that is not implemented. */
  static void check(JsonNode request, Set<String> implemented) {
    for (Iterator<Map.Entry<String, JsonNode>> it = request.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (value.isNull() || METADATA.contains(name)) {
        continue;
      }
      if (name.equals("response_format") && implemented.contains(name)) {
        if (!value.isObject() || !"text".equals(value.path("type").asText())) {
          throw ApiError.badRequest(
              name,
              "'response_format' "
                  + value
                  + " is not implemented: traitlab serve answers in plain text only"
                  + " ({\"type\": \"text\"})");
        }
        continue;
      }
      if (implemented.contains(name)) {
        continue;
      }
      if (TOOLS.contains(name)) {
        throw ApiError.badRequest(
            name, "'" + name + "' is not implemented: traitlab serve does not make tool calls");
      }
      throw ApiError.badRequest(
          name,
          "'"
              + name
              + "' is not a field traitlab serve implements here; it is refused rather than"
              + " ignored");
    }
  }
}
