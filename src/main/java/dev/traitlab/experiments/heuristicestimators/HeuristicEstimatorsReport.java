package dev.traitlab.experiments.heuristicestimators;

import dev.traitlab.core.Json;
import dev.traitlab.experiments.heuristicestimators.HeuristicEstimatorsResult.Check;
import dev.traitlab.experiments.heuristicestimators.HeuristicEstimatorsResult.CurvePoint;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.report.IntervalBarChart;
import dev.traitlab.report.IntervalLineChart;
import dev.traitlab.report.TextTable;
import dev.traitlab.stats.Interval;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The heuristic-estimators report, its text summary and its headline metrics. */
public final class HeuristicEstimatorsReport {
  private static final int WIDTH = 860;
  private static final int HEIGHT = 420;

  private HeuristicEstimatorsReport() {}

  public static HtmlReport build(String runId, HeuristicEstimatorsResult r) {
    HeuristicEstimatorsConfig c = r.config();
    HtmlReport report = new HtmlReport("Heuristic estimators, checked numerically");
    report.meta("run " + runId + " · " + c.seedsText());
    report.paragraph(
        "A heuristic estimator G (Christiano, Hilton, Lincoln, Neyman, Xu 2024,"
            + " arXiv:2410.01290) takes an expression Y and arguments pi and returns an estimate"
            + " G(Y | pi). The paper argues that G should not be able to predict its own errors:"
            + " G(Y - G(Y | pi) | pi) = 0 at least, and more strongly iterated estimation (from"
            + " fewer arguments, the estimate of the estimate with more arguments is the current"
            + " estimate) and error orthogonality (the better-informed error is orthogonal to"
            + " anything the less-informed estimator computes), by analogy with the law of"
            + " iterated expectations; and it studies accuracy, zero average error over a"
            + " distribution of expressions. Here each property is measured on concrete"
            + " estimators as a violation, zero when it holds, with a 95% interval over a"
            + " distribution of expressions, against ground truth (exhaustive, exact, or Monte"
            + " Carlo). Where G cannot be applied to expressions that contain G (the networks,"
            + " the counting problems), the outer estimate is replaced by the average over the"
            + " distribution of expressions, the reading by which the properties become"
            + " statements about calibration: an average error, or a correlation of an error"
            + " with what a coarser estimator computes. The sampling estimator of a sum is"
            + " defined on its own outputs, and there the properties are checked literally.");

    report.heading("ReLU networks: mean, variance and covariance propagation");
    report.paragraph(
        "Random networks with "
            + c.inputs()
            + " standard-normal inputs, "
            + c.width()
            + " ReLU units per layer, weights N(0, "
            + fmt(c.weightScale())
            + "^2/fan-in), biases N(0, "
            + fmt(c.biasScale())
            + "^2), a readout with positive weights (a weighted mean activity); Y = E[y]. G0 propagates means only (each unit presumed at"
            + " its mean), G1 means and variances with units presumed independent Gaussians, G2"
            + " means and all covariances with pre-activations presumed jointly Gaussian. Truth:"
            + " Monte Carlo over "
            + 2 * c.monteCarloPairs()
            + " inputs (antithetic pairs) per network; "
            + c.networks() * c.seeds()
            + " networks per depth. Accuracy is mean(Y - G)/sd(Y), sd(Y) taken across networks;"
            + " the dashed line is the Monte Carlo error of Y on the same scale.");
    Map<String, IntervalLineChart> charts = charts(r);
    IntervalLineChart acc = charts.get("network-accuracy");
    IntervalLineChart orth = charts.get("network-orthogonality");
    report.svg(acc.toSvg(WIDTH, HEIGHT));
    report.svg(orth.toSvg(WIDTH, HEIGHT));
    List<Check> network = family(r, Sections.NETWORK);
    IntervalBarChart bars =
        new IntervalBarChart(
                "Violations at the deepest networks, numbered as in the table below", "value")
            .reference("0", 0);
    int i = 0;
    for (Check k : network) {
      bars.bar(Integer.toString(++i), k.value(), new Interval(k.lower(), k.upper()));
    }
    report.svg(bars.toSvg(WIDTH, 460));
    report.table(checkTable(network, true));

    report.heading("A sampling estimator of a sum, checked literally");
    report.paragraph(
        "Y = a_1 + ... + a_N with N = "
            + c.terms()
            + " terms a_i = exp(0.5 z_i) plus a trend (i + 1/2)/N - 1/2; an argument is a set S"
            + " of terms examined, and G(Y | S) = N times their mean. G is defined on every"
            + " polynomial of degree 2 in the terms (unexamined terms presumed independent draws"
            + " from the examined ones), so G(G(Y | T) | S) and G((Y - G(Y | T)) G(Y | S') | S)"
            + " are computed exactly, for "
            + c.sums() * c.seeds()
            + " random arrays and random nested subsets S within T (|T| = N/2, |S| = N/4)."
            + " Iterated estimation holds exactly (G is linear and its forecast of the finer"
            + " sample mean is its own). Error orthogonality holds when S' lies within S but"
            + " fails when S' reaches outside S, by exactly |S' \\ S| (N/|S'|)(1 - N/|T|)"
            + " var_S(a): the estimator presumes an unexamined term independent of itself,"
            + " a_j^2 -> m_S^2 + var_S rather than m_S^2. So iterated estimation does not imply"
            + " error orthogonality. Accuracy holds when S is a uniformly random subset and"
            + " fails when S is the first terms of a trending array.");
    List<Check> sums = family(r, Sections.SUM);
    IntervalBarChart literal =
        new IntervalBarChart("Literal values (exact per array), mean over arrays", "value")
            .reference("0", 0);
    for (Check k : sums) {
      if (k.property().equals(Sections.ITERATED)) {
        literal.bar("iterated estimation", k.value(), interval(k));
      } else if (k.property().equals(Sections.ORTHOGONALITY)) {
        boolean within = k.against().endsWith("S' within S");
        String label = within ? "orthogonality, S' within S" : "orthogonality, S' outside S";
        literal.bar(label, k.value(), interval(k));
        if (!within) {
          literal.bar("its closed form", k.closedForm(), Interval.UNDEFINED);
        }
      }
    }
    report.svg(literal.toSvg(WIDTH, 400));
    report.table(checkTable(sums, false));

    report.heading("Counting 3-SAT solutions: accuracy on average, not on recognisable subsets");
    report.paragraph(
        "Y = the fraction of the 2^"
            + c.variables()
            + " assignments that satisfy a random 3-CNF formula of m = density x n clauses"
            + " (counted exhaustively; #3-SAT is #P-complete). G0 presumes the clauses satisfied"
            + " independently, (7/8)^m; G1 adds, as arguments, every pair of clauses that share a"
            + " variable, each multiplying the estimate by its exact joint probability over"
            + " (7/8)^2. On random formulas G0 is accurate exactly (each assignment satisfies"
            + " each independent random clause with probability 7/8, so E[Y] = (7/8)^m), yet on"
            + " the recognisable sub-distribution of formulas that contain all 8 sign patterns of"
            + " one triple (no solution at all) it is off by the whole estimate, and the pairwise"
            + " arguments barely help. An estimator accurate on every efficiently recognisable"
            + " sub-distribution would have to see such cores, which is the difficulty. Errors"
            + " are relative to G0 = (7/8)^m; "
            + c.formulas() * c.seeds()
            + " formulas per density.");
    IntervalLineChart sat = charts.get("sat-accuracy");
    IntervalLineChart median = charts.get("sat-median");
    report.svg(sat.toSvg(WIDTH, HEIGHT));
    report.paragraph(
        "Measuring accuracy is itself delicate: beyond the threshold Y/G0 is heavy-tailed (rare"
            + " formulas with many solutions carry the mean), so a few hundred formulas tend to"
            + " underestimate E[Y] and the Student-t interval can exclude the exact 0 that theory"
            + " gives G0; such a point is a failure of the interval, not of G0.");
    report.paragraph(
        "Accuracy on average says little about a typical formula: near the satisfiability"
            + " threshold most formulas have far fewer solutions than (7/8)^m, and a few have"
            + " many more.");
    report.svg(median.toSvg(WIDTH, 360));
    report.table(checkTable(family(r, Sections.SAT), false));

    report.heading("The expected product of correlated Gaussians");
    report.paragraph(
        "Y = E[X_1 ... X_"
            + c.factors()
            + "] for jointly Gaussian X with means 1 + 0.2 z and covariance scale x (a random"
            + " Wishart matrix A A^T / n, correlations of either sign), exactly by a recursion"
            + " over subsets (Isserlis: a sum over partial matchings, a hafnian for zero means)."
            + " G0 = prod mu; G1 multiplies in (1 + Sigma_ij/(mu_i mu_j)) for every pair, which"
            + " is exact when the covariance lives on disjoint pairs but counts overlapping"
            + " pairs that no matching contains. With correlations of either sign the overcount"
            + " averages out; under one common factor (every correlation positive) it does not.");
    IntervalLineChart prod = charts.get("product-accuracy");
    IntervalLineChart factor = charts.get("product-factor");
    report.svg(prod.toSvg(WIDTH, HEIGHT));
    report.svg(factor.toSvg(WIDTH, HEIGHT));
    report.table(checkTable(family(r, Sections.PRODUCT), false));

    report.heading("What the paper's text could and could not confirm");
    report.paragraph(
        "Confirmed from the stored abstract (arXiv:2410.01290) and ARC's announcement: a"
            + " heuristic estimator maps an expression and arguments to an estimate; the"
            + " principle that it should not predict its own errors, most simply G(Y - G(Y | pi)"
            + " | pi) = 0; the names iterated estimation (by analogy with the law of iterated"
            + " expectations) and error orthogonality; accuracy as zero average error over a"
            + " distribution of expressions; barriers to accurate estimators in the context of"
            + " two estimation problems; linearity as a coherence property (from the"
            + " announcement). Not confirmed (the stored copies stop after the abstract): the"
            + " exact formal statements and quantifiers of iterated estimation and error"
            + " orthogonality, and which two estimation problems the paper's barrier results"
            + " use. #3-SAT and products of Gaussians are this experiment's choice of two"
            + " #P-hard estimation problems, not necessarily the paper's.");

    report.heading("Stages").table(Stages.table(r.stages()));
    report.heading("Configuration");
    report.preformatted(Json.pretty(c));
    return report;
  }

