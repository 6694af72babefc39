package dev.traitlab.stats.fit;

import java.util.List;

/** A {@link CurveModel} made of lambdas; a null gradient falls back to central differences. */
record DefinedCurve(
    String formula, List<String> parameters, CurveModel.Function f, CurveModel.Gradient analytic)
    implements CurveModel {

  DefinedCurve {
    parameters = List.copyOf(parameters);
  }

  @Override
  public double value(double x, double[] theta) {
    return f.value(x, theta);
  }

  @Override
  public double[] gradient(double x, double[] theta) {
    return analytic == null ? CurveModel.super.gradient(x, theta) : analytic.at(x, theta);
  }
}
