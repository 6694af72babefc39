package dev.traitlab.stats.fit;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.util.Pair;

/**
 * Nonlinear least squares: the theta that minimises sum_i (y_i - f(x_i; theta))^2, found by
 * Levenberg-Marquardt (commons-math3) from a starting point. Standard errors are the square roots
 * of the diagonal of s^2 (J^T J)^-1, J the Jacobian at the optimum and s^2 = RSS / (n - p); they
 * are asymptotic and assume independent errors of constant variance.
 */
public final class NonlinearFit {
  /** Evaluations (and iterations) allowed before a fit is declared not to converge. */
  public static final int MAX_EVALUATIONS = 10_000;

  private NonlinearFit() {}

  /**
   * Fits {@code model} to the points (x[i], y[i]) from {@code start} (one value per parameter).
   *
   * @throws IllegalArgumentException on bad points, a start of the wrong length or fewer points
   *     than parameters
   * @throws IllegalStateException when the optimiser does not converge
   */
  public static CurveFit fit(CurveModel model, double[] x, double[] y, double... start) {
    Curves.checkPoints(x, y, model.parameters().size());
    return fit(
        model.formula(),
        model.parameters(),
        y,
        start,
        (i, theta) -> model.value(x[i], theta),
        (i, theta) -> model.gradient(x[i], theta));
  }

  /**
   * Fits a {@link SurfaceModel} to the points (x[i], y[i]), x[i] holding one value per input of the
   * model, from {@code start}; as {@link #fit(CurveModel, double[], double[], double...)}.
   *
   * @throws IllegalArgumentException on rows of the wrong width, values that are not finite, a
   *     start of the wrong length or fewer points than parameters
   * @throws IllegalStateException when the optimiser does not converge
   */
  public static CurveFit fit(SurfaceModel model, double[][] x, double[] y, double... start) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "x and y differ in length: " + x.length + " and " + y.length);
    }
    int inputs = model.inputs().size();
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != inputs) {
        throw new IllegalArgumentException(
            "point "
                + i
                + " has "
                + x[i].length
                + " inputs, "
                + model.formula()
                + " takes "
                + inputs);
      }
      for (double v : x[i]) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("point " + i + " has input " + v);
        }
      }
    }
    if (y.length < model.parameters().size()) {
      throw new IllegalArgumentException(
          "need at least " + model.parameters().size() + " points, got " + y.length);
    }
    for (int i = 0; i < y.length; i++) {
      if (!Double.isFinite(y[i])) {
        throw new IllegalArgumentException("point " + i + " has y = " + y[i]);
      }
    }
    return fit(
        model.formula(),
        model.parameters(),
        y,
        start,
        (i, theta) -> model.value(x[i], theta),
        (i, theta) -> model.gradient(x[i], theta));
  }

  /** f or its gradient at point i. */
  @FunctionalInterface
  private interface AtPoint<T> {
    T at(int i, double[] theta);
  }

  private static CurveFit fit(
      String formula,
      List<String> names,
      double[] y,
      double[] start,
      AtPoint<Double> value,
      AtPoint<double[]> gradient) {
    int p = names.size();
    if (start.length != p) {
      throw new IllegalArgumentException(
          formula + " has " + p + " parameters, the start " + start.length);
    }
    int n = y.length;
    LeastSquaresOptimizer.Optimum optimum;
    try {
      optimum =
          new LevenbergMarquardtOptimizer()
              .optimize(
                  new LeastSquaresBuilder()
                      .start(start)
                      .target(y)
                      .model(
                          point -> {
                            double[] theta = point.toArray();
                            double[] values = new double[n];
                            double[][] jacobian = new double[n][];
                            for (int i = 0; i < n; i++) {
                              values[i] = value.at(i, theta);
                              jacobian[i] = gradient.at(i, theta);
                            }
                            return new Pair<>(
                                new ArrayRealVector(values, false),
                                new Array2DRowRealMatrix(jacobian, false));
                          })
                      .maxEvaluations(MAX_EVALUATIONS)
                      .maxIterations(MAX_EVALUATIONS)
                      .build());
    } catch (TooManyEvaluationsException | TooManyIterationsException e) {
      throw new IllegalStateException(
          "fitting " + formula + " did not converge: " + e.getMessage(), e);
    }
    double[] theta = optimum.getPoint().toArray();
    double rss = optimum.getResiduals().dotProduct(optimum.getResiduals());
    double s2 = n > p ? rss / (n - p) : Double.NaN;
    double[] se = new double[p];
    try {
      RealMatrix cov = optimum.getCovariances(1e-14);
      for (int j = 0; j < p; j++) {
        se[j] = Math.sqrt(cov.getEntry(j, j) * s2);
      }
    } catch (SingularMatrixException e) {
      java.util.Arrays.fill(se, Double.NaN);
    }
    List<CurveFit.Parameter> parameters = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      parameters.add(new CurveFit.Parameter(names.get(j), theta[j], se[j]));
    }
    return new CurveFit(formula, parameters, Curves.rSquared(rss, y), Math.sqrt(s2), n);
  }
}