  /** The report's line charts by figure, filled with the result's curve points. */
  private static Map<String, IntervalLineChart> charts(HeuristicEstimatorsResult r) {
    Map<String, IntervalLineChart> charts = new LinkedHashMap<>();
    charts.put(
        "network-accuracy",
        zeroChart(
            "Accuracy: mean error / sd(Y)", "hidden layers", "mean(Y - G)/sd(Y)", "accurate"));
    charts.put(
        "network-orthogonality",
        zeroChart(
            "Error orthogonality: correlation of an error with a coarser estimate",
            "hidden layers",
            "correlation",
            "orthogonal"));
    charts.put(
        "sat-accuracy",
        zeroChart(
            "Accuracy on 3-SAT: mean (Y - G)/G0",
            "clauses / variables",
            "mean error / G0",
            "accurate"));
    charts.put(
        "sat-median",
        new IntervalLineChart(
                "A typical formula: median Y / G0", "clauses / variables", "median Y / G0")
            .level("G0", 1));
    charts.put(
        "product-accuracy",
        zeroChart(
                "Random covariances: mean (Y - G)/G0",
                "covariance scale",
                "mean error / G0",
                "accurate")
            .logX());
    charts.put(
        "product-factor",
        zeroChart(
                "One common factor: mean (Y - G)/G0",
                "covariance scale",
                "mean error / G0",
                "accurate")
            .logX());
    for (CurvePoint p : r.curves()) {
      if (p.figure().equals("network-mc-error")) {
        charts.get("network-accuracy").reference(p.series(), p.x(), p.value());
      } else if (charts.containsKey(p.figure())) {
        charts.get(p.figure()).point(p.series(), p.x(), p.value(), interval(p));
      }
    }
    return charts;
  }

