package dev.traitlab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Reads the drawn SVG back: marker centres, the dashed diagonal and the plot's clip rectangle, and
 * checks each point sits where base-10 logarithmic axes over the chart's stated range put it.
 */
class ScatterChartTest {
  private static final Pattern FILLED =
      Pattern.compile(
          "<g style='fill:rgb\\((\\d+),(\\d+),(\\d+)\\);stroke:none'[^>]*><path d='([^']*)'");

  /** A dashed (6, 4) stroke: drawn as a path in the legend, as a line element in the plot. */
  private static final Pattern DASHED =
      Pattern.compile(
          "<g style='[^']*stroke-dasharray:6\\.0,4\\.0[^']*'[^>]*><path d='([^']*)'"
              + "|<line x1='([^']*)' y1='([^']*)' x2='([^']*)' y2='([^']*)'"
              + " style='[^']*stroke-dasharray:6\\.0,4\\.0");

  private static final Pattern CLIP = Pattern.compile("<clipPath [^>]*><path d='([^']*)'");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?(?:E-?\\d+)?");

  /** [minX, minY, maxX, maxY] of every coordinate pair in an SVG path. */
  private static double[] bounds(String path) {
    Matcher m = NUMBER.matcher(path);
    List<Double> v = new ArrayList<>();
    while (m.find()) {
      v.add(Double.parseDouble(m.group()));
    }
    double[] b = {
      Double.POSITIVE_INFINITY,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NEGATIVE_INFINITY
    };
    for (int i = 0; i + 1 < v.size(); i += 2) {
      b[0] = Math.min(b[0], v.get(i));
      b[1] = Math.min(b[1], v.get(i + 1));
      b[2] = Math.max(b[2], v.get(i));
      b[3] = Math.max(b[3], v.get(i + 1));
    }
    return b;
  }

  /** Centres of the filled markers of one colour that lie inside {@code area}. */
  private static List<double[]> markers(String svg, java.awt.Color colour, double[] area) {
    List<double[]> out = new ArrayList<>();
    Matcher m = FILLED.matcher(svg);
    while (m.find()) {
      if (Integer.parseInt(m.group(1)) != colour.getRed()
          || Integer.parseInt(m.group(2)) != colour.getGreen()
          || Integer.parseInt(m.group(3)) != colour.getBlue()) {
        continue;
      }
      double[] b = bounds(m.group(4));
      double x = (b[0] + b[2]) / 2;
      double y = (b[1] + b[3]) / 2;
      if (x >= area[0] && x <= area[2] && y >= area[1] && y <= area[3]) {
        out.add(new double[] {x, y});
      }
    }
    return out;
  }

  /** The longest dashed path: the diagonal, not the legend's short sample of it. */
  private static double[] diagonal(String svg) {
    Matcher m = DASHED.matcher(svg);
    double[] best = null;
    while (m.find()) {
      double[] b =
          m.group(1) != null
              ? bounds(m.group(1))
              : bounds("M" + m.group(2) + "," + m.group(3) + "L" + m.group(4) + "," + m.group(5));
      if (best == null || b[2] - b[0] > best[2] - best[0]) {
        best = b;
      }
    }
    return best;
  }

  private static double[] pixel(double[] area, double[] range, double x, double y) {
    double span = Math.log10(range[1]) - Math.log10(range[0]);
    double fx = (Math.log10(x) - Math.log10(range[0])) / span;
    double fy = (Math.log10(y) - Math.log10(range[0])) / span;
    return new double[] {area[0] + fx * (area[2] - area[0]), area[3] - fy * (area[3] - area[1])};
  }

