package dev.traitlab.core;

import java.util.Locale;

/**
 * Numbers as reports print them. A value that is not available (NaN: no answer was graded, a fit
 * had no point, one seed gives no interval) prints as {@value #NOT_AVAILABLE}, never as "NaN"; a
 * missing interval is left out rather than printed as "[NaN, NaN]". Locale-independent (a point for
 * decimals).
 */
public final class Figures {
  /** What a value that is not available prints as. */
  public static final String NOT_AVAILABLE = "n/a";

  private Figures() {}

  /** {@code value} with {@code decimals} decimals ("0.431"), or "n/a" when it is NaN. */
  public static String of(double value, int decimals) {
    if (Double.isNaN(value)) {
      return NOT_AVAILABLE;
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /**
   * "0.431 [0.350, 0.512]"; "0.431" when either bound is NaN (no interval); "n/a" when the value is
   * NaN, whatever the bounds.
   */
  public static String withInterval(double value, double lower, double upper, int decimals) {
    if (Double.isNaN(value)) {
      return NOT_AVAILABLE;
    }
    if (Double.isNaN(lower) || Double.isNaN(upper)) {
      return of(value, decimals);
    }
    return of(value, decimals) + " [" + of(lower, decimals) + ", " + of(upper, decimals) + "]";
  }
}
