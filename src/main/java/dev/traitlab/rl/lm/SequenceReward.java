package dev.traitlab.rl.lm;

import java.util.List;

/** The reward of whole responses: a reward model, a gold scorer, a rule. */
@FunctionalInterface
public interface SequenceReward {
  /**
   * @param prompts the prompts' token ids
   * @param responses the sampled responses' token ids, without the end-of-turn token
   * @return one score per response
   */
  double[] score(List<int[]> prompts, List<int[]> responses);
}
