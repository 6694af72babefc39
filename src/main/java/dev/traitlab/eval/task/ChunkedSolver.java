package dev.traitlab.eval.task;

import dev.traitlab.model.LanguageModel;
import java.util.List;

/**
 * A solver that answers several samples in one call, each with the seed {@link Solver#solve} would
 * give it, so that a backend can batch them (the embedded engine scores the continuations of many
 * prompts in shared forward passes) while each sample's output stays that of one sample at a time,
 * up to float rounding. {@link EvalRunner} hands it {@link #chunkSize()} samples per call, so that
 * progress moves during an epoch; when the model refuses a chunk as a whole, the runner asks for
 * its samples one at a time, so that only the refused ones fail.
 *
 * <p>Unlike a {@link BatchSolver}, which draws all samples of an epoch from one seed, the result of
 * a sample does not depend on which samples share its chunk.
 */
@FunctionalInterface
public interface ChunkedSolver<T> extends Solver<T> {
  /** Samples per call unless a solver says otherwise. */
  int DEFAULT_CHUNK_SIZE = 64;

  /** One output per sample, in order; {@code seeds[i]} is sample i's seed. */
  List<SolverOutput> solveChunk(List<Sample<T>> samples, long[] seeds, LanguageModel model);

  /** Samples per call (at least 1). */
  default int chunkSize() {
    return DEFAULT_CHUNK_SIZE;
  }

  @Override
  default SolverOutput solve(Sample<T> sample, LanguageModel model, long seed) {
    return solveChunk(List.of(sample), new long[] {seed}, model).getFirst();
  }
}
