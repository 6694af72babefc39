package dev.traitlab.model;

import dev.traitlab.nn.transformer.LogitControls;
import java.util.List;
import java.util.Map;

/**
 * Sampling parameters of a chat or completion call, with OpenAI's meanings. {@code seed} is the
 * base seed; sample i of a call uses a seed derived from (seed, i) so that n samples are
 * reproducible one by one. {@code controls} are the logit controls OpenAI-compatible servers
 * commonly take (logit bias, presence and frequency penalties, top-k, min-p, repetition penalty;
 * see {@link LogitControls}); a backend that cannot apply one that is set refuses the call ({@link
 * UnsupportedOperationException}) instead of ignoring it.
 *
 * @param truncateLeft when the prompt leaves less than {@code maxTokens} of the model's context for
 *     the answer, keep only its last (context - maxTokens) tokens (at least one), as
 *     lm-evaluation-harness's {@code generate_until} does, instead of refusing or shortening the
 *     answer; each completion says how many went ({@link Completion#truncatedTokens}). Only
 *     backends that see tokens can do this (the embedded model); an API model's server refuses a
 *     prompt longer than its context ({@link ContextLengthExceededException}), as without the flag.
 */
public record Sampling(
    int n,
    double temperature,
    double topP,
    int maxTokens,
    List<String> stop,
    long seed,
    boolean logprobs,
    int topLogprobs,
    LogitControls controls,
    boolean truncateLeft) {

  public Sampling {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    if (temperature < 0) {
      throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
    }
    if (topP <= 0 || topP > 1) {
      throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max_tokens must be >= 1, got " + maxTokens);
    }
    if (topLogprobs < 0 || topLogprobs > 20) {
      throw new IllegalArgumentException("top_logprobs must be in [0, 20], got " + topLogprobs);
    }
    stop = List.copyOf(stop);
    controls = controls == null ? LogitControls.NONE : controls;
  }

  /** Whether any logit control is set. */
  public boolean hasControls() {
    return !controls.equals(LogitControls.NONE);
  }

  /** The same sampling with another seed. */
  public Sampling withSeed(long newSeed) {
    return with(newSeed, logprobs, topLogprobs);
  }

  /** The same sampling without per-token log-probabilities. */
  public Sampling withoutLogprobs() {
    return with(seed, false, 0);
  }

  private Sampling with(long newSeed, boolean newLogprobs, int newTopLogprobs) {
    return new Sampling(
        n,
        temperature,
        topP,
        maxTokens,
        stop,
        newSeed,
        newLogprobs,
        newTopLogprobs,
        controls,
        truncateLeft);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builder with OpenAI's defaults: n 1, temperature 1, top_p 1, 256 tokens, seed 0, no logit
   * controls.
   */
  public static final class Builder {
    private int n = 1;
    private double temperature = 1.0;
    private double topP = 1.0;
    private int maxTokens = 256;
    private List<String> stop = List.of();
    private long seed = 0;
    private boolean logprobs = false;
    private int topLogprobs = 0;
    private Map<Integer, Double> logitBias = Map.of();
    private double presencePenalty;
    private double frequencyPenalty;
    private double repetitionPenalty = 1;
    private int topK;
    private double minP;
    private boolean truncateLeft;

    public Builder optN(int n) {
      this.n = n;
      return this;
    }

    public Builder optTemperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    public Builder optTopP(double topP) {
      this.topP = topP;
      return this;
    }

    public Builder optMaxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    public Builder optStop(List<String> stop) {
      this.stop = stop;
      return this;
    }

    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder optLogprobs(boolean logprobs, int topLogprobs) {
      this.logprobs = logprobs;
      this.topLogprobs = topLogprobs;
      return this;
    }

    /** Added to the logits of these token ids (in [-100, 100] on OpenAI's API). */
    public Builder optLogitBias(Map<Integer, Double> logitBias) {
      this.logitBias = logitBias;
      return this;
    }

    /** Subtracted once from the logit of every token generated so far. */
    public Builder optPresencePenalty(double presencePenalty) {
      this.presencePenalty = presencePenalty;
      return this;
    }

    /** Subtracted from a token's logit once per time it was generated so far. */
    public Builder optFrequencyPenalty(double frequencyPenalty) {
      this.frequencyPenalty = frequencyPenalty;
      return this;
    }

    /** CTRL's penalty on tokens seen in the prompt or generated (1: none). */
    public Builder optRepetitionPenalty(double repetitionPenalty) {
      this.repetitionPenalty = repetitionPenalty;
      return this;
    }

    /** Draw among the k most likely tokens only (0: all). */
    public Builder optTopK(int topK) {
      this.topK = topK;
      return this;
    }

    /** Draw among tokens at least minP times as likely as the most likely one (0: all). */
    public Builder optMinP(double minP) {
      this.minP = minP;
      return this;
    }

    /** Cut an over-long prompt from the left instead of refusing it ({@link #truncateLeft}). */
    public Builder optTruncateLeft(boolean truncateLeft) {
      this.truncateLeft = truncateLeft;
      return this;
    }

    public Sampling build() {
      return new Sampling(
          n,
          temperature,
          topP,
          maxTokens,
          stop,
          seed,
          logprobs,
          topLogprobs,
          new LogitControls(
              logitBias, presencePenalty, frequencyPenalty, repetitionPenalty, topK, minP),
          truncateLeft);
    }
  }
}
