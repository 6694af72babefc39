package dev.traitlab.report;

import dev.traitlab.core.Hashing;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.svg.SVGGraphics2D;

/**
 * Renders a JFreeChart on a white background as an inline SVG element for {@link HtmlReport}, and
 * holds the parts the report's charts draw alike: the dashed stroke of a reference, and a labelled
 * reference line across the value axis.
 */
public final class Svg {
  /** Series colours of the line and scatter charts, in order. */
  static final Color[] PALETTE = {
    new Color(0x4C72B0),
    new Color(0xDD8452),
    new Color(0x55A868),
    new Color(0xC44E52),
    new Color(0x8172B3),
    new Color(0x937860),
    new Color(0xDA8BC3),
    new Color(0x8C8C8C)
  };

  /** The dashed stroke of references (bounds, predictions, chance). */
  static final BasicStroke DASHED =
      new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {6, 4}, 0);

  private Svg() {}

  /** A dashed red line across the value axis at {@code value}, labelled at its right end. */
  static ValueMarker referenceLine(String label, double value) {
    ValueMarker marker = new ValueMarker(value);
    marker.setPaint(new Color(0xC44E52));
    marker.setStroke(DASHED);
    marker.setLabel(label);
    marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    return marker;
  }

  /**
   * The chart drawn at {@code width} by {@code height} pixels, as an {@code <svg>} element. Its
   * definition ids (clip paths, gradients) are named from a hash of the drawing itself: the same
   * chart gives the same bytes in every run, and two different charts on one page never share an id
   * (JFreeSVG's own default prefix is a clock reading).
   */
  public static String of(JFreeChart chart, int width, int height) {
    chart.setBackgroundPaint(Color.WHITE);
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    g.setDefsKeyPrefix(PLACEHOLDER);
    chart.draw(g, new Rectangle(0, 0, width, height));
    String svg = g.getSVGElement();
    String prefix = "c" + Hashing.sha256(svg).substring(0, 12) + "-";
    return svg.replace(PLACEHOLDER, prefix);
  }

  private static final String PLACEHOLDER = "svgdefs0x5f3759df-";
}
