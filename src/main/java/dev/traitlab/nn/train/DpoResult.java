package dev.traitlab.nn.train;

import java.util.List;

/**
 * A DPO run: the statistics of every optimiser step, the pairs seen (every epoch counted), the
 * tokens of both responses' sequences seen over the run, wall time (reference pass included) and
 * the number of updates skipped for a non-finite loss or gradient.
 */
public record DpoResult(
    List<DpoStepStats> steps,
    long pairsSeen,
    long tokens,
    double seconds,
    double referenceSeconds,
    int skippedSteps) {
  public DpoResult {
    steps = List.copyOf(steps);
  }

  public double finalLoss() {
    return steps.isEmpty() ? Double.NaN : steps.getLast().loss();
  }

  /** Optimiser steps per second, the reference pass left out. */
  public double stepsPerSecond() {
    double training = seconds - referenceSeconds;
    return training > 0 ? steps.size() / training : Double.NaN;
  }

  /** Preference pairs per second over the whole run. */
  public double pairsPerSecond() {
    return seconds > 0 ? pairsSeen / seconds : Double.NaN;
  }
}
