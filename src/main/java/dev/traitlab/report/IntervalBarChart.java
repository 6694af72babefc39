package dev.traitlab.report;

import dev.traitlab.stats.Interval;
import dev.traitlab.stats.MeanInterval;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.Range;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The report's one chart of estimates with confidence intervals: a bar per estimate, its interval
 * as an error bar (symmetric, as a Student-t interval, or not, as Wilson's or a bootstrap's), and
 * optional dashed reference lines (chance level, say), rendered as an inline SVG element.
 */
public final class IntervalBarChart {
  private static final double CAP_HALF_WIDTH = 5;

  private final String title;
  private final String valueLabel;
  private final List<Bar> bars = new ArrayList<>();
  private final List<Reference> references = new ArrayList<>();
  private Double upperBound;

  /** An estimate and its interval; NaN bounds draw no error bar. */
  private record Bar(String label, double value, Interval interval) {}

  private record Reference(String label, double value) {}

  public IntervalBarChart(String title, String valueLabel) {
    this.title = title;
    this.valueLabel = valueLabel;
  }

  /** A bar of value +- halfWidth; halfWidth NaN (a single seed) draws no error bar. */
  public IntervalBarChart bar(String label, double value, double halfWidth) {
    return bar(label, value, new Interval(value - halfWidth, value + halfWidth));
  }

  /** A bar at the mean with its Student-t interval (none for a single value). */
  public IntervalBarChart bar(String label, MeanInterval mean) {
    return bar(label, mean.mean(), mean.interval());
  }

  /** A bar at {@code value} with an interval that need not be symmetric about it. */
  public IntervalBarChart bar(String label, double value, Interval interval) {
    if (bars.stream().anyMatch(b -> b.label().equals(label))) {
      throw new IllegalArgumentException("two bars labelled " + label);
    }
    bars.add(new Bar(label, value, interval));
    return this;
  }

  public IntervalBarChart reference(String label, double value) {
    references.add(new Reference(label, value));
    return this;
  }

  public IntervalBarChart optUpperBound(double upper) {
    this.upperBound = upper;
    return this;
  }

  public String toSvg(int width, int height) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Bar bar : bars) {
      data.addValue(bar.value(), valueLabel, bar.label());
    }
    BarRenderer renderer = new ErrorBarRenderer(bars, references);
    renderer.setSeriesPaint(0, new Color(0x4C72B0));
    renderer.setDrawBarOutline(false);
    renderer.setShadowVisible(false);
    renderer.setBarPainter(new StandardBarPainter());
    NumberAxis valueAxis = new NumberAxis(valueLabel);
    if (upperBound != null) {
      valueAxis.setRange(0, upperBound);
    } else {
      valueAxis.setAutoRangeIncludesZero(true); // and every interval and reference line
    }
    CategoryAxis categories = new CategoryAxis();
    // Many bars leave each label little room: wrap it on word breaks rather than cut it to "…".
    categories.setMaximumCategoryLabelLines(3);
    CategoryPlot plot = new CategoryPlot(data, categories, valueAxis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    for (Reference ref : references) {
      plot.addRangeMarker(Svg.referenceLine(ref.label(), ref.value()));
    }
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, false);
    return Svg.of(chart, width, height);
  }

  /**
   * Bars, then each bar's interval as a black vertical line with caps; the value axis's automatic
   * range takes in the intervals and the reference lines.
   */
  private static final class ErrorBarRenderer extends BarRenderer {
    private final List<Bar> bars;
    private final List<Reference> references;

    ErrorBarRenderer(List<Bar> bars, List<Reference> references) {
      this.bars = List.copyOf(bars);
      this.references = List.copyOf(references);
    }

    @Override
    public Range findRangeBounds(CategoryDataset dataset, boolean includeInterval) {
      Range range = super.findRangeBounds(dataset, includeInterval);
      for (Bar bar : bars) {
        if (bar.interval().hasBounds()) {
          range = Range.expandToInclude(range, bar.interval().lower());
          range = Range.expandToInclude(range, bar.interval().upper());
        }
      }
      for (Reference ref : references) {
        range = Range.expandToInclude(range, ref.value());
      }
      return range;
    }

    @Override
    public void drawItem(
        Graphics2D g2,
        CategoryItemRendererState state,
        Rectangle2D dataArea,
        CategoryPlot plot,
        CategoryAxis domainAxis,
        ValueAxis rangeAxis,
        CategoryDataset dataset,
        int row,
        int column,
        int pass) {
      super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
      Interval interval = bars.get(column).interval();
      int visibleRow = state.getVisibleSeriesIndex(row);
      if (!interval.hasBounds() || visibleRow < 0) {
        return;
      }
      double x =
          calculateBarW0(
                  plot, PlotOrientation.VERTICAL, dataArea, domainAxis, state, visibleRow, column)
              + state.getBarWidth() / 2;
      RectangleEdge edge = plot.getRangeAxisEdge();
      double low = rangeAxis.valueToJava2D(interval.lower(), dataArea, edge);
      double high = rangeAxis.valueToJava2D(interval.upper(), dataArea, edge);
      g2.setPaint(Color.BLACK);
      g2.setStroke(new BasicStroke(1f));
      g2.draw(new Line2D.Double(x, low, x, high));
      g2.draw(new Line2D.Double(x - CAP_HALF_WIDTH, high, x + CAP_HALF_WIDTH, high));
      g2.draw(new Line2D.Double(x - CAP_HALF_WIDTH, low, x + CAP_HALF_WIDTH, low));
    }
  }
}
