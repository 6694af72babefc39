package dev.traitlab.experiments.rlhf;

import dev.traitlab.rl.lm.PpoStepStats;
import java.util.List;

/**
 * One seed's PPO run and its evaluation against the SFT policy.
 *
 * @param steps PPO diagnostics per step
 * @param rolloutGold mean gold reward of each step's rollouts (before its update)
 * @param ppo the PPO policy's answers to the evaluation questions (null on a remote model: PPO is
 *     embedded only, and {@code steps} and {@code rolloutGold} are then empty)
 * @param sft the SFT policy's answers to the same questions (its own samples, not the opponents)
 * @param ns best-of-n's n grid
 * @param bonWinRate gold win rate over the SFT policy of best-of-n against the reward model, per n
 * @param bonGold mean gold reward of best-of-n, per n
 * @param bonProxy mean reward-model score of best-of-n, per n
 * @param examples a few (question, SFT answer, PPO answer) triples; on a remote model the third is
 *     the answer best-of-(pool) picks
 * @param ppoSeconds PPO training time
 * @param evalSeconds evaluation and best-of-n time
 * @param dpo the DPO policy's answers to the evaluation questions, scored as PPO's (null: no DPO
 *     arm)
 * @param dpoTraining how its DPO training went (null: no DPO arm); on a remote model the job's loss
 *     and reward accuracy are not read back (NaN) and its seconds are the job's wall time
 * @param ptxLoss per PPO step, the mean per-token NLL of its pretraining-mix batches (null: no
 *     PPO-ptx term)
 * @param pretrainingNll the alignment tax's measure: mean per-token NLL of held-out toy-world
 *     pretraining chats under {SFT, PPO} (null: not measured, as on a remote model)
 */
record SeedRun(
    long seed,
    List<PpoStepStats> steps,
    double[] rolloutGold,
    PolicyScore ppo,
    PolicyScore sft,
    int[] ns,
    double[] bonWinRate,
    double[] bonGold,
    double[] bonProxy,
    List<List<String>> examples,
    double ppoSeconds,
    double evalSeconds,
    PolicyScore dpo,
    DpoTraining dpoTraining,
    double[] ptxLoss,
    double[] pretrainingNll) {

  /**
   * A DPO run on the gold rankings' best-vs-worst pairs.
   *
   * @param pairs preference pairs trained on
   * @param finalLoss DPO loss of the last step (ln 2 = 0.693 at the start)
   * @param finalRewardAccuracy share of the last step's pairs whose implicit reward orders them
   *     right
   * @param seconds training time, the reference pass included
   */
  record DpoTraining(int pairs, double finalLoss, double finalRewardAccuracy, double seconds) {}

  /**
   * A policy's answers to the evaluation questions, scored.
   *
   * @param winRate gold win rate over SFT answers to the same questions (ties count 1/2)
   * @param gold mean gold reward
   * @param proxy mean reward-model score
   * @param kl mean sum over the answer of ln pi / pi_SFT (nats per answer; NaN for a remote policy,
   *     whose API gives no log-probabilities of the SFT model on its answers)
   * @param correct share of answers whose number is the result
   * @param worked share of answers that show the working "a op b = v"
   * @param length mean answer length in tokens
   */
  record PolicyScore(
      double winRate,
      double gold,
      double proxy,
      double kl,
      double correct,
      double worked,
      double length) {}
}
