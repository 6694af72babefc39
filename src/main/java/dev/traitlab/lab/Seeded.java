package dev.traitlab.lab;

import dev.traitlab.core.Plurals;
import java.util.List;
import java.util.stream.LongStream;

/**
 * A config that runs over {@code seeds()} seeds starting at {@code seed()}: seed i is {@code seed +
 * i}. Every random choice of a run derives from these (see {@link dev.traitlab.core.Seeds}).
 */
public interface Seeded {
  /**
   * --seeds' help. It does not say what the experiment's intervals are over, which differs: over
   * seeds (one value per seed), or over rounds or expressions pooled across seeds. An experiment
   * adds that after it ({@code SEEDS_HELP + " Intervals are over ..."}), or uses {@link
   * #SEEDS_HELP_INTERVALS_OVER_SEEDS}.
   */
  String SEEDS_HELP = "How many seeds to run (independent repetitions). Not --seed.";

  /** --seeds' help for an experiment whose every interval is over seeds, one value per seed. */
  String SEEDS_HELP_INTERVALS_OVER_SEEDS =
      "How many seeds to run (independent repetitions; intervals are over them). Not --seed.";

  String SEED_HELP =
      "The first seed, not a count: --seeds N runs seeds SEED, SEED+1, ..., SEED+N-1.";

  int seeds();

  long seed();

  /** Seed i of the run. */
  default long seedOf(int index) {
    return seed() + index;
  }

  /** The seeds as reports state them: "1 seed from 7", "3 seeds from 0". */
  default String seedsText() {
    return Plurals.count(seeds(), "seed") + " from " + seed();
  }

  /** Every seed of the run, in order. */
  default List<Long> seedList() {
    return LongStream.range(0, seeds()).map(i -> seed() + i).boxed().toList();
  }
}
