package dev.traitlab.experiments.heuristicestimators;

import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.experiments.heuristicestimators.HeuristicEstimatorsResult.Check;
import dev.traitlab.experiments.heuristicestimators.HeuristicEstimatorsResult.CurvePoint;
import dev.traitlab.stats.Bootstrap;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.MeanInterval;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The four families of expressions, each measured into property checks and curve points. Every
 * expression is drawn from its own generator, derived from the seed, the family and its index.
 */
final class Sections {
  static final String NETWORK = "relu-network";
  static final String SUM = "sample-sum";
  static final String SAT = "3-sat";
  static final String PRODUCT = "gaussian-product";
  static final String ACCURACY = "accuracy";
  static final String ITERATED = "iterated estimation";
  static final String ORTHOGONALITY = "error orthogonality";

  private Sections() {}

  /** A family's checks and curve points. */
  record Section(List<Check> checks, List<CurvePoint> curves) {}

  private static SplittableRandom rng(long seed, String family, long... index) {
    return new SplittableRandom(Seeds.derive(seed, family, index));
  }

  /** Rows of per-expression numbers, computed in parallel, pooled over seeds in order. */
  private static double[][] rows(
      List<Long> seeds, int perSeed, java.util.function.BiFunction<Long, Integer, double[]> row) {
    List<double[]> all = new ArrayList<>();
    for (long seed : seeds) {
      all.addAll(IntStream.range(0, perSeed).parallel().mapToObj(i -> row.apply(seed, i)).toList());
    }
    return all.toArray(double[][]::new);
  }

  // ---------------------------------------------------------------- ReLU networks

  /** Row layout of a network: Y, its Monte Carlo standard error, G0, G1, G2, Var_G1, Var_G2. */
  private static final int Y = 0;

  private static final int SE = 1;
  private static final int G0 = 2;
  private static final int G1 = 3;
  private static final int G2 = 4;
  private static final int V1 = 5;
  private static final int V2 = 6;

  static Section networks(HeuristicEstimatorsConfig c, Progress progress) {
    List<Check> checks = new ArrayList<>();
    List<CurvePoint> curves = new ArrayList<>();
    List<Integer> depths = c.depthValues();
    progress.start("ReLU networks", depths.size());
    long done = 0;
    for (int depth : depths) {
      double[][] rows =
          rows(
              c.seedList(),
              c.networks(),
              (seed, i) -> {
                SplittableRandom r = rng(seed, NETWORK, depth, i);
                ReluNetwork net =
                    ReluNetwork.random(
                        c.inputs(), c.width(), depth, c.weightScale(), c.biasScale(), r);
                double[] mc = net.monteCarlo(c.monteCarloPairs(), r);
                double[] g = net.estimates();
                return new double[] {mc[0], mc[1], g[0], g[1], g[2], g[3], g[4]};
              });
      long bootSeed = Seeds.derive(c.seed(), "bootstrap-network", depth);
      String[] names = {"G0 (means)", "G1 (variances)", "G2 (covariances)"};
      int[] cols = {G0, G1, G2};
      for (int k = 0; k < 3; k++) {
        int col = cols[k];
        curves.add(
            bootPoint(
                "network-accuracy",
                names[k],
                depth,
                rows,
                rs -> mean(rs, r -> r[Y] - r[col]) / sd(rs, Y),
                bootSeed + k));
      }
      curves.add(
          bootPoint(
              "network-orthogonality",
              "corr(Y - G2, G1)",
              depth,
              rows,
              rs -> correlation(rs, r -> r[Y] - r[G2], r -> r[G1]),
              bootSeed + 7));
      curves.add(
          bootPoint(
              "network-orthogonality",
              "corr(Y - G1, G0)",
              depth,
              rows,
              rs -> correlation(rs, r -> r[Y] - r[G1], r -> r[G0]),
              bootSeed + 8));
      double mcFloor = mean(rows, r -> r[SE]) / sd(rows, Y);
      curves.add(
          new CurvePoint(
              "network-mc-error",
              "Monte Carlo error / sd(Y)",
              depth,
              mcFloor,
              mcFloor,
              mcFloor,
              rows.length));
      if (depth == depths.get(depths.size() - 1)) {
        checks.addAll(networkChecks(rows, depth, bootSeed));
      }
      progress.step(++done, "depth " + depth);
    }
    progress.finish();
    return new Section(checks, curves);
  }

