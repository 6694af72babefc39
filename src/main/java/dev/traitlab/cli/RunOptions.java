package dev.traitlab.cli;

import picocli.CommandLine.Option;

/** Options every experiment run shares: where runs live, and whether to reuse cached stages. */
final class RunOptions extends RunsDirOption {
  @Option(names = "--fresh", description = "Recompute every stage instead of reusing cached ones.")
  boolean fresh;
}
