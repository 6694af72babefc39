package dev.traitlab.stats.fit;

import dev.traitlab.stats.Interval;
import dev.traitlab.stats.MeanInterval;
import java.util.List;

/**
 * The result of fitting a curve by least squares: each parameter's estimate and standard error, and
 * the fit's R^2 and residual standard deviation (units of y). Where a fit is made in a transformed
 * space (a power law fitted as a line in log-log space), {@code formula} says so and R^2 and
 * residualSd are that space's.
 *
 * @param formula the curve, such as {@code "a * x^b"}
 * @param parameters estimates in the model's order
 * @param rSquared 1 - RSS / TSS; NaN when every y is equal
 * @param residualSd sqrt(RSS / (n - p)); NaN when n = p
 * @param n number of points
 */
public record CurveFit(
    String formula, List<Parameter> parameters, double rSquared, double residualSd, int n) {

  public CurveFit {
    parameters = List.copyOf(parameters);
  }

  /**
   * One estimate.
   *
   * @param standardError from the residual variance and the Jacobian at the optimum, s^2 (J^T J)^-1
   *     (asymptotic, normal errors of constant variance); NaN where it cannot be computed (n = p,
   *     or parameters that the data cannot tell apart)
   */
  public record Parameter(String name, double value, double standardError) {}

  public Parameter parameter(String name) {
    for (Parameter p : parameters) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no parameter " + name + " in " + formula);
  }

  public double value(String name) {
    return parameter(name).value();
  }

  public double standardError(String name) {
    return parameter(name).standardError();
  }

  /** The estimates in the model's order, for {@link CurveModel#value}. */
  public double[] values() {
    return parameters.stream().mapToDouble(Parameter::value).toArray();
  }

  /** 95% Student-t interval (n - p degrees of freedom) of a parameter. */
  public Interval interval(String name) {
    return interval(name, MeanInterval.DEFAULT_LEVEL);
  }

  public Interval interval(String name, double level) {
    Parameter p = parameter(name);
    return LineFit.tInterval(p.value(), p.standardError(), n - parameters.size(), level);
  }
}
