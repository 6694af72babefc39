package dev.traitlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Receiver operating characteristic curves: true-positive rate against false-positive rate, one
 * line per curve (a monitor before and after an attack, say), on the unit square with the chance
 * diagonal dashed and an optional dotted vertical line at a false-positive rate of interest (1%).
 * Rendered as an inline SVG element for {@link HtmlReport}.
 */
public final class RocChart {
  private final String title;
  private final Map<String, List<double[]>> curves = new LinkedHashMap<>();
  private double markedFpr = Double.NaN;

  public RocChart(String title) {
    this.title = title;
  }

  /**
   * Adds a curve: [false-positive rate, true-positive rate] points in the order they are joined.
   *
   * @throws IllegalArgumentException for a rate outside [0, 1] or a repeated name
   */
  public RocChart curve(String name, List<double[]> points) {
    for (double[] p : points) {
      if (p.length != 2 || !(p[0] >= 0 && p[0] <= 1) || !(p[1] >= 0 && p[1] <= 1)) {
        throw new IllegalArgumentException("ROC point of " + name + " outside the unit square");
      }
    }
    if (curves.putIfAbsent(name, List.copyOf(points)) != null) {
      throw new IllegalArgumentException("a curve named " + name + " is already there");
    }
    return this;
  }

  /**
   * A vertical line at this false-positive rate.
   *
   * @throws IllegalArgumentException for a rate outside [0, 1]
   */
  public RocChart markFpr(double fpr) {
    if (!(fpr >= 0 && fpr <= 1)) {
      throw new IllegalArgumentException(
          "marked false-positive rate must be in [0, 1], got " + fpr);
    }
    this.markedFpr = fpr;
    return this;
  }

  public int curveCount() {
    return curves.size();
  }

  /**
   * The chart as an SVG element: the x axis spans [0, 1], the y axis [0, 1.02] (so that a curve at
   * recall 1 is not hidden under the frame).
   */
  public String toSvg(int width, int height) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, List<double[]>> c : curves.entrySet()) {
      XYSeries s = new XYSeries(c.getKey(), false, true);
      for (double[] p : c.getValue()) {
        s.add(p[0], p[1]);
      }
      data.addSeries(s);
    }
    XYSeries chance = new XYSeries("chance", false, true);
    chance.add(0, 0);
    chance.add(1, 1);
    data.addSeries(chance);
    NumberAxis x = new NumberAxis("false-positive rate");
    x.setRange(0, 1);
    NumberAxis y = new NumberAxis("true-positive rate (recall)");
    y.setRange(0, 1.02);
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < curves.size(); i++) {
      // the palette's last colour, grey, is left to the chance diagonal
      lines.setSeriesPaint(i, Svg.PALETTE[i % (Svg.PALETTE.length - 1)]);
      lines.setSeriesStroke(i, new BasicStroke(1.8f));
    }
    lines.setSeriesPaint(curves.size(), Svg.PALETTE[Svg.PALETTE.length - 1]);
    lines.setSeriesStroke(curves.size(), Svg.DASHED);
    XYPlot plot = new XYPlot(data, x, y, lines);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    plot.setDomainGridlinePaint(new Color(0xDDDDDD));
    if (!Double.isNaN(markedFpr)) {
      ValueMarker marker = new ValueMarker(markedFpr);
      marker.setPaint(new Color(0x555555));
      marker.setStroke(
          new BasicStroke(
              1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {2, 3}, 0));
      plot.addDomainMarker(marker);
    }
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
    return Svg.of(chart, width, height);
  }
}
