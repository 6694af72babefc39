package dev.traitlab.model.embedded;

import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Activations;
import dev.traitlab.model.Completion;
import dev.traitlab.model.ContextLengthExceededException;
import dev.traitlab.model.ContinuationScore;
import dev.traitlab.model.Generation;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.ScoreRequest;
import dev.traitlab.model.TextDelta;
import dev.traitlab.model.TokenLevelModel;
import dev.traitlab.model.TokenLogprob;
import dev.traitlab.model.Usage;
import dev.traitlab.nn.transformer.ActivationHook;
import dev.traitlab.nn.transformer.GeneratedSequence;
import dev.traitlab.nn.transformer.GenerationSettings;
import dev.traitlab.nn.transformer.SequenceLogprobs;
import dev.traitlab.nn.transformer.Steering;
import dev.traitlab.nn.transformer.StopCondition;
import dev.traitlab.nn.transformer.TokenListener;
import dev.traitlab.nn.transformer.TransformerModel;
import dev.traitlab.text.ChatTemplate;
import dev.traitlab.text.SpecialTokens;
import dev.traitlab.text.Tokenizer;
import dev.traitlab.text.TokenizerFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A language model that runs in-process: a traitlab transformer with its HF tokenizer, stored as
 * one Hugging Face model directory. Chat goes through the ChatML template; generation ends at
 * {@code <|im_end|>} or {@code <|endoftext|>}, at a stop string (cut from the text, as OpenAI
 * does), or at max tokens. Sample i of a call draws from a stream seeded by (seed, i). Streaming
 * calls hand out each token's text as it is sampled ({@link StreamedSample}) and give the same
 * samples as the plain ones.
 *
 * <p>Its activations can be read and steered ({@link Activations}); a steered view shares the
 * weights and adds its steering hook to every pass.
 */
public final class EmbeddedModel implements TokenLevelModel, Activations {
  private final String name;
  private final TransformerModel transformer;
  private final Tokenizer tokenizer;
  private final Set<Integer> stopIds;
  // Steering applied in every pass (null: none), and whether close() frees the weights: a steered
  // view borrows them from the model it was made from.
  private final ActivationHook hook;
  private final boolean owner;

  public EmbeddedModel(String name, TransformerModel transformer, Tokenizer tokenizer) {
    this(name, transformer, tokenizer, null, true);
  }

  private EmbeddedModel(
      String name,
      TransformerModel transformer,
      Tokenizer tokenizer,
      ActivationHook hook,
      boolean owner) {
    this.name = name;
    this.transformer = transformer;
    this.tokenizer = tokenizer;
    this.hook = hook;
    this.owner = owner;
    this.stopIds =
        Set.of(tokenizer.id(SpecialTokens.IM_END), tokenizer.id(SpecialTokens.END_OF_TEXT));
    if (tokenizer.vocabSize() > transformer.config().vocabSize()) {
      throw new TraitlabException(
          "model "
              + name
              + ": tokenizer has "
              + tokenizer.vocabSize()
              + " tokens but the model only "
              + transformer.config().vocabSize());
    }
  }