  private static List<Check> networkChecks(double[][] rows, int depth, long bootSeed) {
    List<Check> out = new ArrayList<>();
    String[] names = {"G0 (means)", "G1 (variances)", "G2 (covariances)"};
    int[] cols = {G0, G1, G2};
    String at = "depth " + depth;
    for (int k = 0; k < 3; k++) {
      int col = cols[k];
      out.add(
          boot(
              NETWORK,
              ACCURACY,
              names[k],
              "true E[y] (Monte Carlo), " + at,
              "mean(Y - G) over networks / sd(Y) across networks",
              rows,
              rs -> mean(rs, r -> r[Y] - r[col]) / sd(rs, Y),
              Double.NaN,
              bootSeed + 10 + k));
    }
    int[][] pairs = {{G0, G1}, {G1, G2}, {G0, G2}};
    for (int[] p : pairs) {
      String fine = names[p[1] - G0];
      String coarse = names[p[0] - G0];
      out.add(
          boot(
              NETWORK,
              ITERATED,
              coarse,
              "its forecast of " + fine + ", " + at,
              "mean(G_fine - G_coarse) / sd(Y): the coarse estimate's average error as a forecast"
                  + " of the fine one",
              rows,
              rs -> mean(rs, r -> r[p[1]] - r[p[0]]) / sd(rs, Y),
              Double.NaN,
              bootSeed + 20 + p[0] * 3 + p[1]));
      out.add(
          boot(
              NETWORK,
              ITERATED,
              coarse,
              "corr(" + fine + " - it, itself), " + at,
              "correlation over networks: can the coarse estimate predict its own revision?",
              rows,
              rs -> correlation(rs, r -> r[p[1]] - r[p[0]], r -> r[p[0]]),
              Double.NaN,
              bootSeed + 40 + p[0] * 3 + p[1]));
    }
    Object[][] features = {
      {G1, G0, "G0(Y)"},
      {G2, G0, "G0(Y)"},
      {G2, G1, "G1(Y)"},
      {G2, V1, "G1(Var y)"},
      {G1, V1, "G1(Var y), its own argument"},
      {G2, V2, "G2(Var y), its own argument"}
    };
    int f = 0;
    for (Object[] feature : features) {
      int col = (int) feature[0];
      int z = (int) feature[1];
      out.add(
          boot(
              NETWORK,
              ORTHOGONALITY,
              names[col - G0],
              "feature " + feature[2] + ", " + at,
              "correlation over networks of the error Y - G with the feature",
              rows,
              rs -> correlation(rs, r -> r[Y] - r[col], r -> r[z]),
              Double.NaN,
              bootSeed + 60 + f++));
    }
    return out;
  }

  // ---------------------------------------------------------------- sums (literal)

  static Section sums(HeuristicEstimatorsConfig c, Progress progress) {
    progress.start("sampling estimator of a sum", 1);
    int n = c.terms();
    int t = n / 2;
    int s = n / 4;
    double[][] rows =
        rows(
            c.seedList(),
            c.sums(),
            (seed, i) -> {
              SplittableRandom r = rng(seed, SUM, i);
              double[] a = new double[n];
              for (int k = 0; k < n; k++) {
                // a skewed positive term plus a trend along the index
                a[k] = Math.exp(0.5 * r.nextGaussian()) + (k + 0.5) / n - 0.5;
              }
              int[] perm = Seeds.permutation(r.nextLong(), n);
              boolean[] bigT = new boolean[n];
              boolean[] small = new boolean[n];
              boolean[] inside = new boolean[n]; // S'' within S
              boolean[] across = new boolean[n]; // S' within T, not within S
              for (int k = 0; k < t; k++) {
                bigT[perm[k]] = true;
              }
              for (int k = 0; k < s; k++) {
                small[perm[k]] = true;
              }
              for (int k = 0; k < s / 2; k++) {
                inside[perm[k]] = true;
              }
              for (int k = s / 2; k < s / 2 + s; k++) {
                across[perm[k]] = true;
              }
              boolean[] first = new boolean[n];
              for (int k = 0; k < s; k++) {
                first[k] = true;
              }
              SampleSums.Poly y = SampleSums.Poly.sumOf(n);
              SampleSums.Poly fine = SampleSums.estimateAsPoly(y, bigT);
              double iterated =
                  SampleSums.estimate(fine, a, small) - SampleSums.estimate(y, a, small);
              SampleSums.Poly error = y.minus(fine);
              double orthInside =
                  SampleSums.estimate(error.times(SampleSums.estimateAsPoly(y, inside)), a, small);
              double orthAcross =
                  SampleSums.estimate(error.times(SampleSums.estimateAsPoly(y, across)), a, small);
              double closed = SampleSums.orthogonalityClosedForm(a, small, across, bigT);
              double truth = y.value(a);
              double accRandom = truth - SampleSums.estimate(y, a, small);
              double accFirst = truth - SampleSums.estimate(y, a, first);
              return new double[] {
                iterated, orthInside, orthAcross, closed, accRandom, accFirst, truth
              };
            });
    List<Check> checks = new ArrayList<>();
    String sizes = "N=" + n + ", |T|=" + t + ", |S|=" + s;
    checks.add(
        literal(
            ITERATED, "G(. | S)", "G(G(Y | T) | S) - G(Y | S), S within T, " + sizes, rows, 0, 0));
    checks.add(
        literal(ORTHOGONALITY, "G(. | T)", "G((Y - G(Y|T)) G(Y|S') | S), S' within S", rows, 1, 0));
    double closedMean = Arrays.stream(rows).mapToDouble(r -> r[3]).average().orElse(Double.NaN);
    checks.add(
        literal(
            ORTHOGONALITY,
            "G(. | T)",
            "G((Y - G(Y|T)) G(Y|S') | S), S' within T but not S",
            rows,
            2,
            closedMean));
    double sdY = sdColumn(rows, 6);
    String scaled = "mean(Y - G) / sd(Y) over arrays (Student t)";
    String[] subsets = {
      "S a uniformly random subset", "S the first |S| terms (the terms trend upward)"
    };
    for (int k = 0; k < 2; k++) {
      double[] v = column(rows, 4 + k);
      for (int i = 0; i < v.length; i++) {
        v[i] /= sdY;
      }
      checks.add(
          meanCheck(SUM, ACCURACY, "G(. | S)", subsets[k], scaled, v, k == 0 ? 0 : Double.NaN, 0));
    }
    progress.step(1, "");
    progress.finish();
    return new Section(checks, List.of());
  }

