package dev.traitlab.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.ContinuationScore;
import dev.traitlab.model.Generation;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.TextDelta;
import dev.traitlab.model.TokenLevelModel;
import dev.traitlab.model.TokenLogprob;
import dev.traitlab.model.Usage;
import dev.traitlab.model.http.OpenAiChunks;
import dev.traitlab.model.http.OpenAiWire;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/chat/completions} and {@code /v1/completions}: samples with their usage, as one JSON
 * reply or, with {@code "stream": true}, as server-sent events whose chunks leave as the model
 * samples each token ({@link EventStream}). Completions take the API's four prompt forms; choices
 * are numbered prompt-major (prompt p, sample i is choice p * n + i). Prompts given as token ids,
 * and echoed prompts with top_logprobs, need a {@link TokenLevelModel}.
 */
final class GenerationEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationEndpoints.class);

  private final OpenAiServer server;

  GenerationEndpoints(OpenAiServer server) {
    this.server = server;
  }

  void register(Javalin app) {
    app.post("/v1/chat/completions", server.inFlight().guard(this::chat));
    app.post("/v1/completions", server.inFlight().guard(this::completions));
  }

  // ---- chat ----

  private void chat(Context ctx) throws Exception {
    JsonNode request = OpenAiServer.body(ctx);
    RequestFields.check(request, RequestFields.CHAT);
    String id = OpenAiWire.model(request);
    LanguageModel model = server.model(id);
    List<ChatMessage> messages = OpenAiWire.messages(request);
    model.checkPromptBytes(
        messages.stream()
            .mapToLong(m -> m.content().getBytes(StandardCharsets.UTF_8).length)
            .sum());
    Sampling sampling = OpenAiWire.sampling(request, true);
    checkLogitBias(model, sampling);
    String replyId = "chatcmpl-" + UUID.randomUUID();
    long created = Instant.now().getEpochSecond();
    if (!OpenAiWire.stream(request)) {
      Generation g = server.withPermit(id, () -> model.chatStreaming(messages, sampling, d -> {}));
      OpenAiServer.json(
          ctx, OpenAiWire.chatResponse(replyId, id, created, g.completions(), g.usage()));
      return;
    }
    OpenAiChunks.Header header =
        new OpenAiChunks.Header(replyId, id, created, true, OpenAiWire.includeUsage(request));
    EventStream events = new EventStream(ctx);
    streamed(
        ctx,
        events,
        () -> {
          boolean[] roleSent = new boolean[sampling.n()];
          Consumer<TextDelta> sink =
              delta -> {
                sendRoles(events, header, roleSent);
                events.send(OpenAiChunks.piece(header, delta, sampling.logprobs(), 0));
              };
          Generation g = server.withPermit(id, () -> model.chatStreaming(messages, sampling, sink));
          sendRoles(events, header, roleSent);
          finish(events, header, g.completions(), g.usage());
        });
  }

  /** Every choice's role chunk, once, before its first piece (all at the first piece). */
  private static void sendRoles(EventStream events, OpenAiChunks.Header header, boolean[] sent) {
    for (int i = 0; i < sent.length; i++) {
      if (!sent[i]) {
        sent[i] = true;
        events.send(OpenAiChunks.role(header, i));
      }
    }
  }

  private static void finish(
      EventStream events, OpenAiChunks.Header header, List<Completion> completions, Usage usage) {
    for (Completion c : completions) {
      events.send(OpenAiChunks.finish(header, c.index(), c.finishReason()));
    }
    if (header.withUsage() && usage != null) {
      events.send(OpenAiChunks.usage(header, usage));
    }
    events.done();
  }

  private interface StreamBody {
    void run() throws Exception;
  }

  /**
   * Runs a streamed reply. A failure before the first event is an ordinary error reply; after it,
   * an error event ends the stream, and a client that went away only stops the generation.
   */
  private void streamed(Context ctx, EventStream events, StreamBody body) throws Exception {
    try {
      body.run();
    } catch (UncheckedIOException e) {
      LOG.debug("{} {}: client closed the stream", ctx.method(), ctx.path());
    } catch (Exception | Error e) {
      if (!events.started()) {
        throw e;
      }
      OpenAiServer.logFailure(LOG, server.verbose(), ctx.method() + " " + ctx.path(), e);
      try {
        events.send(OpenAiServer.errorBody("server_error", null, null, e));
      } catch (UncheckedIOException gone) {
        // nobody left to tell
      }
    }
  }

  /** A logit bias on a token the model does not have is the request's fault: 400. */
  private static void checkLogitBias(LanguageModel model, Sampling sampling) {
    if (model instanceof TokenLevelModel tokens) {
      for (int token : sampling.controls().logitBias().keySet()) {
        if (token >= tokens.vocabSize()) {
          throw ApiError.badRequest(
              "logit_bias",
              "'logit_bias' names token "
                  + token
                  + ", but the model's token ids are in [0, "
                  + tokens.vocabSize()
                  + ")");
        }
      }
    }
  }

  // ---- completions ----

  private void completions(Context ctx) throws Exception {
    JsonNode request = OpenAiServer.body(ctx);
    RequestFields.check(request, RequestFields.COMPLETIONS);
    String id = OpenAiWire.model(request);
    LanguageModel model = server.model(id);
    List<OpenAiWire.Prompt> prompts = OpenAiWire.prompts(request);
    Sampling sampling = OpenAiWire.sampling(request, false);
    boolean echo = OpenAiWire.echo(request);
    int maxTokens = OpenAiWire.maxTokens(request);
    if (maxTokens == 0 && !echo) {
      throw ApiError.badRequest("max_tokens", "'max_tokens' may be 0 only with 'echo': true");
    }
    JsonNode bestOf = request.get("best_of");
    if (bestOf != null && !bestOf.isNull() && bestOf.asInt(-1) != sampling.n()) {
      throw ApiError.badRequest(
          "best_of", "'best_of' other than n is not implemented (got " + bestOf + ")");
    }
    for (OpenAiWire.Prompt p : prompts) {
      if (p.isTokens() && !(model instanceof TokenLevelModel)) {
        throw ApiError.badRequest(
            "prompt", "the model '" + id + "' takes prompts as text, not token ids");
      }
      if (!p.isTokens()) {
        model.checkPromptBytes(p.text().getBytes(StandardCharsets.UTF_8).length);
      }
    }
    checkLogitBias(model, sampling);
    String replyId = "cmpl-" + UUID.randomUUID();
    long created = Instant.now().getEpochSecond();
    Completer completer = new Completer(model, sampling, echo, maxTokens);
    if (!OpenAiWire.stream(request)) {
      Generation g = server.withPermit(id, () -> completer.all(prompts, d -> {}));
      OpenAiServer.json(
          ctx,
          OpenAiWire.completionResponse(
              replyId, id, created, g.completions(), sampling.logprobs(), g.usage()));
      return;
    }
    OpenAiChunks.Header header =
        new OpenAiChunks.Header(replyId, id, created, false, OpenAiWire.includeUsage(request));
    EventStream events = new EventStream(ctx);
    Map<Integer, Integer> offsets = new HashMap<>();
    streamed(
        ctx,
        events,
        () -> {
          Consumer<TextDelta> sink =
              delta -> {
                int offset = offsets.getOrDefault(delta.index(), 0);
                events.send(OpenAiChunks.piece(header, delta, sampling.logprobs(), offset));
                for (TokenLogprob t : delta.logprobs()) {
                  offset += t.token().codePointCount(0, t.token().length());
                }
                offsets.put(delta.index(), offset);
              };
          Generation g = server.withPermit(id, () -> completer.all(prompts, sink));
          finish(events, header, g.completions(), g.usage());
        });
  }

  /** The completions of one request, prompt by prompt. */
  private record Completer(LanguageModel model, Sampling sampling, boolean echo, int maxTokens) {

    /** Every prompt's n choices, numbered prompt-major; usage summed (null if any is unknown). */
    Generation all(List<OpenAiWire.Prompt> prompts, Consumer<TextDelta> sink) {
      List<Completion> choices = new ArrayList<>();
      Usage total = new Usage(0, 0);
      for (int p = 0; p < prompts.size(); p++) {
        int first = p * sampling.n();
        Generation g =
            one(
                prompts.get(p),
                d -> sink.accept(new TextDelta(first + d.index(), d.text(), d.logprobs())));
        for (Completion c : g.completions()) {
          choices.add(new Completion(first + c.index(), c.text(), c.finishReason(), c.logprobs()));
        }
        total =
            total == null || g.usage() == null
                ? null
                : new Usage(
                    total.promptTokens() + g.usage().promptTokens(),
                    total.completionTokens() + g.usage().completionTokens());
      }
      return new Generation(choices, total);
    }

    /**
     * One prompt's choices. With echo, each choice starts with the prompt and, with logprobs, its
     * tokens: the first has no context, so null log-probability and alternatives, as the API gives
     * it; each later one its log-probability given the tokens before it and its alternatives. The
     * echoed part goes to the sink before the choice's first generated piece.
     */
    private Generation one(OpenAiWire.Prompt prompt, Consumer<TextDelta> sink) {
      if (model instanceof TokenLevelModel tokens) {
        int[] ids = prompt.isTokens() ? prompt.tokens() : tokens.encode(prompt.text());
        String text = prompt.isTokens() ? tokens.decode(ids) : prompt.text();
        List<TokenLogprob> echoed =
            echo && sampling.logprobs()
                ? tokens.sequenceLogprobs(ids, sampling.topLogprobs())
                : List.of();
        if (echo && maxTokens == 0) {
          return echoOnly(text, echoed, ids.length, sink);
        }
        Echo prefix = new Echo(echo, text, echoed, sink);
        return prefix.apply(tokens.completeTokensStreaming(ids, sampling, prefix));
      }
      String text = prompt.text();
      List<TokenLogprob> echoed = echo && sampling.logprobs() ? scoredText(model, text) : List.of();
      if (echo && maxTokens == 0) {
        return echoOnly(text, echoed, -1, sink);
      }
      Echo prefix = new Echo(echo, text, echoed, sink);
      return prefix.apply(model.completeStreaming(text, sampling, prefix));
    }

    /** max_tokens 0: each choice is the echoed prompt alone (pure scoring). */
    private Generation echoOnly(
        String text, List<TokenLogprob> echoed, int promptTokens, Consumer<TextDelta> sink) {
      List<Completion> choices = new ArrayList<>();
      for (int i = 0; i < sampling.n(); i++) {
        sink.accept(new TextDelta(i, text, echoed));
        choices.add(new Completion(i, text, "length", echoed));
      }
      return new Generation(choices, promptTokens < 0 ? null : new Usage(promptTokens, 0));
    }
  }

  /**
   * Puts the echoed prompt before each choice: in the stream, as the choice's first piece (sent
   * just before its first generated piece, or at the end for a choice that generated nothing); in
   * the result, before each choice's text and log-probabilities.
   */
  private static final class Echo implements Consumer<TextDelta> {
    private final boolean echo;
    private final String text;
    private final List<TokenLogprob> logprobs;
    private final Consumer<TextDelta> sink;
    private final Set<Integer> sent = new HashSet<>();

    Echo(boolean echo, String text, List<TokenLogprob> logprobs, Consumer<TextDelta> sink) {
      this.echo = echo;
      this.text = text;
      this.logprobs = logprobs;
      this.sink = sink;
    }

    @Override
    public void accept(TextDelta delta) {
      sendEcho(delta.index());
      sink.accept(delta);
    }

    private void sendEcho(int index) {
      if (echo && sent.add(index)) {
        sink.accept(new TextDelta(index, text, logprobs));
      }
    }

    Generation apply(Generation g) {
      if (!echo) {
        return g;
      }
      List<Completion> choices = new ArrayList<>();
      for (Completion c : g.completions()) {
        sendEcho(c.index());
        List<TokenLogprob> tokens = new ArrayList<>(logprobs);
        tokens.addAll(c.logprobs());
        choices.add(new Completion(c.index(), text + c.text(), c.finishReason(), tokens));
      }
      return new Generation(choices, g.usage());
    }
  }

  /**
   * The echoed tokens of a model that takes text only, from its scores: every token after the first
   * given the text before it, as {@code score(prompt, continuation)} does in process; the first
   * without a log-probability (NaN) and no model gives alternatives this way.
   */
  private static List<TokenLogprob> scoredText(LanguageModel model, String prompt) {
    List<TokenLogprob> tokens = new ArrayList<>();
    if (prompt.isEmpty()) {
      return tokens;
    }
    ContinuationScore whole = model.score("", List.of(prompt)).get(0);
    String first = whole.tokens().get(0);
    tokens.add(new TokenLogprob(first, Double.NaN, null));
    if (whole.tokens().size() > 1 && prompt.startsWith(first)) {
      ContinuationScore rest = model.score(first, List.of(prompt.substring(first.length()))).get(0);
      for (int i = 0; i < rest.tokens().size(); i++) {
        tokens.add(new TokenLogprob(rest.tokens().get(i), rest.tokenLogprobs()[i], null));
      }
    } else {
      for (int i = 1; i < whole.tokens().size(); i++) {
        tokens.add(new TokenLogprob(whole.tokens().get(i), whole.tokenLogprobs()[i], null));
      }
    }
    return tokens;
  }
}
