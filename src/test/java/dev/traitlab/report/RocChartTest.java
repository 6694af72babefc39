package dev.traitlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Reads the drawn SVG back: the line segments of each curve (JFreeChart draws a line series as one
 * {@code <line>} per segment), the dashed chance diagonal, the dotted FPR marker and the plot's
 * clip rectangle, and checks each vertex sits where axes over [0, 1] x [0, 1.02] put it.
 */
class RocChartTest {
  private static final Pattern LINE =
      Pattern.compile(
          "<line x1='([^']*)' y1='([^']*)' x2='([^']*)' y2='([^']*)' style='([^']*)'"
              + " clip-path='url\\(#([^)]*)\\)'");
  private static final Pattern CLIP = Pattern.compile("<clipPath id='([^']*)'><path d='([^']*)'");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?(?:E-?\\d+)?");
  private static final double TOP = 1.02;

  private record Segment(double x1, double y1, double x2, double y2, String clip) {}

  /** The line segments stroked in {@code colour} (with the dash pattern, if any, in the style). */
  private static List<Segment> segments(String svg, Color colour, String dash) {
    String stroke =
        "stroke:rgb(" + colour.getRed() + "," + colour.getGreen() + "," + colour.getBlue() + ")";
    List<Segment> out = new ArrayList<>();
    Matcher m = LINE.matcher(svg);
    while (m.find()) {
      String style = m.group(5);
      boolean dashed = style.contains("stroke-dasharray");
      if (!style.contains(stroke + ";")
          || (dash == null ? dashed : !style.contains("stroke-dasharray:" + dash))) {
        continue;
      }
      out.add(
          new Segment(
              Double.parseDouble(m.group(1)),
              Double.parseDouble(m.group(2)),
              Double.parseDouble(m.group(3)),
              Double.parseDouble(m.group(4)),
              m.group(6)));
    }
    return out;
  }

