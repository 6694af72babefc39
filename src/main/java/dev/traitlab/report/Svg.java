package dev.traitlab.report;

import java.awt.Color;
import java.awt.Rectangle;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/** Renders a JFreeChart on a white background as an inline SVG element for {@link HtmlReport}. */
public final class Svg {
  private Svg() {}

  /** The chart drawn at {@code width} by {@code height} pixels, as an {@code <svg>} element. */
  public static String of(JFreeChart chart, int width, int height) {
    chart.setBackgroundPaint(Color.WHITE);
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    chart.draw(g, new Rectangle(0, 0, width, height));
    return g.getSVGElement();
  }
}