  /** Loads a model directory (config.json, model.safetensors, tokenizer.json). */
  public static EmbeddedModel load(Path dir, String name) {
    if (!ModelStore.isComplete(dir)) {
      throw new TraitlabException(
          "no complete model at "
              + dir
              + " (needs config.json, model.safetensors and tokenizer.json)");
    }
    Tokenizer tokenizer = Tokenizer.load(dir);
    try {
      return new EmbeddedModel(name, TransformerModel.load(dir), tokenizer);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /** Writes the model as a Hugging Face directory, tokenizer files included. */
  public void save(Path dir) {
    transformer.save(dir);
    try {
      Path from = tokenizer.file().getParent();
      for (String f :
          List.of(TokenizerFiles.TOKENIZER_JSON, TokenizerFiles.TOKENIZER_CONFIG_JSON)) {
        Path source = from.resolve(f);
        if (Files.exists(source) && !Files.isSameFile(from, dir)) {
          Files.copy(source, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new TraitlabException("cannot write tokenizer to " + dir + ": " + e.getMessage());
    }
  }

  @Override
  public String name() {
    return name;
  }

  public TransformerModel transformer() {
    return transformer;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  public List<Completion> chat(List<ChatMessage> messages, Sampling sampling) {
    return chatBatch(List.of(messages), sampling).get(0);
  }

  @Override
  public Generation chatStreaming(
      List<ChatMessage> messages, Sampling sampling, Consumer<TextDelta> sink) {
    return sampleOne(ChatTemplate.encodePrompt(tokenizer, messages), sampling, sink);
  }

  /**
   * n samples for each of several conversations in one batched pass. Row r of the batch
   * (conversation r / n, sample r % n) draws from the stream seeded by (seed, r); a batch of one
   * conversation is exactly {@link #chat}.
   */
  @Override
  public List<List<Completion>> chatBatch(
      List<List<ChatMessage>> conversations, Sampling sampling) {
    List<int[]> prompts = new ArrayList<>();
    for (List<ChatMessage> messages : conversations) {
      prompts.add(ChatTemplate.encodePrompt(tokenizer, messages));
    }
    return sample(prompts, sampling, null).completions();
  }

  /**
   * {@link #chatBatch} with the start of every answer given: each prompt is the chat template's ids
   * followed by {@code prefix}'s ids (encoded on its own, as training encodes an answer's text),
   * and each completion holds only what the model wrote after it. A reasoning model's {@code
   * <think>} prefill switches its trace on this way.
   */
  public List<List<Completion>> chatBatchPrefilled(
      List<List<ChatMessage>> conversations, String prefix, Sampling sampling) {
    int[] pre = tokenizer.encode(prefix);
    List<int[]> prompts = new ArrayList<>();
    for (List<ChatMessage> messages : conversations) {
      int[] p = ChatTemplate.encodePrompt(tokenizer, messages);
      int[] both = Arrays.copyOf(p, p.length + pre.length);
      System.arraycopy(pre, 0, both, p.length, pre.length);
      prompts.add(both);
    }
    return sample(prompts, sampling, null).completions();
  }

  @Override
  public List<Completion> complete(String prompt, Sampling sampling) {
    return sample(List.of(tokenizer.encode(prompt)), sampling, null).completions().get(0);
  }

  @Override
  public Generation completeStreaming(String prompt, Sampling sampling, Consumer<TextDelta> sink) {
    return sampleOne(tokenizer.encode(prompt), sampling, sink);
  }

  @Override
  public Generation completeTokensStreaming(
      int[] prompt, Sampling sampling, Consumer<TextDelta> sink) {
    int vocab = vocabSize();
    for (int i = 0; i < prompt.length; i++) {
      if (prompt[i] < 0 || prompt[i] >= vocab) {
        throw new IllegalArgumentException(
            "model "
                + name
                + ": prompt token "
                + i
                + " is "
                + prompt[i]
                + ", not in [0, "
                + vocab
                + ")");
      }
    }
    return sampleOne(prompt, sampling, sink);
  }

  @Override
  public int[] encode(String text) {
    return tokenizer.encode(text);
  }

  @Override
  public int[] encodeChatPrompt(List<ChatMessage> messages) {
    return ChatTemplate.encodePrompt(tokenizer, messages);
  }

  @Override
  public String decode(int[] tokens) {
    return decodeText(tokens);
  }

  @Override
  public int vocabSize() {
    return tokenizer.vocabSize();
  }

  @Override
  public List<TokenLogprob> sequenceLogprobs(int[] tokens, int topLogprobs) {
    if (tokens.length == 0) {
      return List.of();
    }
    int limit = transformer.config().maxPositionEmbeddings();
    if (tokens.length > limit) {
      throw new ContextLengthExceededException(
          "model " + name + ": " + tokens.length + " tokens do not fit its " + limit);
    }
    SequenceLogprobs lp = transformer.sequenceLogprobs(tokens, topLogprobs, hook);
    List<TokenLogprob> out = new ArrayList<>(tokens.length);
    for (int p = 0; p < tokens.length; p++) {
      out.add(tokenLogprob(tokens[p], lp.logprobs()[p], lp.topTokens()[p], lp.topLogprobs()[p]));
    }
    return out;
  }

  private Generation sampleOne(int[] prompt, Sampling sampling, Consumer<TextDelta> sink) {
    Sampled sampled = sample(List.of(prompt), sampling, sink);
    return new Generation(sampled.completions().get(0), sampled.usage());
  }

  /** The samples of each prompt and the tokens used (each prompt once, every sample). */
  private record Sampled(List<List<Completion>> completions, Usage usage) {}

  /**
   * Samples n completions of each prompt in one batch. With a sink (one prompt only), each sample's
   * text goes to it as its tokens are sampled.
   */
  private Sampled sample(List<int[]> prompts, Sampling sampling, Consumer<TextDelta> sink) {
    int limit = transformer.config().maxPositionEmbeddings();
    int longest = 0;
    int promptTokens = 0;
    List<int[]> rows = new ArrayList<>();
    int[] dropped = new int[prompts.size()];
    for (int p = 0; p < prompts.size(); p++) {
      int[] prompt = prompts.get(p);
      if (prompt.length == 0) {
        prompt = new int[] {tokenizer.id(SpecialTokens.END_OF_TEXT)};
      }
      // lm-evaluation-harness's generate_until: the last (max_length - max_gen_toks) tokens of
      // the context, so that the whole answer fits; at least one token to condition on.
      int keep = Math.max(1, limit - sampling.maxTokens());
      if (sampling.truncateLeft() && prompt.length > keep) {
        dropped[p] = prompt.length - keep;
        prompt = Arrays.copyOfRange(prompt, dropped[p], prompt.length);
      }
      longest = Math.max(longest, prompt.length);
      promptTokens += prompt.length;
      rows.addAll(Collections.nCopies(sampling.n(), prompt));
    }
    if (longest >= limit) {
      throw new ContextLengthExceededException(
          "model " + name + ": prompt of " + longest + " tokens does not fit its " + limit);
    }
    for (int id : sampling.controls().logitBias().keySet()) {
      if (id < 0 || id >= vocabSize()) {
        throw new IllegalArgumentException(
            "model "
                + name
                + ": logit bias names token "
                + id
                + ", not in [0, "
                + vocabSize()
                + ")");
      }
    }
    List<String> stops = sampling.stop();
    StopCondition stopCondition =
        stops.isEmpty() ? null : (row, generated) -> firstStop(decodeText(generated), stops) >= 0;
    List<StreamedSample> streams = new ArrayList<>();
    TokenListener listener = null;
    if (sink != null) {
      for (int i = 0; i < sampling.n(); i++) {
        streams.add(new StreamedSample(i, tokenizer::decodeBytes, stops, sink));
      }
      listener =
          (row, token, lp, top, topLp) ->
              streams
                  .get(row)
                  .add(token, sampling.logprobs() ? tokenLogprob(token, lp, top, topLp) : null);
    }
    GenerationSettings settings =
        GenerationSettings.builder()
            .optMaxTokens(Math.min(sampling.maxTokens(), limit - longest))
            .optTemperature(sampling.temperature())
            .optTopP(sampling.topP())
            .optSeed(sampling.seed())
            .optStopTokenIds(stopIds)
            .optTopLogprobs(sampling.logprobs() ? sampling.topLogprobs() : 0)
            .optStopCondition(stopCondition)
            .optHook(hook)
            .optControls(sampling.controls())
            .optListener(listener)
            .build();
    List<GeneratedSequence> generated = transformer.generate(rows, settings);
    List<List<Completion>> out = new ArrayList<>();
    int completionTokens = 0;
    for (int p = 0; p < prompts.size(); p++) {
      List<Completion> samples = new ArrayList<>(sampling.n());
      for (int i = 0; i < sampling.n(); i++) {
        GeneratedSequence g = generated.get(p * sampling.n() + i);
        completionTokens += g.tokens().length;
        Completion c = completion(i, g, sampling, dropped[p]);
        if (sink != null) {
          streams.get(i).finish(c);
        }
        samples.add(c);
      }
      out.add(samples);
    }
    return new Sampled(out, new Usage(promptTokens, completionTokens));
  }

  private Completion completion(
      int index, GeneratedSequence g, Sampling sampling, int truncatedTokens) {
    String text = tokenizer.decode(g.tokens());
    String finish = g.finishReason();
    int cut = firstStop(text, sampling.stop());
    if (cut >= 0) {
      text = text.substring(0, cut);
      finish = "stop";
    }
    List<TokenLogprob> logprobs = List.of();
    if (sampling.logprobs()) {
      logprobs = new ArrayList<>(g.tokens().length);
      for (int t = 0; t < g.tokens().length; t++) {
        boolean hasTop = g.topTokens() != null && t < g.topTokens().length;
        logprobs.add(
            tokenLogprob(
                g.tokens()[t],
                g.logprobs()[t],
                hasTop ? g.topTokens()[t] : new int[0],
                hasTop ? g.topLogprobs()[t] : new float[0]));
      }
    }
    return new Completion(index, text, finish, logprobs, truncatedTokens);
  }

  /** A token's text and log-probability (NaN stays NaN) with its decoded alternatives. */
  private TokenLogprob tokenLogprob(int token, float logprob, int[] top, float[] topLogprobs) {
    List<TokenLogprob> alternatives = new ArrayList<>(top.length);
    for (int k = 0; k < top.length; k++) {
      alternatives.add(new TokenLogprob(decodeText(new int[] {top[k]}), topLogprobs[k], null));
    }
    return new TokenLogprob(decodeText(new int[] {token}), logprob, alternatives);
  }

  private String decodeText(int[] ids) {
    return new String(tokenizer.decodeBytes(ids), StandardCharsets.UTF_8);
  }

  /** Where the first stop string starts in the text, or -1. */
  static int firstStop(String text, List<String> stops) {
    int first = -1;
    for (String s : stops) {
      int at = s.isEmpty() ? -1 : text.indexOf(s);
      if (at >= 0 && (first < 0 || at < first)) {
        first = at;
      }
    }
    return first;
  }

  /**
   * No token stands for more bytes than the tokenizer's longest, so a prompt of more bytes than the
   * context times that has more tokens than the context.
   */
  @Override
  public void checkPromptBytes(long utf8Bytes) {
    int limit = transformer.config().maxPositionEmbeddings();
    if (utf8Bytes > (long) limit * tokenizer.maxTokenBytes()) {
      throw new ContextLengthExceededException(
          String.format(
              java.util.Locale.ROOT,
              "model %s: a prompt of %,d bytes cannot fit its context of %,d tokens (a token"
                  + " holds at most %d bytes)",
              name,
              utf8Bytes,
              limit,
              tokenizer.maxTokenBytes()));
    }
  }

  /**
   * Log-probabilities of each answer (tokenized on its own) as the assistant's reply to the
   * conversation: the prompt is the chat template's ids ending in the assistant header.
   */
  public List<ContinuationScore> scoreReplies(
      List<ChatMessage> conversation, List<String> answers) {
    int[] prompt = ChatTemplate.encodePrompt(tokenizer, conversation);
    int limit = transformer.config().maxPositionEmbeddings();
    List<int[]> prompts = new ArrayList<>();
    List<int[]> conts = new ArrayList<>();
    for (String a : answers) {
      int[] ids = tokenizer.encode(a);
      if (prompt.length + ids.length > limit) {
        throw new ContextLengthExceededException(
            "model "
                + name
                + ": conversation and answer of "
                + (prompt.length + ids.length)
                + " tokens do not fit its "
                + limit);
      }
      prompts.add(prompt);
      conts.add(ids);
    }
    List<float[]> lps =
        conts.isEmpty() ? List.of() : transformer.scoreContinuations(prompts, conts, hook);
    List<ContinuationScore> out = new ArrayList<>(answers.size());
    for (int i = 0; i < answers.size(); i++) {
      out.add(new ContinuationScore(tokenTexts(conts.get(i)), toDoubles(lps.get(i))));
    }
    return out;
  }

  /**
   * Log-probabilities of each continuation (tokenized on its own) after the raw prompt. Both are
   * text: special-token text in them is scored as text, never as control tokens.
   */
  @Override
  public List<ContinuationScore> score(String prompt, List<String> continuations) {
    return scoreBatch(List.of(new ScoreRequest(prompt, continuations))).get(0);
  }

  /**
   * Scores every request's continuations together, each prompt and continuation tokenized on its
   * own as in {@link #score}. What they share is computed once: the prefix common to all prompts (a
   * few-shot primer), each distinct prompt, then the continuations against both (see {@link
   * TransformerModel#scoreContinuations}), so a batch equals one prompt at a time up to float
   * rounding.
   */
  @Override
  public List<List<ContinuationScore>> scoreBatch(List<ScoreRequest> requests) {
    List<int[]> prompts = new ArrayList<>();
    List<int[]> conts = new ArrayList<>();
    List<Integer> dropped = new ArrayList<>();
    int limit = transformer.config().maxPositionEmbeddings();
    for (ScoreRequest request : requests) {
      int[] promptIds = tokenizer.encode(request.prompt());
      if (promptIds.length == 0) {
        promptIds = new int[] {tokenizer.id(SpecialTokens.END_OF_TEXT)};
      }
      for (String c : request.continuations()) {
        int[] ids = tokenizer.encode(c);
        int[] prompt = promptIds;
        if (request.truncateLeft()) {
          // lm-evaluation-harness's window: the last limit + 1 tokens of prompt + continuation,
          // of which the model reads all but the last (a continuation's last token is only
          // predicted). At least one prompt token is kept to predict the first continuation token.
          int keep = Math.min(prompt.length, limit + 1 - ids.length);
          if (keep < 1) {
            throw new ContextLengthExceededException(
                "model "
                    + name
                    + ": a continuation of "
                    + ids.length
                    + " tokens does not fit its context of "
                    + limit
                    + " after one prompt token");
          }
          prompt = Arrays.copyOfRange(prompt, prompt.length - keep, prompt.length);
        } else if (prompt.length + ids.length > limit) {
          // A user-facing error like sample()'s, so that callers can skip this prompt.
          throw new ContextLengthExceededException(
              "model "
                  + name
                  + ": prompt and continuation of "
                  + (prompt.length + ids.length)
                  + " tokens do not fit its "
                  + limit);
        }
        prompts.add(prompt);
        conts.add(ids);
        dropped.add(promptIds.length - prompt.length);
      }
    }
    List<float[]> lps =
        conts.isEmpty() ? List.of() : transformer.scoreContinuations(prompts, conts, hook);
    List<List<ContinuationScore>> out = new ArrayList<>(requests.size());
    int row = 0;
    for (ScoreRequest request : requests) {
      List<ContinuationScore> scores = new ArrayList<>(request.continuations().size());
      for (int i = 0; i < request.continuations().size(); i++, row++) {
        scores.add(
            new ContinuationScore(
                tokenTexts(conts.get(row)), toDoubles(lps.get(row)), dropped.get(row)));
      }
      out.add(scores);
    }
    return out;
  }

  private List<String> tokenTexts(int[] ids) {
    List<String> tokens = new ArrayList<>(ids.length);
    for (int id : ids) {
      tokens.add(decodeText(new int[] {id}));
    }
    return tokens;
  }

  private static double[] toDoubles(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  // ---------------------------------------------------------------- activations

  @Override
  public List<String> points() {
    List<String> points = new ArrayList<>();
    points.add(ActivationHook.embed());
    for (int i = 0; i < transformer.config().numHiddenLayers(); i++) {
      points.add(ActivationHook.attnOut(i));
      points.add(ActivationHook.mlpOut(i));
      points.add(ActivationHook.residPost(i));
    }
    return points;
  }

  @Override
  public int hiddenSize() {
    return transformer.config().hiddenSize();
  }

  @Override
  public List<Captured> capture(List<String> texts, Set<String> points) {
    List<int[]> sequences = new ArrayList<>(texts.size());
    for (String text : texts) {
      sequences.add(tokenizer.encode(text));
    }
    return captureTokens(sequences, points);
  }

  @Override
  public List<Captured> captureChats(List<List<ChatMessage>> conversations, Set<String> points) {
    List<int[]> sequences = new ArrayList<>(conversations.size());
    for (List<ChatMessage> c : conversations) {
      boolean answered = !c.isEmpty() && c.getLast().role().equals("assistant");
      sequences.add(ChatTemplate.encode(tokenizer, c, !answered));
    }
    return captureTokens(sequences, points);
  }

  private List<Captured> captureTokens(List<int[]> sequences, Set<String> points) {
    checkPoints(points);
    Map<String, float[][][]> all = transformer.activations(sequences, points, hook);
    List<Captured> out = new ArrayList<>(sequences.size());
    for (int r = 0; r < sequences.size(); r++) {
      Map<String, float[][]> at = new LinkedHashMap<>();
      for (Map.Entry<String, float[][][]> e : all.entrySet()) {
        at.put(e.getKey(), e.getValue()[r]);
      }
      out.add(new Captured(tokenTexts(sequences.get(r)), at));
    }
    return out;
  }

  @Override
  public EmbeddedModel steered(String point, float[] vector, double scale) {
    checkPoints(Set.of(point));
    if (vector.length != hiddenSize()) {
      throw new IllegalArgumentException(
          "steering vector for "
              + point
              + " has "
              + vector.length
              + " values, the hidden size of "
              + name
              + " is "
              + hiddenSize());
    }
    return new EmbeddedModel(
        name + " steered at " + point,
        transformer,
        tokenizer,
        ActivationHook.chain(hook, new Steering(point, vector, (float) scale)),
        false);
  }

  private void checkPoints(Set<String> points) {
    List<String> known = points();
    for (String p : points) {
      if (!known.contains(p)) {
        throw new IllegalArgumentException(
            "model " + name + " has no activation point '" + p + "' (it has " + known + ")");
      }
    }
  }

  @Override
  public void close() {
    if (owner) {
      transformer.close();
      tokenizer.close();
    }
  }
}
