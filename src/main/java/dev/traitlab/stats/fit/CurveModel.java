package dev.traitlab.stats.fit;

import java.util.List;

/**
 * A parametric curve y = f(x; theta) for {@link NonlinearFit}: theta has one value per name in
 * {@link #parameters()}, in that order.
 */
public interface CurveModel {

  /** The formula as a reader sees it, such as {@code "a * x^b"}. */
  String formula();

  /** The names of theta's entries, in order. */
  List<String> parameters();

  /** f(x; theta). */
  double value(double x, double[] theta);

  /**
   * The partial derivatives of f with respect to each entry of theta at x. By default central
   * differences with a step of 1e-6 relative to each entry (absolute for entries below 1 in size);
   * override with the analytic gradient where there is one.
   */
  default double[] gradient(double x, double[] theta) {
    return Curves.centralDifferences(t -> value(x, t), theta);
  }

  /** A model from its formula, names and function, with numerical gradients. */
  static CurveModel of(String formula, List<String> parameters, Function f) {
    return new DefinedCurve(formula, parameters, f, null);
  }

  /** A model from its formula, names, function and analytic gradient. */
  static CurveModel of(String formula, List<String> parameters, Function f, Gradient gradient) {
    return new DefinedCurve(formula, parameters, f, gradient);
  }

  /** f(x; theta) as a lambda. */
  @FunctionalInterface
  interface Function {
    double value(double x, double[] theta);
  }

  /** The gradient of f with respect to theta at x, as a lambda. */
  @FunctionalInterface
  interface Gradient {
    double[] at(double x, double[] theta);
  }
}
