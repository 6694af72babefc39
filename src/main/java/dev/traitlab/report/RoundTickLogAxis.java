package dev.traitlab.report;

import java.util.ArrayList;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.ui.TextAnchor;

/**
 * A base-10 logarithmic axis with ticks at round values: every power of ten, and also 2 and 5 times
 * each when the axis spans fewer than three decades.
 */
final class RoundTickLogAxis extends LogAxis {
  RoundTickLogAxis(String label) {
    super(label);
  }

  @Override
  protected java.util.List<org.jfree.chart.axis.ValueTick> refreshTicksHorizontal(
      java.awt.Graphics2D g2,
      java.awt.geom.Rectangle2D dataArea,
      org.jfree.chart.ui.RectangleEdge edge) {
    return roundTicks(TextAnchor.TOP_CENTER);
  }

  @Override
  protected java.util.List<org.jfree.chart.axis.ValueTick> refreshTicksVertical(
      java.awt.Graphics2D g2,
      java.awt.geom.Rectangle2D dataArea,
      org.jfree.chart.ui.RectangleEdge edge) {
    return roundTicks(TextAnchor.CENTER_RIGHT);
  }

  private java.util.List<org.jfree.chart.axis.ValueTick> roundTicks(TextAnchor anchor) {
    java.util.List<org.jfree.chart.axis.ValueTick> ticks = new ArrayList<>();
    double lower = getLowerBound();
    double upper = getUpperBound();
    if (!(lower > 0) || !(upper > lower)) {
      return ticks;
    }
    double[] mantissas = Math.log10(upper / lower) < 3 ? new double[] {1, 2, 5} : new double[] {1};
    for (int k = (int) Math.floor(Math.log10(lower)); k <= Math.ceil(Math.log10(upper)); k++) {
      for (double m : mantissas) {
        double v = m * Math.pow(10, k);
        if (v >= lower && v <= upper) {
          ticks.add(
              new org.jfree.chart.axis.NumberTick(
                  org.jfree.chart.axis.TickType.MAJOR,
                  v,
                  shortNumber(v),
                  anchor,
                  TextAnchor.CENTER,
                  0.0));
        }
      }
    }
    return ticks;
  }

  /** Tick labels such as 0.001, 1, 100, 1e+04 and 1e-05: plain where short, else exponent. */
  static String shortNumber(double v) {
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    if (a >= 1e-3 && a < 1e4) {
      return new java.math.BigDecimal(String.format(java.util.Locale.ROOT, "%.6g", v))
          .stripTrailingZeros()
          .toPlainString();
    }
    return String.format(java.util.Locale.ROOT, "%.0e", v);
  }
}
