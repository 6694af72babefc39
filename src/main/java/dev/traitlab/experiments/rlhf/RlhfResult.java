package dev.traitlab.experiments.rlhf;

import dev.traitlab.lab.stages.Stages;
import java.util.List;

/**
 * What a run of the RLHF pipeline found.
 *
 * @param rewardModel the reward model's data and accuracy
 * @param runs one PPO run and evaluation per seed
 * @param rewardModelSeconds time to read the features and train the reward model (not a cached
 *     stage: it is retrained on every run, in seconds)
 * @param remote the models of a run on a remote model (null: an embedded run); its seed runs have
 *     no PPO ({@link SeedRun#ppo} null: PPO is embedded only)
 */
public record RlhfResult(
    RlhfConfig config,
    RewardModelSummary rewardModel,
    List<SeedRun> runs,
    double rewardModelSeconds,
    List<Stages.StageRecord> stages,
    Remote remote) {

  /**
   * What a remote run made and read.
   *
   * @param sftModel the SFT model the fine-tuning job made ({@code openai:NAME})
   * @param reader the local model whose activations the reward head read
   * @param dpoModels the DPO job's model per seed ({@code openai:NAME}; empty: no DPO arm)
   */
  public record Remote(String sftModel, String reader, List<String> dpoModels) {}

  /**
   * @param trainQuestions questions whose K-way rankings trained the reward model
   * @param heldOutQuestions questions held out
   * @param heldOutPairs held-out answer pairs of different gold reward
   * @param heldOutAccuracy share of those pairs the reward model orders as the gold does
   * @param trainAccuracy the same on the training questions' pairs
   * @param sftGoldSd SD of the gold reward over the SFT policy's ranked answers
   */
  public record RewardModelSummary(
      int trainQuestions,
      int heldOutQuestions,
      int heldOutPairs,
      double heldOutAccuracy,
      double trainAccuracy,
      double sftGoldSd) {}
}
