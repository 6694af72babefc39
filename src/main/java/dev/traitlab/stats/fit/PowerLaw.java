package dev.traitlab.stats.fit;

import java.util.List;

/**
 * Power laws y = a x^b (scaling laws: loss or intrinsic performance against compute, parameters or
 * data), for x > 0. Two fits: {@link #logLog} is the usual straight line through (ln x, ln y),
 * which weighs relative errors equally; {@link #fit} is least squares on y itself, which weighs
 * absolute errors equally and starts from the log-log estimate.
 */
public final class PowerLaw {
  /** y = a x^b, parameters a (units of y) and b (dimensionless exponent). */
  public static final CurveModel MODEL =
      CurveModel.of(
          "a * x^b",
          List.of("a", "b"),
          (x, theta) -> theta[0] * Math.pow(x, theta[1]),
          (x, theta) -> {
            double power = Math.pow(x, theta[1]);
            return new double[] {power, theta[0] * power * Math.log(x)};
          });

  private PowerLaw() {}

  /**
   * The line ln y = ln a + b ln x by ordinary least squares (every x and y must be positive). The
   * exponent b and its standard error are the slope's; a = exp(intercept), its standard error by
   * the delta method (a times the intercept's). R^2 and the residual standard deviation are those
   * of the line, in log space (the residual SD is then roughly the relative error of y).
   */
  public static CurveFit logLog(double[] x, double[] y) {
    Curves.checkPoints(x, y, 2);
    double[] lx = new double[x.length];
    double[] ly = new double[y.length];
    for (int i = 0; i < x.length; i++) {
      if (x[i] <= 0 || y[i] <= 0) {
        throw new IllegalArgumentException(
            "a log-log fit needs positive x and y, point "
                + i
                + " is ("
                + x[i]
                + ", "
                + y[i]
                + ")");
      }
      lx[i] = Math.log(x[i]);
      ly[i] = Math.log(y[i]);
    }
    LineFit line = LineFit.of(lx, ly);
    double a = Math.exp(line.intercept());
    return new CurveFit(
        "ln y = ln a + b ln x",
        List.of(
            new CurveFit.Parameter("a", a, a * line.interceptStandardError()),
            new CurveFit.Parameter("b", line.slope(), line.slopeStandardError())),
        line.rSquared(),
        line.residualSd(),
        line.n());
  }

  /**
   * a x^b by nonlinear least squares on y (every x positive; y may take any sign), starting from
   * {@link #logLog} of the points with positive y.
   */
  public static CurveFit fit(double[] x, double[] y) {
    Curves.checkPoints(x, y, 2);
    int positive = 0;
    for (double v : y) {
      positive += v > 0 ? 1 : 0;
    }
    double[] px = new double[positive];
    double[] py = new double[positive];
    for (int i = 0, k = 0; i < x.length; i++) {
      if (x[i] <= 0) {
        throw new IllegalArgumentException("a power law needs positive x, got " + x[i]);
      }
      if (y[i] > 0) {
        px[k] = x[i];
        py[k++] = y[i];
      }
    }
    return NonlinearFit.fit(MODEL, x, y, logLog(px, py).values());
  }
}
