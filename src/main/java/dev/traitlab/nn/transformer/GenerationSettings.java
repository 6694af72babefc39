package dev.traitlab.nn.transformer;

import java.util.Set;

/**
 * Sampling parameters. Temperature 0 is greedy. Row i of a batch draws from its own random stream
 * derived from (seed, i), so a row's sample does not depend on the other rows. {@code stopTokenIds}
 * end a row (the stop token is not returned); {@code stopCondition}, {@code hook} and {@code
 * listener} may be null. {@code controls} change the logits before each draw ({@link
 * LogitControls}).
 */
public record GenerationSettings(
    int maxTokens,
    double temperature,
    double topP,
    long seed,
    Set<Integer> stopTokenIds,
    int topLogprobs,
    StopCondition stopCondition,
    ActivationHook hook,
    LogitControls controls,
    TokenListener listener) {

  public GenerationSettings {
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
    }
    if (!(temperature >= 0)) {
      throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
    }
    if (topLogprobs < 0) {
      throw new IllegalArgumentException("topLogprobs must be >= 0, got " + topLogprobs);
    }
    stopTokenIds = Set.copyOf(stopTokenIds);
    controls = controls == null ? LogitControls.NONE : controls;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Defaults: 64 tokens, temperature 1, top-p 1, seed 0, no stop, no top logprobs, no logit
   * controls, no listener.
   */
  public static final class Builder {
    private int maxTokens = 64;
    private double temperature = 1;
    private double topP = 1;
    private long seed;
    private Set<Integer> stopTokenIds = Set.of();
    private int topLogprobs;
    private StopCondition stopCondition;
    private ActivationHook hook;
    private LogitControls controls = LogitControls.NONE;
    private TokenListener listener;

    public Builder optMaxTokens(int v) {
      maxTokens = v;
      return this;
    }

    public Builder optTemperature(double v) {
      temperature = v;
      return this;
    }

    public Builder optTopP(double v) {
      topP = v;
      return this;
    }

    public Builder optSeed(long v) {
      seed = v;
      return this;
    }

    public Builder optStopTokenIds(Set<Integer> v) {
      stopTokenIds = v;
      return this;
    }

    public Builder optTopLogprobs(int v) {
      topLogprobs = v;
      return this;
    }

    public Builder optStopCondition(StopCondition v) {
      stopCondition = v;
      return this;
    }

    public Builder optHook(ActivationHook v) {
      hook = v;
      return this;
    }

    public Builder optControls(LogitControls v) {
      controls = v;
      return this;
    }

    public Builder optListener(TokenListener v) {
      listener = v;
      return this;
    }

    public GenerationSettings build() {
      return new GenerationSettings(
          maxTokens,
          temperature,
          topP,
          seed,
          stopTokenIds,
          topLogprobs,
          stopCondition,
          hook,
          controls,
          listener);
    }
  }
}
