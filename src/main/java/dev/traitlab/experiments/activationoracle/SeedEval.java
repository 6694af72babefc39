package dev.traitlab.experiments.activationoracle;

import java.util.List;

/**
 * One oracle's evaluation (a cached stage): per task and target block, correct answers of n.
 *
 * @param seed the oracle's seed
 * @param cells per task and block
 * @param examples a few answers, for the report
 * @param mix the oracle on a held-out sample of its own training families
 */
public record SeedEval(
    long seed,
    List<Cell> cells,
    List<ActivationOracleResult.Example> examples,
    List<ActivationOracleResult.MixCheck> mix) {

  /** Correct answers of {@code n} test questions, for each reader of the activations. */
  public record Cell(
      String task,
      int block,
      int n,
      int oracle,
      int oracleRanked,
      int control,
      int controlRanked,
      int probe) {}
}
