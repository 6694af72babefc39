package dev.traitlab.nn.train;

/**
 * What one DPO step logs, as TRL's DPOTrainer names it, averaged over the step's pairs: the loss;
 * {@code rewards/accuracies} (fraction of pairs whose chosen implicit reward beta * (log pi - log
 * pi_ref) exceeds the rejected one's), {@code rewards/margins} (chosen minus rejected reward),
 * {@code rewards/chosen}, {@code rewards/rejected}; {@code logps/chosen} and {@code logps/rejected}
 * (the policy's summed response log-probabilities, nats); and the learning rate used. Values are
 * those of the forward pass before the step's update, as TRL logs them.
 */
public record DpoStepStats(
    int step,
    double loss,
    double rewardAccuracy,
    double rewardMargin,
    double chosenReward,
    double rejectedReward,
    double chosenLogprob,
    double rejectedLogprob,
    double learningRate) {

  /** The statistics of pairs from their policy and reference log-probabilities. */
  static DpoStepStats of(
      int step,
      double loss,
      float[] policyChosen,
      float[] policyRejected,
      float[] referenceChosen,
      float[] referenceRejected,
      double beta,
      double learningRate) {
    int n = policyChosen.length;
    double accuracy = 0;
    double chosen = 0;
    double rejected = 0;
    double chosenLp = 0;
    double rejectedLp = 0;
    for (int i = 0; i < n; i++) {
      double rc = beta * (policyChosen[i] - referenceChosen[i]);
      double rr = beta * (policyRejected[i] - referenceRejected[i]);
      accuracy += rc > rr ? 1 : 0;
      chosen += rc;
      rejected += rr;
      chosenLp += policyChosen[i];
      rejectedLp += policyRejected[i];
    }
    return new DpoStepStats(
        step,
        loss,
        accuracy / n,
        (chosen - rejected) / n,
        chosen / n,
        rejected / n,
        chosenLp / n,
        rejectedLp / n,
        learningRate);
  }
}
