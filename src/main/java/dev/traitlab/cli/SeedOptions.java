package dev.traitlab.cli;

import java.util.List;
import java.util.stream.LongStream;
import picocli.CommandLine.Option;

/** The --seeds and --seed options of every experiment: a run over seeds SEED, SEED+1, ... */
final class SeedOptions {
  @Option(
      names = "--seeds",
      defaultValue = "3",
      description = "Number of seeds (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "First seed; seed i is SEED+i (default: ${DEFAULT-VALUE}).")
  long seed;

  /** The n seeds of a run that starts at {@code first}. */
  static List<Long> list(long first, int n) {
    return LongStream.range(0, n).map(i -> first + i).boxed().toList();
  }
}
