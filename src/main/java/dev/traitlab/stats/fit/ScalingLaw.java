package dev.traitlab.stats.fit;

import java.util.List;

/**
 * The joint power law of a loss-like quantity in model size N and data (environment interactions)
 * E, in the form Hilton, Tang and Schulman fit to intrinsic performance I ("Scaling laws for
 * single-agent reinforcement learning", 2023, arXiv:2301.13442, after Kaplan et al.'s L(N, D)):
 *
 * <pre>
 * I^(-beta) = (N_c / N)^alpha_N + (E_c / E)^alpha_E,  beta = alpha_N alpha_E / (alpha_N + alpha_E)
 * </pre>
 *
 * <p>I grows as a power law in N when E is not the bottleneck and in E when N is not. beta is not a
 * free parameter: when I is defined as the least compute C = k N E that reaches a level of
 * performance, minimising N E along a level set of the law (Lagrange: the two terms then stand in
 * the ratio alpha_E : alpha_N) gives min C proportional to I^(beta (1/alpha_N + 1/alpha_E)), which
 * equals I only for this beta. The same minimisation gives the compute-optimal size N_opt
 * proportional to C^(alpha_E / (alpha_N + alpha_E)) and E_opt to C^(alpha_N / (alpha_N + alpha_E)).
 *
 * <p>Fitted by least squares on ln I (relative errors weighed equally) with parameters alpha_N,
 * alpha_E, ln N_c and ln E_c; N and E in whatever units the caller uses (parameters, interactions),
 * I in compute units.
 */
public final class ScalingLaw {
  /** ln I as a function of (N, E); theta = (alpha_N, alpha_E, ln N_c, ln E_c). */
  public static final SurfaceModel MODEL =
      new SurfaceModel() {
        @Override
        public String formula() {
          return "I^(-beta) = (N_c/N)^alpha_N + (E_c/E)^alpha_E, beta = alpha_N alpha_E/(alpha_N"
              + " + alpha_E), fitted on ln I";
        }

        @Override
        public List<String> inputs() {
          return List.of("N", "E");
        }

        @Override
        public List<String> parameters() {
          return List.of("alpha_N", "alpha_E", "ln N_c", "ln E_c");
        }

        @Override
        public double value(double[] x, double[] theta) {
          return logIntrinsic(x[0], x[1], theta[0], theta[1], theta[2], theta[3]);
        }

        @Override
        public double[] gradient(double[] x, double[] theta) {
          // ln I = -(1/beta) L, L = logsumexp(a, b), 1/beta = 1/alpha_N + 1/alpha_E.
          double alphaN = theta[0];
          double alphaE = theta[1];
          double dn = theta[2] - Math.log(x[0]);
          double de = theta[3] - Math.log(x[1]);
          double a = alphaN * dn;
          double b = alphaE * de;
          double max = Math.max(a, b);
          double sum = Math.exp(a - max) + Math.exp(b - max);
          double l = max + Math.log(sum);
          double wa = Math.exp(a - max) / sum;
          double wb = 1 - wa;
          double inverseBeta = 1 / alphaN + 1 / alphaE;
          return new double[] {
            l / (alphaN * alphaN) - inverseBeta * wa * dn,
            l / (alphaE * alphaE) - inverseBeta * wb * de,
            -inverseBeta * wa * alphaN,
            -inverseBeta * wb * alphaE
          };
        }
      };

  private static final double[] START_ALPHAS = {0.4, 1.5};

  private ScalingLaw() {}

  /** beta = alpha_N alpha_E / (alpha_N + alpha_E), fixed by the definition of I. */
  public static double beta(double alphaN, double alphaE) {
    return alphaN * alphaE / (alphaN + alphaE);
  }

  /** The exponent of the compute-optimal size, N_opt ~ C^(alpha_E / (alpha_N + alpha_E)). */
  public static double computeOptimalSizeExponent(double alphaN, double alphaE) {
    return alphaE / (alphaN + alphaE);
  }

  /** ln I of the law at (n, e), computed stably as -(1/beta) logsumexp of the two terms. */
  public static double logIntrinsic(
      double n, double e, double alphaN, double alphaE, double lnNc, double lnEc) {
    double a = alphaN * (lnNc - Math.log(n));
    double b = alphaE * (lnEc - Math.log(e));
    double max = Math.max(a, b);
    double logSum = max + Math.log(Math.exp(a - max) + Math.exp(b - max));
    return -logSum / beta(alphaN, alphaE);
  }

  /** ln I of a fit at (n, e). */
  public static double logIntrinsic(CurveFit fit, double n, double e) {
    double[] t = fit.values();
    return logIntrinsic(n, e, t[0], t[1], t[2], t[3]);
  }

