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
    int p = model.parameters().size();
    if (start.length != p) {
      throw new IllegalArgumentException(
          model.formula() + " has " + p + " parameters, the start " + start.length);
    }
    Curves.checkPoints(x, y, p);
    int n = x.length;
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
                              values[i] = model.value(x[i], theta);
                              jacobian[i] = model.gradient(x[i], theta);
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
          "fitting " + model.formula() + " did not converge: " + e.getMessage(), e);
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
      parameters.add(new CurveFit.Parameter(model.parameters().get(j), theta[j], se[j]));
    }
    return new CurveFit(model.formula(), parameters, Curves.rSquared(rss, y), Math.sqrt(s2), n);
  }
}