  @Test
  void pointsLandWhereLogAxesOverWholeDecadesPutThem() {
    String svg =
        new ScatterChart("t", "true probability", "estimate")
            .logAxes()
            .diagonal()
            .point("A", 1e-8, 1e-8)
            .point("A", 1e-6, 1e-5)
            .point("A", 3e-7, 2e-9)
            .point("B", 1e-7, 0)
            .point("B", 1e-7, -1)
            .point("B", Double.NaN, 1e-6)
            .point("B", 4e-6, 5e-8)
            .toSvg(600, 400);
    // 2e-9 / 1.25 and 1e-5 * 1.25 round out to 1e-9 and 1e-4, on both axes.
    double[] range = {1e-9, 1e-4};
    assertArrayEquals(range, ScatterChart.decades(2e-9, 1e-5), 1e-24);

    // The plot area is the clip rectangle whose corners the diagonal joins, bottom left to top
    // right: y = x spans the shared range at 45 degrees in data terms.
    double[] d = diagonal(svg);
    assertNotNull(d, "no dashed diagonal");
    double[] area = null;
    Matcher clip = CLIP.matcher(svg);
    while (clip.find()) {
      double[] b = bounds(clip.group(1));
      if (Math.abs(b[0] - d[0]) < 0.5
          && Math.abs(b[2] - d[2]) < 0.5
          && Math.abs(b[1] - d[1]) < 0.5
          && Math.abs(b[3] - d[3]) < 0.5) {
        area = b;
      }
    }
    assertNotNull(area, "the diagonal does not run corner to corner of the plot area");
    assertTrue(svg.contains(">y = x<"), "the diagonal is in the legend");

    List<double[]> a = markers(svg, Svg.PALETTE[0], area);
    assertEquals(3, a.size(), "series A's three points");
    double[][] expectedA = {
      pixel(area, range, 1e-8, 1e-8), pixel(area, range, 1e-6, 1e-5), pixel(area, range, 3e-7, 2e-9)
    };
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(expectedA[i], a.get(i), 0.75, "point " + i + " of A");
    }
    // The first point lies on the diagonal: it is at the same fraction of both axes.
    double fx = (a.get(0)[0] - area[0]) / (area[2] - area[0]);
    double fy = (area[3] - a.get(0)[1]) / (area[3] - area[1]);
    assertEquals(0.2, fx, 0.003);
    assertEquals(fx, fy, 0.003);

    // B: one point drawn; the zero and the negative one are counted as such, the NaN apart.
    List<double[]> b = markers(svg, Svg.PALETTE[1], area);
    assertEquals(1, b.size(), "series B's one drawable point");
    assertArrayEquals(pixel(area, range, 4e-6, 5e-8), b.get(0), 0.75);
    assertTrue(svg.contains(">B (2 \u2264 0 not drawn, 1 not finite)<"), "B's legend label");
    assertTrue(svg.contains(">A<"), "A's legend label names nothing left out");
    for (String tick : new String[] {">1e-09<", ">1e-06<", ">1e-04<"}) {
      assertTrue(svg.contains(tick), "tick " + tick);
    }
  }

  @Test
  void aChartOfNothingDrawableRendersWithoutADiagonal() {
    ScatterChart chart =
        new ScatterChart("t", "x", "y").logAxes().diagonal().point("naive", 1e-7, 0);
    assertEquals(0, chart.drawable("naive"));
    String svg = chart.toSvg(400, 300);
    assertTrue(svg.startsWith("<svg"));
    assertTrue(svg.contains(">naive (1 \u2264 0 not drawn)<"));
    assertNull(diagonal(svg), "no range to draw y = x across");
    assertNull(ScatterChart.decades(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
  }

  @Test
  void linearAxesDrawZeroAndNegativeValues() {
    ScatterChart chart =
        new ScatterChart("t", "x", "y")
            .point("s", 0, -1)
            .point("s", 2, 3)
            .point("s", 1, Double.POSITIVE_INFINITY);
    assertEquals(2, chart.drawable("s"));
    String svg = chart.toSvg(400, 300);
    assertTrue(svg.contains(">s (1 not finite)<"));
    assertFalse(svg.contains("not drawn"));
  }
}