  /**
   * Fits the law to points (n[i], e[i], intrinsic[i]), all positive, trying starts over a grid
   * (exponents 0.4 and 1.5; N_c and E_c below, within and above the data) and keeping the fit of
   * least squared error.
   *
   * @throws IllegalArgumentException on fewer than 5 points, arrays of different lengths, or a
   *     value that is not positive and finite
   * @throws IllegalStateException when no start converges
   */
  public static CurveFit fit(double[] n, double[] e, double[] intrinsic) {
    double[][] x = points(n, e, intrinsic);
    double[] y = logs(intrinsic);
    double[] lnN = logs(n);
    double[] lnE = logs(e);
    return leastSquares(MODEL, x, y, startGrid(lnN, lnE, 1), "scaling law");
  }

  /**
   * Fits the law from one start (a previous fit's values, say: a bootstrap replicate), for speed.
   *
   * @throws IllegalStateException when it does not converge
   */
  public static CurveFit fitFrom(double[] n, double[] e, double[] intrinsic, double[] start) {
    return NonlinearFit.fit(MODEL, points(n, e, intrinsic), logs(intrinsic), start);
  }

  /**
   * The law over G groups (sweeps at G horizons, say) with the exponents shared and one (N_c, E_c)
   * per group: theta = (alpha_N, alpha_E, ln N_c[0..G-1], ln E_c[0..G-1]), x = (N, E, group). The
   * restriction "the setting changes the coefficients, not the exponents" as a model nested in G
   * separate fits. With the exponents shared, N_c(g) / N_c(0) and E_c(g) / E_c(0) do not depend on
   * the unit of I (which rescales every N_c by one factor and every E_c by another); across
   * separate fits they do.
   */
  public static SurfaceModel sharedModel(int groups) {
    if (groups < 1) {
      throw new IllegalArgumentException("need at least one group, got " + groups);
    }
    List<String> names = new java.util.ArrayList<>(List.of("alpha_N", "alpha_E"));
    for (int g = 0; g < groups; g++) {
      names.add("ln N_c[" + g + "]");
    }
    for (int g = 0; g < groups; g++) {
      names.add("ln E_c[" + g + "]");
    }
    List<String> parameters = List.copyOf(names);
    return new SurfaceModel() {
      @Override
      public String formula() {
        return MODEL.formula() + ", exponents shared by " + groups + " groups";
      }

      @Override
      public List<String> inputs() {
        return List.of("N", "E", "group");
      }

      @Override
      public List<String> parameters() {
        return parameters;
      }

      @Override
      public double value(double[] x, double[] theta) {
        return MODEL.value(x, own(x, theta));
      }

      @Override
      public double[] gradient(double[] x, double[] theta) {
        double[] one = MODEL.gradient(x, own(x, theta));
        double[] out = new double[theta.length];
        int g = (int) x[2];
        out[0] = one[0];
        out[1] = one[1];
        out[2 + g] = one[2];
        out[2 + groups + g] = one[3];
        return out;
      }

      private double[] own(double[] x, double[] theta) {
        int g = (int) x[2];
        return new double[] {theta[0], theta[1], theta[2 + g], theta[2 + groups + g]};
      }
    };
  }

  /**
   * Fits {@link #sharedModel} to G groups of points (n.get(g)[i], e.get(g)[i], intrinsic.get(g)[i])
   * by least squares on ln I, from a grid of starts as {@link #fit} (every group's coefficients
   * starting at the same place of the data's range) plus {@code extraStart} when given (the
   * separate fits' exponents and coefficients, say), keeping the least squared error.
   *
   * @throws IllegalArgumentException as {@link #fit} for any group, or without groups
   * @throws IllegalStateException when no start converges to positive exponents
   */
  public static CurveFit fitShared(
      List<double[]> n, List<double[]> e, List<double[]> intrinsic, double[] extraStart) {
    int groups = n.size();
    double[][] x = sharedPoints(n, e, intrinsic);
    double[] y = new double[x.length];
    double[] lnN = new double[x.length];
    double[] lnE = new double[x.length];
    int at = 0;
    for (int g = 0; g < groups; g++) {
      for (int i = 0; i < n.get(g).length; i++) {
        y[at] = Math.log(intrinsic.get(g)[i]);
        lnN[at] = Math.log(n.get(g)[i]);
        lnE[at] = Math.log(e.get(g)[i]);
        at++;
      }
    }
    SurfaceModel model = sharedModel(groups);
    List<double[]> starts = startGrid(lnN, lnE, groups);
    if (extraStart != null) {
      starts.add(extraStart);
    }
    return leastSquares(model, x, y, starts, "shared scaling law");
  }

