package dev.traitlab.eval.task;

import dev.traitlab.model.LanguageModel;
import java.util.List;

/**
 * A solver that asks the model about many samples in one call, so that a backend can batch them
 * (the embedded engine samples many conversations in one pass). {@link EvalRunner} hands it all
 * samples of an epoch at once with one seed; every random choice comes from that seed.
 */
public interface BatchSolver<T> extends Solver<T> {

  /** One output per sample, in order. */
  List<SolverOutput> solveAll(List<Sample<T>> samples, LanguageModel model, long seed);

  @Override
  default SolverOutput solve(Sample<T> sample, LanguageModel model, long seed) {
    return solveAll(List.of(sample), model, seed).getFirst();
  }
}
