package dev.traitlab.rl.ppo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.traitlab.nn.NativeArrays;

/**
 * PPO's loss terms (Schulman et al. 2017, arXiv:1707.06347) on a minibatch, for any policy that
 * gives the log-probabilities of the actions it took: a stack of MLPs, or a language model whose
 * action is a sequence of tokens. Every input is (..., B): leading axes index independent models
 * (or are absent), the last axis the minibatch, and each term is the mean over that last axis.
 *
 * <ul>
 *   <li>policy loss: -min(rho A, clip(rho, 1 - eps, 1 + eps) A), rho = exp(logp - logp_old);
 *   <li>value loss: 0.5 (V - R)^2;
 *   <li>entropy: the policy's entropy at each sample (its mean is the bonus);
 *   <li>total: policy + c_v value - c_e entropy;
 *   <li>approximate KL(old || new): (rho - 1) - ln rho, unbiased and never negative (Schulman's
 *       "k3" estimator);
 *   <li>clip fraction: the share of samples with |rho - 1| > eps.
 * </ul>
 */
public final class PpoLoss {
  private PpoLoss() {}

  /** The terms, each of the inputs' shape less the last axis. */
  public record Terms(
      NDArray total,
      NDArray policy,
      NDArray value,
      NDArray entropy,
      NDArray approxKl,
      NDArray clipFraction) {}

  /**
   * @param logp log-probability of each taken action under the policy being trained
   * @param oldLogp the same under the policy that collected the data (no gradient)
   * @param advantages advantage estimates (normalised or not, as the caller chose)
   * @param entropy the policy's entropy at each sample
   * @param values the value estimates being trained
   * @param returns the value targets
   */
  public static Terms of(
      NDArray logp,
      NDArray oldLogp,
      NDArray advantages,
      NDArray entropy,
      NDArray values,
      NDArray returns,
      PpoSettings settings) {
    int last = logp.getShape().dimension() - 1;
    // Constants as floats: a double scalar would promote 0-d results (one model, no stack) to
    // float64.
    float clip = (float) settings.clip();
    NDArray logRatio = logp.sub(oldLogp);
    NDArray ratio = logRatio.exp();
    NDArray unclipped = ratio.mul(advantages);
    // clip(Number, Number) keeps its bounds in ratio's manager (see NativeArrays), which outlives
    // the backward pass.
    NDArray clipped = ratio.clip(1 - clip, 1 + clip).mul(advantages);
    NDArray policy = unclipped.minimum(clipped).neg().mean(new int[] {last});
    // Factors the backward pass reads are libtorch-owned scalars (NativeArrays), never DJL's
    // mul(Number), whose scalar is freed when the garbage collector runs before the backward pass.
    NDManager m = logp.getManager();
    NDArray value =
        values.sub(returns).square().mul(NativeArrays.scalar(m, 0.5)).mean(new int[] {last});
    NDArray meanEntropy = entropy.mean(new int[] {last});
    NDArray total =
        policy
            .add(value.mul(NativeArrays.scalar(m, settings.valueCoefficient())))
            .sub(meanEntropy.mul(NativeArrays.scalar(m, settings.entropyCoefficient())));
    NDArray approxKl = ratio.sub(1f).sub(logRatio).mean(new int[] {last});
    NDArray clipFraction =
        ratio
            .sub(1)
            .abs()
            .gt(settings.clip())
            .toType(logp.getDataType(), false)
            .mean(new int[] {last});
    return new Terms(total, policy, value, meanEntropy, approxKl, clipFraction);
  }
}