  private static Check literal(
      String property, String estimator, String against, double[][] rows, int col, double closed) {
    double[] v = column(rows, col);
    MeanInterval m = MeanInterval.of(v);
    double max = Arrays.stream(v).map(Math::abs).max().orElse(0);
    // values exact up to rounding: allow 1e-9 of the scale of the terms involved
    double tolerance = 1e-9 * Math.max(1, Math.abs(closed)) * v.length;
    return new Check(
        SUM,
        property,
        estimator,
        against,
        "the literal value, computed exactly per array; mean over arrays (Student t), largest"
            + " |value| "
            + String.format(java.util.Locale.ROOT, "%.3g", max),
        m.mean(),
        m.lower(),
        m.upper(),
        closed,
        v.length,
        tolerance);
  }

  // ---------------------------------------------------------------- 3-SAT

  /** Row layout: Y, G0, G1 on the natural distribution, then on the planted-core one. */
  static Section sat(HeuristicEstimatorsConfig c, Progress progress) {
    List<Check> checks = new ArrayList<>();
    List<CurvePoint> curves = new ArrayList<>();
    List<Double> densities = c.densityValues();
    int n = c.variables();
    progress.start("3-SAT counting", densities.size());
    long done = 0;
    for (int d = 0; d < densities.size(); d++) {
      double alpha = densities.get(d);
      int m = (int) Math.round(alpha * n);
      int di = d;
      double[][] rows =
          rows(
              c.seedList(),
              c.formulas(),
              (seed, i) -> {
                SplittableRandom r = rng(seed, SAT, di, i);
                SatCount.Formula f = SatCount.random(n, m, r);
                SatCount.Formula core = SatCount.withUnsatisfiableCore(n, m, r);
                double g0 = SatCount.independent(f);
                return new double[] {
                  SatCount.exact(f) / g0,
                  1,
                  SatCount.pairwise(f) / g0,
                  SatCount.exact(core) / g0,
                  1,
                  SatCount.pairwise(core) / g0,
                  Math.log(SatCount.pairwise(f) / g0)
                };
              });
      // every value is relative to G0 = (7/8)^m, a constant for the density
      String[] series = {
        "G0, random formulas", "G1, random formulas", "G0, planted core", "G1, planted core"
      };
      int[][] cols = {{0, 1}, {0, 2}, {3, 4}, {3, 5}};
      for (int k = 0; k < series.length; k++) {
        int yc = cols[k][0];
        int gc = cols[k][1];
        MeanInterval mi = MeanInterval.of(errors(rows, yc, gc));
        curves.add(
            new CurvePoint(
                "sat-accuracy", series[k], alpha, mi.mean(), mi.lower(), mi.upper(), rows.length));
      }
      double[] ratio = column(rows, 0);
      Interval med =
          Bootstrap.percentile(
              ratio, Sections::median, Seeds.derive(c.seed(), "bootstrap-sat-median", d));
      curves.add(
          new CurvePoint(
              "sat-median",
              "median Y / G0",
              alpha,
              median(ratio),
              med.lower(),
              med.upper(),
              rows.length));
      if (d == densities.size() - 1 || alpha == 4) {
        String at = "m/n = " + fmt(alpha) + ", n = " + n;
        String stat = "mean((Y - G) / G0) over formulas (Student t); G0 = (7/8)^m";
        Object[][] specs = {
          {"G0 (independent clauses)", "random 3-CNF, ", 0, 1, 0.0},
          {"G1 (pairwise arguments)", "random 3-CNF, ", 0, 2, Double.NaN},
          {"G0 (independent clauses)", "planted unsatisfiable core, ", 3, 4, -1.0},
          {"G1 (pairwise arguments)", "planted unsatisfiable core, ", 3, 5, Double.NaN}
        };
        for (Object[] sp : specs) {
          checks.add(
              meanCheck(
                  SAT,
                  ACCURACY,
                  (String) sp[0],
                  sp[1] + at,
                  stat,
                  errors(rows, (int) sp[2], (int) sp[3]),
                  (double) sp[4],
                  0));
        }
        long bs = Seeds.derive(c.seed(), "bootstrap-sat", d);
        checks.add(
            boot(
                SAT,
                ORTHOGONALITY,
                "G0 (independent clauses)",
                "feature log(G1/G0), the pairwise arguments' correction, " + at,
                "correlation over formulas of the error Y - G with the feature",
                rows,
                rs -> correlation(rs, r -> r[0] - r[1], r -> r[6]),
                Double.NaN,
                bs));
        checks.add(
            boot(
                SAT,
                ORTHOGONALITY,
                "G1 (pairwise arguments)",
                "feature log(G1/G0), its own argument, " + at,
                "correlation over formulas of the error Y - G with the feature",
                rows,
                rs -> correlation(rs, r -> r[0] - r[2], r -> r[6]),
                Double.NaN,
                bs + 1));
      }
      progress.step(++done, "m/n = " + alpha);
    }
    progress.finish();
    return new Section(checks, curves);
  }