  private static IntervalLineChart zeroChart(
      String title, String xLabel, String yLabel, String zeroMeans) {
    return new IntervalLineChart(title, xLabel, yLabel).level("0: " + zeroMeans, 0);
  }

  private static Interval interval(CurvePoint p) {
    return new Interval(p.lower(), p.upper());
  }

  private static Interval interval(Check k) {
    return new Interval(k.lower(), k.upper());
  }

  private static List<Check> family(HeuristicEstimatorsResult r, String family) {
    return r.checks().stream().filter(k -> k.family().equals(family)).toList();
  }

  static TextTable checkTable(List<Check> checks, boolean numbered) {
    TextTable t =
        TextTable.of(
                "#",
                "property",
                "estimator",
                "against",
                "violation [95% CI]",
                "closed form",
                "0 in CI",
                "n",
                "statistic")
            .alignRight(0, 4, 5, 7);
    int i = 0;
    for (Check k : checks) {
      t.row(
          numbered ? Integer.toString(++i) : "",
          k.property(),
          k.estimator(),
          k.against(),
          String.format(Locale.ROOT, "%.4g [%.4g, %.4g]", k.value(), k.lower(), k.upper()),
          Double.isNaN(k.closedForm()) ? "" : String.format(Locale.ROOT, "%.4g", k.closedForm()),
          zeroText(k),
          Integer.toString(k.expressions()),
          k.statistic());
    }
    return numbered ? t : t.columns(1, 2, 3, 4, 5, 6, 7, 8);
  }

