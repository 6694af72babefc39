package dev.traitlab.report;

import dev.traitlab.stats.Interval;
import java.awt.BasicStroke;
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
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * A line chart of estimates against a numeric x (epsilon, a sample size, a depth...): each series
 * is a line through its points with every point's confidence interval as a vertical error bar; a
 * reference curve (a theoretical bound, say) is a dashed line without intervals, and a reference
 * level (chance) a dashed horizontal line. The x axis may be logarithmic. Rendered as an inline SVG
 * element for {@link HtmlReport}, like {@link IntervalBarChart}.
 */
public final class IntervalLineChart {
  private static final Color[] PALETTE = Svg.PALETTE;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final Map<String, List<Point>> series = new LinkedHashMap<>();
  private final Map<String, List<double[]>> references = new LinkedHashMap<>();
  private final List<Level> levels = new ArrayList<>();
  private boolean logX;
  private boolean logY;
  private double[] yRange;

  /** One estimate: its x, its value and its interval (undefined: no error bar). */
  public record Point(double x, double y, Interval interval) {}

  private record Level(String label, double y) {}

  public IntervalLineChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** Draws x on a logarithmic axis (every x must then be positive). */
  public IntervalLineChart logX() {
    this.logX = true;
    return this;
  }

  /** Draws y on a logarithmic axis (every value and interval bound must then be positive). */
  public IntervalLineChart logY() {
    this.logY = true;
    return this;
  }

  /** Fixes the y axis to [lower, upper]; otherwise it takes in every point and interval. */
  public IntervalLineChart yRange(double lower, double upper) {
    if (!(upper > lower)) {
      throw new IllegalArgumentException("need lower < upper, got " + lower + ", " + upper);
    }
    this.yRange = new double[] {lower, upper};
    return this;
  }

  /** Adds a point to the series {@code name} (created on first use, drawn in order of x). */
  public IntervalLineChart point(String name, double x, double y, Interval interval) {
    if (references.containsKey(name)) {
      throw new IllegalArgumentException(name + " is already a reference curve");
    }
    series.computeIfAbsent(name, k -> new ArrayList<>()).add(new Point(x, y, interval));
    return this;
  }

  /** Adds a point of the dashed reference curve {@code name} (a bound, a prediction). */
  public IntervalLineChart reference(String name, double x, double y) {
    if (series.containsKey(name)) {
      throw new IllegalArgumentException(name + " is already a series with intervals");
    }
    references.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {x, y});
    return this;
  }

  /** A dashed horizontal line at {@code y}, labelled. */
  public IntervalLineChart level(String label, double y) {
    levels.add(new Level(label, y));
    return this;
  }

  /** The number of series with intervals (reference curves not counted). */
  public int seriesCount() {
    return series.size();
  }

  public String toSvg(int width, int height) {
    YIntervalSeriesCollection estimates = new YIntervalSeriesCollection();
    for (Map.Entry<String, List<Point>> s : series.entrySet()) {
      YIntervalSeries data = new YIntervalSeries(s.getKey(), true, true);
      for (Point p : s.getValue()) {
        checkX(p.x());
        checkY(p.y());
        double lower = p.interval().hasBounds() ? p.interval().lower() : p.y();
        double upper = p.interval().hasBounds() ? p.interval().upper() : p.y();
        data.add(p.x(), p.y(), lower, upper);
      }
      estimates.addSeries(data);
    }
    XYSeriesCollection curves = new XYSeriesCollection();
    for (Map.Entry<String, List<double[]>> r : references.entrySet()) {
      XYSeries data = new XYSeries(r.getKey(), true, true);
      for (double[] p : r.getValue()) {
        checkX(p[0]);
        checkY(p[1]);
        data.add(p[0], p[1]);
      }
      curves.addSeries(data);
    }
    ValueAxis xAxis;
    if (logX) {
      LogAxis log = new RoundTickLogAxis(xLabel);
      log.setSmallestValue(1e-12);
      log.setBase(10);
      xAxis = log;
    } else {
      NumberAxis linear = new NumberAxis(xLabel);
      linear.setAutoRangeIncludesZero(false);
      xAxis = linear;
    }
    ValueAxis yAxis;
    if (logY) {
      LogAxis log = new RoundTickLogAxis(yLabel);
      log.setSmallestValue(1e-300);
      log.setBase(10);
      yAxis = log;
    } else {
      NumberAxis linear = new NumberAxis(yLabel);
      linear.setAutoRangeIncludesZero(false);
      yAxis = linear;
    }
    if (yRange != null) {
      yAxis.setRange(yRange[0], yRange[1]);
    }

    XYErrorRenderer bars = new XYErrorRenderer();
    bars.setDefaultLinesVisible(true);
    bars.setDefaultShapesVisible(true);
    bars.setDrawXError(false);
    bars.setDrawYError(true);
    bars.setCapLength(6);
    for (int i = 0; i < estimates.getSeriesCount(); i++) {
      Color color = PALETTE[i % PALETTE.length];
      bars.setSeriesPaint(i, color);
      bars.setSeriesStroke(i, new BasicStroke(1.6f));
    }
    bars.setErrorPaint(null); // error bars in each series' colour
    XYLineAndShapeRenderer dashed = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < curves.getSeriesCount(); i++) {
      dashed.setSeriesPaint(i, PALETTE[(estimates.getSeriesCount() + i) % PALETTE.length]);
      dashed.setSeriesStroke(i, Svg.DASHED);
    }

    XYPlot plot = new XYPlot(estimates, xAxis, yAxis, bars);
    plot.setDataset(1, curves);
    plot.setRenderer(1, dashed);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    plot.setDomainGridlinePaint(new Color(0xDDDDDD));
    for (Level level : levels) {
      plot.addRangeMarker(Svg.referenceLine(level.label(), level.y()));
    }
    if (yRange == null && !levels.isEmpty()) {
      // the automatic range takes in the points; widen it to every level line as well
      double lower = yAxis.getLowerBound();
      double upper = yAxis.getUpperBound();
      for (Level level : levels) {
        lower = Math.min(lower, level.y());
        upper = Math.max(upper, level.y());
      }
      if (logY) {
        yAxis.setRange(lower / 1.2, upper * 1.2);
      } else {
        double margin = 0.05 * (upper - lower);
        yAxis.setRange(lower - margin, upper + margin);
      }
    }
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
    return Svg.of(chart, width, height);
  }

  private void checkY(double y) {
    if (logY && !(y > 0)) {
      throw new IllegalArgumentException("y = " + y + " cannot be drawn on a logarithmic axis");
    }
  }

  private void checkX(double x) {
    if (!Double.isFinite(x) || (logX && x <= 0)) {
      throw new IllegalArgumentException(
          "x = " + x + " cannot be drawn" + (logX ? " on a logarithmic axis" : ""));
    }
  }
}