  /** [minX, minY, maxX, maxY] of the clip path named {@code id}. */
  private static double[] clip(String svg, String id) {
    Matcher m = CLIP.matcher(svg);
    while (m.find()) {
      if (m.group(1).equals(id)) {
        Matcher n = NUMBER.matcher(m.group(2));
        List<Double> v = new ArrayList<>();
        while (n.find()) {
          v.add(Double.parseDouble(n.group()));
        }
        double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i + 1 < v.size(); i += 2) {
          b[0] = Math.min(b[0], v.get(i));
          b[1] = Math.min(b[1], v.get(i + 1));
          b[2] = Math.max(b[2], v.get(i));
          b[3] = Math.max(b[3], v.get(i + 1));
        }
        return b;
      }
    }
    return null;
  }

  /** A segment's ends in data coordinates, read through the plot area. */
  private static double[][] data(Segment s, double[] area) {
    return new double[][] {toData(s.x1, s.y1, area), toData(s.x2, s.y2, area)};
  }

  private static double[] toData(double px, double py, double[] area) {
    return new double[] {
      (px - area[0]) / (area[2] - area[0]), (area[3] - py) / (area[3] - area[1]) * TOP
    };
  }

  /** The distinct vertices of a curve's segments, in data coordinates rounded to 1e-3. */
  private static Set<List<Double>> vertices(List<Segment> segments, double[] area) {
    Set<List<Double>> out = new LinkedHashSet<>();
    for (Segment s : segments) {
      for (double[] p : data(s, area)) {
        out.add(List.of(Math.round(p[0] * 1000) / 1000.0, Math.round(p[1] * 1000) / 1000.0));
      }
    }
    return out;
  }

  private static List<double[]> points(double... xy) {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < xy.length; i += 2) {
      out.add(new double[] {xy[i], xy[i + 1]});
    }
    return out;
  }

  @Test
  void curvesDiagonalAndMarkerLandOnTheUnitSquare() {
    String svg =
        new RocChart("t")
            .curve("perfect", points(0, 0, 0, 1, 1, 1))
            .curve("random", points(0, 0, 0.25, 0.25, 0.5, 0.5, 1, 1))
            .markFpr(0.1)
            .toSvg(600, 400);
    assertTrue(svg.startsWith("<svg"));

    // The chance diagonal: one dashed grey segment, in the plot area's clip, from its bottom-left
    // corner (0, 0) to its right edge at height 1 / 1.02 (1, 1).
    List<Segment> chance = segments(svg, Svg.PALETTE[Svg.PALETTE.length - 1], "6.0,4.0");
    assertEquals(1, chance.size(), "the chance diagonal");
    Segment d = chance.get(0);
    double[] area = clip(svg, d.clip());
    assertNotNull(area, "the diagonal's clip rectangle");
    assertTrue(area[2] - area[0] > 300 && area[3] - area[1] > 200, "a plot-sized area");
    assertEquals(area[0], d.x1(), 0.01, "chance starts at fpr 0 (x axis from 0)");
    assertEquals(area[3], d.y1(), 0.01, "chance starts at recall 0 (y axis from 0)");
    assertEquals(area[2], d.x2(), 0.01, "chance ends at fpr 1 (x axis to 1)");
    assertEquals(1.0, toData(d.x2(), d.y2(), area)[1], 1e-3, "chance ends at recall 1 (y to 1.02)");

    // The perfect classifier runs up the left edge to (0, 1), then along recall 1 to (1, 1).
    List<Segment> perfect = segments(svg, Svg.PALETTE[0], null);
    assertEquals(2, perfect.size(), "two segments for three points");
    assertEquals(
        List.of(List.of(0.0, 0.0), List.of(0.0, 1.0), List.of(1.0, 1.0)),
        new ArrayList<>(vertices(perfect, area)));
    for (Segment s : perfect) {
      assertEquals(d.clip(), s.clip(), "the curve is drawn in the plot area");
    }

    // The random classifier lies along the diagonal: every vertex has recall = fpr.
    List<Segment> random = segments(svg, Svg.PALETTE[1], null);
    assertEquals(3, random.size());
    assertEquals(
        List.of(List.of(0.0, 0.0), List.of(0.25, 0.25), List.of(0.5, 0.5), List.of(1.0, 1.0)),
        new ArrayList<>(vertices(random, area)));

    // The dotted marker: a vertical line at fpr 0.1.
    List<Segment> marker = segments(svg, new Color(0x555555), "2.0,3.0");
    assertEquals(1, marker.size(), "the FPR marker");
    assertEquals(0.1, toData(marker.get(0).x1(), 0, area)[0], 1e-3);
    assertEquals(marker.get(0).x1(), marker.get(0).x2(), 1e-9, "vertical");

    for (String label : new String[] {">perfect<", ">random<", ">chance<", ">0.0<", ">1.0<"}) {
      assertTrue(svg.contains(label), label);
    }
  }

  @Test
  void withoutAMarkerNoDottedLineIsDrawn() {
    String svg = new RocChart("t").curve("a", points(0, 0, 1, 1)).toSvg(400, 300);
    assertTrue(segments(svg, new Color(0x555555), "2.0,3.0").isEmpty());
    assertFalse(segments(svg, Svg.PALETTE[0], null).isEmpty());
  }

  @Test
  void pointsOffTheUnitSquareRepeatedNamesAndBadMarkersAreRefused() {
    RocChart chart = new RocChart("t").curve("a", points(0, 0, 1, 1));
    assertEquals(1, chart.curveCount());
    for (double[] bad :
        new double[][] {{1.1, 0.5}, {0.5, -0.1}, {Double.NaN, 0.5}, {0.5, Double.NaN}, {0.5}}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> chart.curve("b", List.of(new double[] {0, 0}, bad)));
      assertTrue(e.getMessage().contains("b"), e.getMessage());
    }
    IllegalArgumentException repeated =
        assertThrows(IllegalArgumentException.class, () -> chart.curve("a", points(0, 0)));
    assertTrue(repeated.getMessage().contains("already"), repeated.getMessage());
    assertThrows(IllegalArgumentException.class, () -> chart.markFpr(1.5));
    assertThrows(IllegalArgumentException.class, () -> chart.markFpr(Double.NaN));
    assertEquals(1, chart.curveCount(), "refused curves are not kept");
  }
}