  /**
   * Whether zero lies in the interval; for values exact up to floating point the interval is
   * widened by the check's stated rounding tolerance, and the cell says when only that widening
   * admits 0.
   */
  static String zeroText(Check k) {
    if (k.lower() <= 0 && k.upper() >= 0) {
      return "yes";
    }
    return k.consistentWithZero()
        ? String.format(Locale.ROOT, "yes (rounding, tol %.1g)", k.tolerance())
        : "no";
  }

  public static String text(HeuristicEstimatorsResult r) {
    StringBuilder out = new StringBuilder();
    for (String family : List.of(Sections.NETWORK, Sections.SUM, Sections.SAT, Sections.PRODUCT)) {
      out.append(family).append(": ").append(intervalsText(r, family)).append(":\n");
      out.append(checkTable(family(r, family), false).columns(0, 1, 2, 3, 4, 5, 7).render());
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * What a family's 95% intervals are over, for the terminal: the n expressions of each check,
   * pooled across the seeds, and the method ("95% CIs over n = 300 networks each (100 per seed x 3
   * seeds from 0, pooled), by bootstrap").
   */
  static String intervalsText(HeuristicEstimatorsResult r, String family) {
    List<Check> checks = family(r, family);
    if (checks.isEmpty()) {
      return "no checks";
    }
    HeuristicEstimatorsConfig c = r.config();
    int least = checks.stream().mapToInt(Check::expressions).min().orElseThrow();
    int most = checks.stream().mapToInt(Check::expressions).max().orElseThrow();
    String unit =
        switch (family) {
          case Sections.NETWORK -> "networks";
          case Sections.SUM -> "arrays";
          case Sections.SAT -> "formulas";
          case Sections.PRODUCT -> "products";
          default -> "expressions";
        };
    StringBuilder out = new StringBuilder("95% CIs over n = ");
    out.append(least == most ? Integer.toString(most) : least + " to " + most)
        .append(' ')
        .append(unit)
        .append(" each (");
    if (c.seeds() == 1) {
      out.append(c.seedsText()).append("), by ");
    } else {
      if (least == most && most % c.seeds() == 0) {
        out.append(most / c.seeds()).append(" per seed x ");
      }
      out.append(c.seedsText()).append(", pooled), by ");
    }
    boolean bootstrap = checks.stream().anyMatch(k -> k.statistic().contains("bootstrap"));
    boolean student = checks.stream().anyMatch(k -> !k.statistic().contains("bootstrap"));
    out.append(
        bootstrap && student
            ? "Student t or bootstrap as the statistic says"
            : bootstrap ? "bootstrap" : "Student t");
    return out.toString();
  }

  /**
   * Headline numbers: the three network estimators' accuracy at the deepest networks and the
   * predictability of G2's error from G1, the sampling estimator's literal orthogonality violation,
   * the pairwise 3-SAT estimate on planted cores, and the pairwise Gaussian estimate under one
   * factor (the first such check of each).
   */
  public static Map<String, Double> metrics(HeuristicEstimatorsResult r) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (Check k : r.checks()) {
      String key = null;
      if (k.family().equals(Sections.NETWORK) && k.property().equals(Sections.ACCURACY)) {
        key = "network_accuracy_" + k.estimator().substring(0, 2).toLowerCase(Locale.ROOT);
      } else if (k.family().equals(Sections.NETWORK) && k.against().startsWith("feature G1(Y)")) {
        key = "network_corr_error_g2_with_g1";
      } else if (k.family().equals(Sections.SUM) && k.against().endsWith("not S")) {
        key = "sum_orthogonality_violation";
      } else if (k.family().equals(Sections.SAT)
          && k.estimator().startsWith("G1")
          && k.against().startsWith("planted")) {
        key = "sat_pairwise_planted_core";
      } else if (k.family().equals(Sections.PRODUCT)
          && k.estimator().startsWith("G1")
          && k.against().startsWith("one common factor")) {
        key = "product_pairwise_one_factor";
      }
      if (key != null) {
        m.putIfAbsent(key, k.value());
      }
    }
    return m;
  }

  static String fmt(double v) {
    return Sections.fmt(v);
  }
}
