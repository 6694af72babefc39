package dev.traitlab.report;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A scatter chart of points in named series (an estimate against the truth, one series per method),
 * on linear or base-10 logarithmic axes, with an optional dashed diagonal y = x where a perfect
 * estimate would lie. Rendered as an inline SVG element for {@link HtmlReport}.
 *
 * <p>On logarithmic axes both axes share one range, the smallest whole decades holding every drawn
 * value with a margin of a factor 1.25 either side, ticked at round values ({@link
 * RoundTickLogAxis}), so y = x runs corner to corner at 45 degrees. A point with a zero or negative
 * coordinate cannot be placed on a logarithmic axis: it is left out and counted in its series'
 * legend label ("naive (3 &le; 0 not drawn)"); so is a point with a coordinate that is not finite,
 * on any axes ("(1 not finite)").
 */
public final class ScatterChart {
  private static final Color[] PALETTE = Svg.PALETTE;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final Map<String, List<double[]>> series = new LinkedHashMap<>();
  private boolean log;
  private boolean diagonal;

  public ScatterChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** Both axes logarithmic (base 10). */
  public ScatterChart logAxes() {
    log = true;
    return this;
  }

  /** Draws the diagonal y = x across the points' range. */
  public ScatterChart diagonal() {
    diagonal = true;
    return this;
  }

  /** Adds a point to a series (created on first use, in order). */
  public ScatterChart point(String name, double x, double y) {
    series.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {x, y});
    return this;
  }

  /** Points of a series that can be drawn (all but non-finite, and non-positive on log axes). */
  public int drawable(String name) {
    return (int) series.getOrDefault(name, List.of()).stream().filter(this::drawable).count();
  }

  private boolean drawable(double[] p) {
    return finite(p) && (!log || (p[0] > 0 && p[1] > 0));
  }

  private static boolean finite(double[] p) {
    return Double.isFinite(p[0]) && Double.isFinite(p[1]);
  }

  /** The legend label: the name, and what of the series is not drawn and why. */
  private String label(String name, List<double[]> points) {
    long notFinite = points.stream().filter(p -> !finite(p)).count();
    long nonPositive = points.stream().filter(p -> finite(p) && !drawable(p)).count();
    List<String> left = new ArrayList<>();
    if (nonPositive > 0) {
      left.add(nonPositive + " \u2264 0 not drawn");
    }
    if (notFinite > 0) {
      left.add(notFinite + " not finite");
    }
    return left.isEmpty() ? name : name + " (" + String.join(", ", left) + ")";
  }

  /**
   * The shared range of logarithmic axes: whole decades holding [lo / 1.25, hi * 1.25], or null
   * when nothing is drawn.
   */
  static double[] decades(double lo, double hi) {
    if (!(lo > 0) || !(hi >= lo) || Double.isInfinite(hi)) {
      return null;
    }
    return new double[] {
      Math.pow(10, Math.floor(Math.log10(lo / MARGIN))),
      Math.pow(10, Math.ceil(Math.log10(hi * MARGIN)))
    };
  }

  private static final double MARGIN = 1.25;

  public String toSvg(int width, int height) {
    XYSeriesCollection points = new XYSeriesCollection();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, List<double[]>> s : series.entrySet()) {
      XYSeries data = new XYSeries(label(s.getKey(), s.getValue()), false, true);
      for (double[] p : s.getValue()) {
        if (drawable(p)) {
          data.add(p[0], p[1]);
          lo = Math.min(lo, Math.min(p[0], p[1]));
          hi = Math.max(hi, Math.max(p[0], p[1]));
        }
      }
      points.addSeries(data);
    }
    XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
    for (int i = 0; i < points.getSeriesCount(); i++) {
      dots.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
    }
    ValueAxis xAxis = axis(xLabel);
    ValueAxis yAxis = axis(yLabel);
    double[] range = log ? decades(lo, hi) : null;
    if (range != null) {
      xAxis.setRange(range[0], range[1]);
      yAxis.setRange(range[0], range[1]);
      lo = range[0];
      hi = range[1];
    }
    XYPlot plot = new XYPlot(points, xAxis, yAxis, dots);
    if (diagonal && lo < hi) {
      XYSeriesCollection line = new XYSeriesCollection();
      XYSeries d = new XYSeries("y = x");
      d.add(lo, lo);
      d.add(hi, hi);
      line.addSeries(d);
      XYLineAndShapeRenderer dashed = new XYLineAndShapeRenderer(true, false);
      dashed.setSeriesPaint(0, new Color(0x444444));
      dashed.setSeriesStroke(0, Svg.DASHED);
      plot.setDataset(1, line);
      plot.setRenderer(1, dashed);
    }
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    plot.setDomainGridlinePaint(new Color(0xDDDDDD));
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
    // Room at the right for the last x tick's label, centred on the plot's right edge.
    chart.setPadding(new org.jfree.chart.ui.RectangleInsets(0, 0, 0, 18));
    return Svg.of(chart, width, height);
  }

  private ValueAxis axis(String label) {
    if (log) {
      LogAxis a = new RoundTickLogAxis(label);
      a.setBase(10);
      a.setSmallestValue(1e-300);
      return a;
    }
    NumberAxis a = new NumberAxis(label);
    a.setAutoRangeIncludesZero(false);
    return a;
  }
}
