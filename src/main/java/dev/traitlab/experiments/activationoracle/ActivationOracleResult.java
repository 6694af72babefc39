package dev.traitlab.experiments.activationoracle;

import dev.traitlab.lab.stages.Stages;
import java.util.List;

/**
 * What a run of the activation-oracle experiment measured.
 *
 * @param model the base model (of targets and oracle)
 * @param blocks the target blocks read, one per depth
 * @param depths the depths, percent
 * @param injectLayer the oracle block the activations are added after
 * @param placeholders activations per question
 * @param mix the training mix's examples by family
 * @param oracles one per seed: its training
 * @param targets what each target does when asked (its premise), and the black-box baseline
 * @param rows per task and depth: oracle, control, probe, black box, chance
 * @param examples a few oracle answers of the first seed
 * @param inDistribution the oracles on held-out examples of their training families, pooled over
 *     seeds
 * @param curve the same check on fewer examples part-way through each oracle's training
 * @param stages which stages were computed or reused
 */
public record ActivationOracleResult(
    String model,
    List<Integer> blocks,
    List<Integer> depths,
    int injectLayer,
    int placeholders,
    List<Count> mix,
    List<OracleFit> oracles,
    List<TargetCheck> targets,
    List<TaskRow> rows,
    List<Example> examples,
    List<MixCheck> inDistribution,
    List<CurvePoint> curve,
    List<Stages.StageRecord> stages) {

  /**
   * A point of an oracle's learning curve: after {@code step} of {@code steps} optimiser steps on
   * the mix (the adapters so far, at that step's learning rate of the decaying schedule; {@code
   * steps} 0: after the warm-up, before the mix), exact answers of n fresh examples of a training
   * family, as given and with the activations shuffled within the family.
   */
  public record CurvePoint(
      long seed, int step, int steps, String source, int n, int exact, int exactShuffled) {}

  /**
   * The oracle on held-out examples of a training family (pooled over seeds): exact answers of n,
   * exact answers when each question gets another example's activations (a shuffle, so the answer
   * can only come from the question), and how many of the n have the family's most common answer
   * (what answering that one constantly scores: the family's chance).
   */
  public record MixCheck(String source, int n, int exact, int exactShuffled, int majority) {}

  /** A named count. */
  public record Count(String name, int count) {}

  /** One oracle's training: examples, first and last batch loss (mean of 10), seconds. */
  public record OracleFit(
      long seed, int examples, double firstLoss, double lastLoss, double seconds) {}

  /**
   * A check of a target's behaviour on held-out prompts: how often it does what its premise needs
   * (successes of n), e.g. a taboo target's hints that leak the word.
   */
  public record TargetCheck(String task, String check, int successes, int n) {}

  /**
   * A proportion pooled over seeds (Wilson 95%), and per seed with a Student-t 95% interval of the
   * seeds' mean (NaN bounds with one seed).
   */
  public record Rate(
      int successes,
      int n,
      double rate,
      double lower,
      double upper,
      List<Double> perSeed,
      double seedLower,
      double seedUpper) {}

  /**
   * One task at one depth.
   *
   * @param items test questions per seed
   * @param chance 1 / options, averaged over the items
   * @param oracle the oracle's greedy answers on the target's activations, exact word match
   * @param oracleRanked the oracle's most likely option on the target's activations
   * @param control the oracle's greedy answers on the base model's activations of the same prompts
   * @param controlRanked its most likely option there
   * @param probe a one-vs-rest linear probe on the same activations (mean over the tokens), trained
   *     on the target's training prompts
   * @param blackBox the target's greedy answers to direct questions (the same at every depth)
   */
  public record TaskRow(
      String task,
      int depth,
      int block,
      int items,
      double chance,
      Rate oracle,
      Rate oracleRanked,
      Rate control,
      Rate controlRanked,
      Rate probe,
      Rate blackBox) {}

  /** An oracle answer: the target's prompt, the truth, the oracle's answers on target and base. */
  public record Example(
      String task, int block, String prompt, String truth, String oracle, String control) {}
}