  // ---------------------------------------------------------------- Gaussian products

  /** Row layout: natural Y, G1 (both / G0); one-factor Y, G1; disjoint pairs Y, G1; feature. */
  static Section products(HeuristicEstimatorsConfig c, Progress progress) {
    List<Check> checks = new ArrayList<>();
    List<CurvePoint> curves = new ArrayList<>();
    List<Double> scales = c.scaleValues();
    int n = c.factors();
    progress.start("Gaussian products", scales.size());
    long done = 0;
    for (int si = 0; si < scales.size(); si++) {
      double scale = scales.get(si);
      int sIndex = si;
      double[][] rows =
          rows(
              c.seedList(),
              c.products(),
              (seed, i) -> {
                SplittableRandom r = rng(seed, PRODUCT, sIndex, i);
                double[] mu = GaussianProducts.randomMeans(n, r);
                double g0 = GaussianProducts.independent(mu);
                double[][] wishart = GaussianProducts.wishart(n, scale, r);
                double[][] factor = GaussianProducts.oneFactor(n, scale, r);
                double[][] pairs = GaussianProducts.disjointPairs(n, scale, r);
                return new double[] {
                  GaussianProducts.exact(mu, wishart) / g0,
                  GaussianProducts.pairwise(mu, wishart) / g0,
                  GaussianProducts.exact(mu, factor) / g0,
                  GaussianProducts.pairwise(mu, factor) / g0,
                  GaussianProducts.exact(mu, pairs) / g0,
                  GaussianProducts.pairwise(mu, pairs) / g0,
                  GaussianProducts.squaredCorrections(mu, wishart)
                };
              });
      String[] series = {
        "G0, random covariances",
        "G1, random covariances",
        "G0, one common factor",
        "G1, one common factor"
      };
      int[][] cols = {{0, -1}, {0, 1}, {2, -1}, {2, 3}};
      for (int k = 0; k < series.length; k++) {
        int yc = cols[k][0];
        int gc = cols[k][1];
        MeanInterval mi = MeanInterval.of(errors(rows, yc, gc));
        curves.add(
            new CurvePoint(
                k < 2 ? "product-accuracy" : "product-factor",
                series[k],
                scale,
                mi.mean(),
                mi.lower(),
                mi.upper(),
                rows.length));
      }
      if (si == scales.size() - 1) {
        String at = "n = " + n + ", scale " + fmt(scale);
        String stat = "mean((Y - G) / G0) over products (Student t); G0 = prod mu";
        Object[][] specs = {
          {"G0 (independence)", "random covariances, ", 0, -1},
          {"G1 (pairwise arguments)", "random covariances, ", 0, 1},
          {"G0 (independence)", "one common factor, ", 2, -1},
          {"G1 (pairwise arguments)", "one common factor, ", 2, 3},
          {"G1 (pairwise arguments)", "covariance within disjoint pairs only, ", 4, 5}
        };
        for (Object[] sp : specs) {
          boolean exact = (int) sp[2] == 4; // pairwise is exact there, up to rounding
          checks.add(
              meanCheck(
                  PRODUCT,
                  ACCURACY,
                  (String) sp[0],
                  sp[1] + at,
                  stat,
                  errors(rows, (int) sp[2], (int) sp[3]),
                  exact ? 0 : Double.NaN,
                  exact ? 1e-9 : 0));
        }
        checks.add(
            boot(
                PRODUCT,
                ORTHOGONALITY,
                "G1 (pairwise arguments)",
                "feature sum of squared pair corrections, its own argument, random covariances, "
                    + at,
                "correlation over products of the error Y - G with the feature",
                rows,
                rs -> correlation(rs, r -> r[0] - r[1], r -> r[6]),
                Double.NaN,
                Seeds.derive(c.seed(), "bootstrap-product", si)));
      }
      progress.step(++done, "scale " + scale);
    }
    progress.finish();
    return new Section(checks, curves);
  }

