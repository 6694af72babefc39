package dev.traitlab.nn.transformer;

import java.util.Map;

/**
 * What changes a row of logits before a token is drawn, beyond temperature and top-p, in the order
 * vLLM and Hugging Face transformers apply it:
 *
 * <ol>
 *   <li>{@code logitBias}: added to the logit of each listed token id (OpenAI's {@code logit_bias};
 *       -100 all but bans a token, +100 all but forces it);
 *   <li>{@code repetitionPenalty} r (CTRL, Keskar et al. 2019, as transformers'
 *       RepetitionPenaltyLogitsProcessor and vLLM): the logit l of every token seen in the prompt
 *       or generated so far becomes l / r when l > 0 and l * r otherwise; 1 leaves it;
 *   <li>{@code presencePenalty} and {@code frequencyPenalty} (OpenAI): l - presence * [c > 0] -
 *       frequency * c, where c counts the token among the tokens generated so far (not the prompt);
 *   <li>after temperature: {@code topK} keeps the k largest (0: all), then top-p, then {@code minP}
 *       (Nguyen et al. 2024) keeps the tokens whose probability is at least minP times the largest
 *       (0: all).
 * </ol>
 *
 * Log-probabilities reported with a sample stay those of the unmodified distribution.
 */
public record LogitControls(
    Map<Integer, Double> logitBias,
    double presencePenalty,
    double frequencyPenalty,
    double repetitionPenalty,
    int topK,
    double minP) {

  /** No change: no bias, no penalties, every token kept. */
  public static final LogitControls NONE = new LogitControls(Map.of(), 0, 0, 1, 0, 0);

  public LogitControls {
    logitBias = Map.copyOf(logitBias);
    for (Map.Entry<Integer, Double> bias : logitBias.entrySet()) {
      if (!Double.isFinite(bias.getValue())) {
        throw new IllegalArgumentException(
            "logit bias of token " + bias.getKey() + " is not finite");
      }
    }
    if (!(repetitionPenalty > 0) || Double.isInfinite(repetitionPenalty)) {
      throw new IllegalArgumentException(
          "repetition penalty must be > 0, got " + repetitionPenalty);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("top-k must be >= 0 (0: off), got " + topK);
    }
    if (!(minP >= 0 && minP <= 1)) {
      throw new IllegalArgumentException("min-p must be in [0, 1], got " + minP);
    }
    if (!Double.isFinite(presencePenalty) || !Double.isFinite(frequencyPenalty)) {
      throw new IllegalArgumentException("presence and frequency penalties must be finite");
    }
  }

  /** Whether the adjustment of a row depends on the tokens seen so far. */
  public boolean countsTokens() {
    return repetitionPenalty != 1 || presencePenalty != 0 || frequencyPenalty != 0;
  }

  /** Whether {@link #adjust} changes anything. */
  boolean changesLogits() {
    return countsTokens() || !logitBias.isEmpty();
  }

  /**
   * The adjusted logits of one row (a copy; the input is not changed).
   *
   * @param seen tokens of the prompt or generated so far, by id (may be null when no penalty counts
   *     tokens)
   * @param generated how often each token id was generated so far (null likewise)
   * @throws IllegalArgumentException when a biased token id is outside the row
   */
  public float[] adjust(float[] logits, boolean[] seen, int[] generated) {
    float[] out = logits.clone();
    for (Map.Entry<Integer, Double> bias : logitBias.entrySet()) {
      int id = bias.getKey();
      if (id < 0 || id >= out.length) {
        throw new IllegalArgumentException(
            "logit bias names token " + id + ", outside the vocabulary of " + out.length);
      }
      out[id] = (float) (out[id] + bias.getValue());
    }
    if (repetitionPenalty != 1) {
      for (int i = 0; i < out.length; i++) {
        if (seen[i]) {
          out[i] = (float) (out[i] > 0 ? out[i] / repetitionPenalty : out[i] * repetitionPenalty);
        }
      }
    }
    if (presencePenalty != 0 || frequencyPenalty != 0) {
      for (int i = 0; i < out.length; i++) {
        if (generated[i] > 0) {
          out[i] = (float) (out[i] - presencePenalty - frequencyPenalty * generated[i]);
        }
      }
    }
    return out;
  }
}
