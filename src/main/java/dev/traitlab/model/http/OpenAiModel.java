package dev.traitlab.model.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.ContinuationScore;
import dev.traitlab.model.Generation;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.ParallelCalls;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.TextDelta;
import dev.traitlab.model.TokenLogprob;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A model behind an OpenAI-compatible API. Scoring uses the completions endpoint with {@code echo}
 * and {@code logprobs}: the server returns the log-probability of every token of prompt +
 * continuation, and the tokens starting inside the continuation are summed. Chat-only services
 * (OpenAI's chat models) cannot score and say so. The streaming calls ask for server-sent events
 * and hand each piece of text over as it arrives. Logit controls the sampling sets are sent as the
 * fields OpenAI-compatible servers take (a service without one refuses the call).
 */
public final class OpenAiModel implements LanguageModel {
  private final String name;
  private final String remoteName;
  private final OpenAiClient client;
  private final boolean ownsClient;

  /**
   * @param name the user's name for the model ({@code openai:NAME})
   * @param remoteName the name the server knows it by
   */
  public OpenAiModel(String name, String remoteName, OpenAiClient client, boolean ownsClient) {
    this.name = name;
    this.remoteName = remoteName;
    this.client = client;
    this.ownsClient = ownsClient;
  }

  @Override
  public String name() {
    return name;
  }

  public OpenAiClient client() {
    return client;
  }

  @Override
  public List<Completion> chat(List<ChatMessage> messages, Sampling sampling) {
    JsonNode reply =
        client.postJson(
            "/chat/completions", OpenAiWire.chatRequest(remoteName, messages, sampling));
    return checkCount(OpenAiWire.chatChoices(reply), sampling);
  }

  @Override
  public List<Completion> complete(String prompt, Sampling sampling) {
    JsonNode reply =
        client.postJson(
            "/completions", OpenAiWire.completionRequest(remoteName, prompt, sampling, false));
    return checkCount(OpenAiWire.completionChoices(reply), sampling);
  }

  @Override
  public Generation chatStreaming(
      List<ChatMessage> messages, Sampling sampling, Consumer<TextDelta> sink) {
    OpenAiChunks.Assembler chunks = new OpenAiChunks.Assembler(true, sink);
    client.postStream(
        "/chat/completions",
        OpenAiWire.streamed(OpenAiWire.chatRequest(remoteName, messages, sampling)),
        chunks);
    Generation generation = chunks.generation();
    checkCount(generation.completions(), sampling);
    return generation;
  }

  @Override
  public Generation completeStreaming(String prompt, Sampling sampling, Consumer<TextDelta> sink) {
    OpenAiChunks.Assembler chunks = new OpenAiChunks.Assembler(false, sink);
    client.postStream(
        "/completions",
        OpenAiWire.streamed(OpenAiWire.completionRequest(remoteName, prompt, sampling, false)),
        chunks);
    Generation generation = chunks.generation();
    checkCount(generation.completions(), sampling);
    return generation;
  }

  private List<Completion> checkCount(List<Completion> completions, Sampling sampling) {
    if (completions.size() != sampling.n()) {
      throw new TraitlabException(
          name + ": asked for " + sampling.n() + " samples, server returned " + completions.size());
    }
    return completions;
  }

  @Override
  public List<ContinuationScore> score(String prompt, List<String> continuations) {
    return ParallelCalls.map(continuations, continuation -> scoreOne(prompt, continuation));
  }

  private ContinuationScore scoreOne(String prompt, String continuation) {
    String text = prompt + continuation;
    // One generated token: not every server accepts max_tokens 0; offsets drop it again.
    Sampling sampling =
        Sampling.builder().optTemperature(0).optMaxTokens(1).optLogprobs(true, 0).build();
    JsonNode reply;
    try {
      reply =
          client.postJson(
              "/completions", OpenAiWire.completionRequest(remoteName, text, sampling, true));
    } catch (OpenAiApiException e) {
      if (e.status() == 404 || e.status() == 400) {
        throw new UnsupportedOperationException(
            name
                + " cannot score continuations (completions with echo+logprobs refused): "
                + e.getMessage(),
            e);
      }
      throw e;
    }
    List<TokenLogprob> tokens = OpenAiWire.completionChoices(reply).get(0).logprobs();
    int[] offsets = OpenAiWire.textOffsets(reply);
    int start = prompt.codePointCount(0, prompt.length());
    int end = start + continuation.codePointCount(0, continuation.length());
    List<String> pieces = new ArrayList<>();
    List<Double> logprobs = new ArrayList<>();
    boolean boundaryFound = start == 0;
    for (int i = 0; i < tokens.size() && i < offsets.length; i++) {
      if (offsets[i] == start) {
        boundaryFound = true;
      }
      if (offsets[i] >= start && offsets[i] < end) {
        double lp = tokens.get(i).logprob();
        if (Double.isNaN(lp)) {
          throw new TraitlabException(
              name + ": server gave no log-probability for token " + i + " of the continuation");
        }
        pieces.add(tokens.get(i).token());
        logprobs.add(lp);
      }
    }
    if (!boundaryFound && !continuation.isEmpty()) {
      throw new TraitlabException(
          name
              + ": the server's tokens straddle the end of the prompt; end the prompt where a"
              + " token ends (e.g. move a trailing space into the continuation)");
    }
    return new ContinuationScore(
        pieces, logprobs.stream().mapToDouble(Double::doubleValue).toArray());
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
