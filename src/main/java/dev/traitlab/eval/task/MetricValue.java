package dev.traitlab.eval.task;

import dev.traitlab.core.Figures;

/**
 * A metric's value with its 95% confidence interval [low, high], the number of samples it was
 * computed from (after dropping "none" scores) and how the interval was obtained.
 */
public record MetricValue(String name, double value, double low, double high, int n, String ci) {

  /** "0.431 [0.350, 0.512]"; "n/a" when no sample gave a value ({@link Figures#withInterval}). */
  public String format(int decimals) {
    return Figures.withInterval(value, low, high, decimals);
  }
}
