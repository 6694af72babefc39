package dev.traitlab.stats;

/**
 * The bounds of a two-sided confidence interval, in the units of the statistic it brackets. Both
 * bounds are NaN when the interval is undefined (no data, or one value for a Student-t interval).
 */
public record Interval(double lower, double upper) {

  /** The interval with no data behind it: both bounds NaN. */
  public static final Interval UNDEFINED = new Interval(Double.NaN, Double.NaN);

  public boolean hasBounds() {
    return !Double.isNaN(lower) && !Double.isNaN(upper);
  }

  /** Whether {@code value} lies within the bounds, both included; false when undefined. */
  public boolean contains(double value) {
    return lower <= value && value <= upper;
  }

  /**
   * "[0.350, 0.512]" with {@code decimals} decimals (a point for decimals, whatever the locale), or
   * "" when the interval has no bounds.
   */
  public String bracketed(int decimals) {
    if (!hasBounds()) {
      return "";
    }
    String d = "%." + decimals + "f";
    return String.format(java.util.Locale.ROOT, "[" + d + ", " + d + "]", lower, upper);
  }

  public double width() {
    return upper - lower;
  }
}
