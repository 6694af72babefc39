package dev.traitlab.experiments.obfuscation;

import dev.traitlab.core.Figures;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.Wilson;
import java.util.ArrayList;
import java.util.List;

/**
 * A rate pooled over seeds: successes and trials summed, Wilson's 95% interval, and the per-seed
 * rates it came from.
 */
record Pooled(int successes, int trials, List<Double> perSeed) {

  static Pooled of(List<int[]> countsBySeed) {
    int k = 0;
    int n = 0;
    List<Double> rates = new ArrayList<>();
    for (int[] c : countsBySeed) {
      k += c[0];
      n += c[1];
      rates.add((double) c[0] / c[1]);
    }
    return new Pooled(k, n, rates);
  }

  double rate() {
    return (double) successes / trials;
  }

  Interval interval() {
    return Wilson.interval(successes, trials);
  }

  /** "0.98 [0.93, 0.99]". */
  String cell() {
    Interval i = interval();
    return Figures.withInterval(rate(), i.lower(), i.upper(), 2);
  }
}