  // ---------------------------------------------------------------- statistics

  /** Per row, the truth in column yc minus the estimate in column gc (gc < 0: the estimate 1). */
  static double[] errors(double[][] rows, int yc, int gc) {
    double[] err = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      err[i] = rows[i][yc] - (gc < 0 ? 1 : rows[i][gc]);
    }
    return err;
  }

  /** A check whose violation is the mean of per-expression values, with its Student-t interval. */
  private static Check meanCheck(
      String family,
      String property,
      String estimator,
      String against,
      String statistic,
      double[] values,
      double closed,
      double tolerance) {
    MeanInterval m = MeanInterval.of(values);
    return new Check(
        family,
        property,
        estimator,
        against,
        statistic,
        m.mean(),
        m.lower(),
        m.upper(),
        closed,
        values.length,
        tolerance);
  }

  private static Check boot(
      String family,
      String property,
      String estimator,
      String against,
      String statistic,
      double[][] rows,
      ToDoubleFunction<double[][]> f,
      double closed,
      long seed) {
    Interval ci = Bootstrap.percentile(rows, f, seed);
    return new Check(
        family,
        property,
        estimator,
        against,
        statistic + " (bootstrap over expressions)",
        f.applyAsDouble(rows),
        ci.lower(),
        ci.upper(),
        closed,
        rows.length,
        0);
  }

  /** A curve point: a statistic of the rows with its bootstrap interval. */
  private static CurvePoint bootPoint(
      String figure,
      String series,
      double x,
      double[][] rows,
      ToDoubleFunction<double[][]> statistic,
      long seed) {
    Interval ci = Bootstrap.percentile(rows, statistic, seed);
    return new CurvePoint(
        figure, series, x, statistic.applyAsDouble(rows), ci.lower(), ci.upper(), rows.length);
  }

  static double mean(double[][] rows, ToDoubleFunction<double[]> f) {
    double s = 0;
    for (double[] r : rows) {
      s += f.applyAsDouble(r);
    }
    return s / rows.length;
  }

  static double sd(double[][] rows, int col) {
    return sdColumn(rows, col);
  }

  static double sdColumn(double[][] rows, int col) {
    double m = 0;
    for (double[] r : rows) {
      m += r[col];
    }
    m /= rows.length;
    double ss = 0;
    for (double[] r : rows) {
      ss += (r[col] - m) * (r[col] - m);
    }
    return Math.sqrt(ss / (rows.length - 1));
  }

  /** Pearson correlation of two per-row quantities; 0 when either is constant. */
  static double correlation(
      double[][] rows, ToDoubleFunction<double[]> x, ToDoubleFunction<double[]> y) {
    int n = rows.length;
    double mx = 0;
    double my = 0;
    for (double[] r : rows) {
      mx += x.applyAsDouble(r);
      my += y.applyAsDouble(r);
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (double[] r : rows) {
      double dx = x.applyAsDouble(r) - mx;
      double dy = y.applyAsDouble(r) - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
  }

  static double[] column(double[][] rows, int col) {
    double[] v = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      v[i] = rows[i][col];
    }
    return v;
  }

  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static String fmt(double v) {
    return new java.math.BigDecimal(String.format(java.util.Locale.ROOT, "%.3g", v))
        .stripTrailingZeros()
        .toPlainString();
  }
}
