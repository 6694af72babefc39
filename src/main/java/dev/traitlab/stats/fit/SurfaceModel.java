package dev.traitlab.stats.fit;

import java.util.List;

/**
 * A parametric function of several inputs, y = f(x; theta) with x a vector (a scaling law in model
 * size and data, say), for {@link NonlinearFit#fit(SurfaceModel, double[][], double[], double...)}:
 * x has one value per name in {@link #inputs()}, theta one per name in {@link #parameters()}.
 */
public interface SurfaceModel {

  /** The formula as a reader sees it. */
  String formula();

  /** The names of x's entries, in order. */
  List<String> inputs();

  /** The names of theta's entries, in order. */
  List<String> parameters();

  /** f(x; theta). */
  double value(double[] x, double[] theta);

  /**
   * The partial derivatives of f with respect to each entry of theta at x; by default central
   * differences as {@link CurveModel#gradient}.
   */
  default double[] gradient(double[] x, double[] theta) {
    return Curves.centralDifferences(t -> value(x, t), theta);
  }
}
