package dev.traitlab.nn.transformer;

/**
 * Told of each token as generation samples it, before the next pass: what streaming needs. Stop
 * tokens that end a row are not reported.
 */
@FunctionalInterface
public interface TokenListener {
  /**
   * @param row the batch row
   * @param token the sampled token id
   * @param logprob its log-probability under the unmodified distribution
   * @param topTokens the most likely token ids, largest first (empty unless asked for)
   * @param topLogprobs their log-probabilities
   */
  void onToken(int row, int token, float logprob, int[] topTokens, float[] topLogprobs);
}