  /**
   * Starts over a grid: exponents from {@link #START_ALPHAS}; every group's ln N_c (and ln E_c)
   * below, within and above the data's range, in the order (alpha_N, alpha_E, ln N_c[..], ln
   * E_c[..]).
   */
  private static List<double[]> startGrid(double[] lnN, double[] lnE, int groups) {
    double[] nStarts = {min(lnN) - 2, (min(lnN) + max(lnN)) / 2, max(lnN) + 2};
    double[] eStarts = {min(lnE) - 2, (min(lnE) + max(lnE)) / 2, max(lnE) + 2};
    List<double[]> starts = new java.util.ArrayList<>();
    for (double alphaN : START_ALPHAS) {
      for (double alphaE : START_ALPHAS) {
        for (double lnNc : nStarts) {
          for (double lnEc : eStarts) {
            double[] start = new double[2 + 2 * groups];
            start[0] = alphaN;
            start[1] = alphaE;
            java.util.Arrays.fill(start, 2, 2 + groups, lnNc);
            java.util.Arrays.fill(start, 2 + groups, start.length, lnEc);
            starts.add(start);
          }
        }
      }
    }
    return starts;
  }

  /** The converged fit of least squared error with positive exponents among the starts. */
  private static CurveFit leastSquares(
      SurfaceModel model, double[][] x, double[] y, List<double[]> starts, String what) {
    CurveFit best = null;
    double bestRss = Double.POSITIVE_INFINITY;
    RuntimeException last = null;
    for (double[] start : starts) {
      try {
        CurveFit fit = NonlinearFit.fit(model, x, y, start);
        double rss = rss(model, fit, x, y);
        if (fit.value("alpha_N") > 0 && fit.value("alpha_E") > 0 && rss < bestRss) {
          best = fit;
          bestRss = rss;
        }
      } catch (IllegalStateException | ArithmeticException ex) {
        last = ex;
      }
    }
    if (best == null) {
      throw new IllegalStateException(
          "no start of the "
              + what
              + " converged to positive exponents"
              + (last == null ? "" : ": " + last.getMessage()),
          last);
    }
    return best;
  }

  /**
   * Fits {@link #sharedModel} from one start (a previous fit's values: a bootstrap replicate).
   *
   * @throws IllegalStateException when it does not converge
   */
  public static CurveFit fitSharedFrom(
      List<double[]> n, List<double[]> e, List<double[]> intrinsic, double[] start) {
    double[][] x = sharedPoints(n, e, intrinsic);
    double[] y = new double[x.length];
    int at = 0;
    for (double[] values : intrinsic) {
      for (double v : values) {
        y[at++] = Math.log(v);
      }
    }
    return NonlinearFit.fit(sharedModel(n.size()), x, y, start);
  }

  /** The residual sum of squares of a fit of {@code model} on (x, y). */
  public static double rss(SurfaceModel model, CurveFit fit, double[][] x, double[] y) {
    double sum = 0;
    double[] theta = fit.values();
    for (int i = 0; i < y.length; i++) {
      double r = y[i] - model.value(x[i], theta);
      sum += r * r;
    }
    return sum;
  }

  private static double[][] sharedPoints(
      List<double[]> n, List<double[]> e, List<double[]> intrinsic) {
    if (n.isEmpty() || n.size() != e.size() || n.size() != intrinsic.size()) {
      throw new IllegalArgumentException(
          "need N, E and I for the same groups, at least one: got "
              + n.size()
              + ", "
              + e.size()
              + " and "
              + intrinsic.size());
    }
    List<double[]> rows = new java.util.ArrayList<>();
    for (int g = 0; g < n.size(); g++) {
      double[][] x;
      try {
        x = points(n.get(g), e.get(g), intrinsic.get(g));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("group " + g + ": " + ex.getMessage(), ex);
      }
      for (double[] row : x) {
        rows.add(new double[] {row[0], row[1], g});
      }
    }
    return rows.toArray(new double[0][]);
  }

  private static double[][] points(double[] n, double[] e, double[] intrinsic) {
    if (n.length != e.length || n.length != intrinsic.length) {
      throw new IllegalArgumentException(
          "N, E and I differ in length: " + n.length + ", " + e.length + ", " + intrinsic.length);
    }
    if (n.length < 5) {
      throw new IllegalArgumentException(
          "a scaling law of 4 parameters needs at least 5 points, got " + n.length);
    }
    double[][] x = new double[n.length][];
    for (int i = 0; i < n.length; i++) {
      if (!(n[i] > 0 && e[i] > 0 && intrinsic[i] > 0)
          || !Double.isFinite(n[i] * e[i] * intrinsic[i])) {
        throw new IllegalArgumentException(
            "point "
                + i
                + " has N = "
                + n[i]
                + ", E = "
                + e[i]
                + ", I = "
                + intrinsic[i]
                + ": all must be positive and finite");
      }
      x[i] = new double[] {n[i], e[i]};
    }
    return x;
  }

  private static double[] logs(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.log(v[i]);
    }
    return out;
  }

  private static double min(double[] v) {
    return java.util.Arrays.stream(v).min().orElseThrow();
  }

  private static double max(double[] v) {
    return java.util.Arrays.stream(v).max().orElseThrow();
  }
}
