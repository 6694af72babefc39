package dev.traitlab.experiments.obfuscation;

import dev.traitlab.stats.Interval;
import dev.traitlab.stats.Wilson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rate pooled over seeds: successes and trials summed, Wilson's 95% interval, and the per-seed
 * rates beside it (their spread shows what pooling hides).
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
    return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", rate(), i.lower(), i.upper());
  }

  /** "0.97, 1.00, 0.98". */
  String seeds() {
    StringBuilder sb = new StringBuilder();
    for (double r : perSeed) {
      sb.append(sb.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", r));
    }
    return sb.toString();
  }
}
