package dev.traitlab.eval.store;

import dev.traitlab.eval.task.CalibrationCurve;
import dev.traitlab.report.Svg;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A reliability diagram (accuracy against mean confidence per bin) as an inline SVG element. */
public final class CalibrationChart {
  private CalibrationChart() {}

  public static String svg(CalibrationCurve curve, int width, int height) {
    XYSeries diagonal = new XYSeries("perfect calibration");
    diagonal.add(0, 0);
    diagonal.add(1, 1);
    XYSeries observed = new XYSeries(curve.name());
    for (CalibrationCurve.Point p : curve.points()) {
      observed.add(p.meanConfidence(), p.accuracy());
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(diagonal);
    data.addSeries(observed);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setSeriesPaint(0, new Color(0xAAAAAA));
    renderer.setSeriesShapesVisible(0, false);
    renderer.setSeriesStroke(
        0,
        new BasicStroke(
            1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {5, 4}, 0));
    renderer.setSeriesPaint(1, new Color(0x4C72B0));
    NumberAxis x = new NumberAxis("confidence");
    x.setRange(0, 1);
    NumberAxis y = new NumberAxis("accuracy");
    y.setRange(0, 1);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xDDDDDD));
    plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    JFreeChart chart =
        new JFreeChart(
            "Calibration: " + curve.name(), new Font(Font.SANS_SERIF, Font.BOLD, 13), plot, true);
    return Svg.of(chart, width, height);
  }
}
