package dev.traitlab.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.traitlab.nn.NativeArrays;

/**
 * The loss of direct preference optimisation (Rafailov et al. 2023, eq. 7; TRL's DPOTrainer with
 * {@code loss_type="sigmoid"}), on summed response log-probabilities:
 *
 * <pre>
 *   z = beta * ((log pi(y_w|x) - log pi_ref(y_w|x)) - (log pi(y_l|x) - log pi_ref(y_l|x)))
 *   L = -log sigmoid(z) = softplus(-z)
 * </pre>
 *
 * averaged over the pairs of a batch. beta * (log pi - log pi_ref) is the implicit reward of a
 * response (TRL's {@code rewards/chosen}, {@code rewards/rejected}). For one pair dL/d log
 * pi(y_w|x) = -beta * sigmoid(-z) and dL/d log pi(y_l|x) = +beta * sigmoid(-z): as beta goes to 0
 * the loss tends to log 2 and its gradient to 0; as beta grows it tends to beta * max(0, -margin),
 * a hinge on the log-ratio margin.
 */
public final class DpoLoss {
  /** TRL's default (DPOConfig.beta). */
  public static final double DEFAULT_BETA = 0.1;

  private DpoLoss() {}

  /**
   * Mean DPO loss of a batch: each argument is [pairs] of summed response log-probabilities (the
   * policy's differentiable, the reference's constants). Computed as softplus(-z), which stays
   * finite for any z and has gradient -sigmoid(-z), 1/2 at z = 0 (where policy = reference).
   *
   * @throws IllegalArgumentException when beta is not finite and > 0, or the shapes differ
   */
  public static NDArray loss(
      NDArray policyChosen,
      NDArray policyRejected,
      NDArray referenceChosen,
      NDArray referenceRejected,
      double beta) {
    checkBeta(beta);
    if (!policyChosen.getShape().equals(policyRejected.getShape())
        || !policyChosen.getShape().equals(referenceChosen.getShape())
        || !policyChosen.getShape().equals(referenceRejected.getShape())) {
      throw new IllegalArgumentException(
          "DPO terms differ in shape: "
              + policyChosen.getShape()
              + ", "
              + policyRejected.getShape()
              + ", "
              + referenceChosen.getShape()
              + ", "
              + referenceRejected.getShape());
    }
    NDArray z =
        policyChosen
            .sub(referenceChosen)
            .sub(policyRejected.sub(referenceRejected))
            .mul(NativeArrays.scalar(policyChosen.getManager(), beta));
    return Activation.softPlus(z.neg()).mean();
  }

  /** One pair's loss in double precision, the same formula: softplus(-z), stable for any z. */
  public static double loss(
      double policyChosen,
      double policyRejected,
      double referenceChosen,
      double referenceRejected,
      double beta) {
    checkBeta(beta);
    double z = beta * ((policyChosen - referenceChosen) - (policyRejected - referenceRejected));
    return softplus(-z);
  }

  /** log(1 + e^x) without overflow or loss of precision at either end. */
  static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  static void checkBeta(double beta) {
    if (!(beta > 0) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("DPO beta must be finite and > 0, got " + beta);
    }
  }
}
