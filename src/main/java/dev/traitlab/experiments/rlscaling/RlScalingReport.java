package dev.traitlab.experiments.rlscaling;

import dev.traitlab.core.Plurals;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.report.IntervalLineChart;
import dev.traitlab.report.TextTable;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.fit.ScalingLaw;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The experiment's report, and the summary printed at the end of a run. */
public final class RlScalingReport {
  private RlScalingReport() {}

  /** The horizons side by side: the law's exponents and coefficients with bootstrap intervals. */
  public static TextTable horizonTable(RlScalingResult result) {
    TextTable table =
        TextTable.of(
                "h",
                "alpha_N",
                "alpha_E",
                "N_c",
                "E_c",
                "N_opt exponent",
                "frontier sizes' slope",
                "R^2 (ln I)",
                "points",
                "returns fitted")
            .alignRight(0, 7, 8);
    for (HorizonFit f : result.horizons()) {
      table.row(
          Integer.toString(f.horizon()),
          exponent(f.alphaN()),
          exponent(f.alphaE()),
          coefficient(f.nC(), f.alphaN(), "alpha_N"),
          coefficient(f.eC(), f.alphaE(), "alpha_E"),
          plain(f.optimalSizeExponent(), "the fit failed"),
          plain(f.empiricalSizeExponent(), "one width holds the frontier"),
          String.format(Locale.ROOT, "%.3f", f.rSquared()),
          Integer.toString(f.points().size()),
          "(" + fmt(f.frontier().lowest()) + ", " + fmt(f.frontier().settledUpTo()) + "]");
    }
    return table;
  }

  /**
   * How each horizon's separately fitted compute-optimal size exponent differs from the first's.
   */
  public static TextTable shiftTable(RlScalingResult result) {
    TextTable table =
        TextTable.of(
                "h",
                "separate fits: N_opt exponent minus h=" + first(result),
                "interactions for the same return and width / h=" + first(result))
            .alignRight(0);
    for (int k = 0; k < result.horizons().size(); k++) {
      table.row(
          Integer.toString(result.horizons().get(k).horizon()),
          plain(result.exponentShifts().get(k), "a fit failed"),
          significant(result.sampleMultipliers().get(k), "no common return range"));
    }
    return table;
  }

  /**
   * The shared-exponent fit's coefficients per horizon and their ratios to the first's (with the
   * digits that show whether a ratio's CI contains 1, {@link #decisive}).
   */
  public static TextTable sharedTable(SharedFit shared) {
    int h1 = shared.horizons().get(0).horizon();
    TextTable table =
        TextTable.of("h", "N_c", "E_c", "N_c / N_c(h=" + h1 + ")", "E_c / E_c(h=" + h1 + ")")
            .alignRight(0);
    for (SharedFit.Coefficients c : shared.horizons()) {
      table.row(
          Integer.toString(c.horizon()),
          coefficient(c.nC(), shared.alphaN(), "alpha_N"),
          coefficient(c.eC(), shared.alphaE(), "alpha_E"),
          decisive(c.ncRatio(), 1, false, "a fit failed"),
          decisive(c.ecRatio(), 1, false, "a fit failed"));
    }
    return table;
  }

  /** One line on the shared fit: its exponents and what sharing them costs in RSS. */
  public static String sharedLine(SharedFit shared) {
    return String.format(
        Locale.ROOT,
        "Exponents shared across horizons, (N_c, E_c) per horizon (%d points): alpha_N = %s,"
            + " alpha_E = %s, N_opt exponent = %s; RSS of ln I %.2f against %.2f for the separate"
            + " fits (+%.0f%%, with %d fewer parameters)",
        shared.points(),
        exponent(shared.alphaN()),
        exponent(shared.alphaE()),
        plain(shared.optimalSizeExponent(), "the fit failed"),
        shared.rss(),
        shared.separateRss(),
        100 * (shared.rss() / shared.separateRss() - 1),
        2 * (shared.horizons().size() - 1));
  }

  public static String textSummary(RlScalingResult result) {
    StringBuilder out = new StringBuilder();
    out.append("Joint power law I^-beta = (N_c/N)^alpha_N + (E_c/E)^alpha_E per horizon")
        .append(" (95% bootstrap intervals over seeds):\n");
    String caveat = fewSeedsCaveat(result.config().seeds());
    if (caveat != null) {
      out.append(caveat).append('\n');
    }
    out.append(horizonTable(result).render());
    out.append('\n').append(shiftTable(result).render());
    SharedFit shared = result.shared();
    if (shared != null) {
      out.append('\n').append(sharedLine(shared)).append(":\n");
      out.append(sharedTable(shared).render());
      if (shared.ecLine().size() == 2) {
        out.append(
            String.format(
                Locale.ROOT,
                "%nE_c(h) / E_c(h=%d) = %s%n",
                shared.horizons().get(0).horizon(),
                ecLine(shared)));
      }
    }
    out.append('\n')
        .append(
            verdict(
                result.horizons().stream().map(HorizonFit::horizon).toList(),
                result.exponentShifts(),
                shared))
        .append('\n');
    return out.toString();
  }

  /** Below this many seeds the terminal summary warns that the bootstrap intervals are rough. */
  static final int FEW_SEEDS = 5;

  /**
   * The warning that a percentile bootstrap over so few seeds understates the spread (the HTML
   * report says so in its method paragraph), or null from {@link #FEW_SEEDS} seeds on.
   */
  static String fewSeedsCaveat(int seeds) {
    return seeds >= FEW_SEEDS
        ? null
        : "Caution: with "
            + Plurals.count(seeds, "seed")
            + " per width these intervals are rough; a percentile bootstrap on so few runs"
            + " understates the spread (--seeds "
            + FEW_SEEDS
            + " or more for steadier ones).";
  }

  public static HtmlReport build(String runId, RlScalingResult result) {
    RlScalingConfig c = result.config();
    HtmlReport report = new HtmlReport("Scaling laws for single-agent RL: intrinsic performance");
    report.meta(
        "run "
            + runId
            + " · "
            + c.seedsText()
            + " · widths "
            + String.join(",", c.widths())
            + " x "
            + c.depth()
            + " hidden layers · horizons "
            + String.join(",", c.horizons())
            + " · "
            + c.interactions()
            + " interactions per run · data "
            + c.dataDir());
    report.paragraph(
        "Hilton, Tang and Schulman (2023) define the intrinsic performance of a return as the"
            + " least training compute at which any model size of a family reaches it, and find"
            + " that it follows a power law in model size N and environment interactions E, so"
            + " that the compute-optimal size is a power law in compute; in an MNIST-based"
            + " environment, longer horizons change the coefficient but not the exponent. Here:"
            + " the MNIST-based environment on "
            + result.trainImages()
            + " images of "
            + result.observationSize()
            + " pixels (Fashion-MNIST pooled by "
            + c.pool()
            + "), an image per step, reward 1 for its label; the horizon h sets PPO's discount"
            + " rate, 1 - 1/h, the paper's mechanism (the author: the number of timesteps over"
            + " which the algorithm pays attention to rewards, governed by the discount rate)."
            + " The return is the policy's expected reward per step on "
            + c.evalImages()
            + " held-out images. Compute is training FLOPs: 2N per interaction to act plus 6N per"
            + " interaction and epoch to learn, times "
            + c.epochs()
            + " epochs. Width w trains with Adam at "
            + c.learningRate()
            + " x (16 / w)^"
            + c.lrExponent()
            + (c.lrExponent() == 0.5
                ? " (the 1/sqrt(width) rule: with one rate for all, the widest policies took"
                    + " too large steps and fell behind narrower ones late in training, which"
                    + " breaks the family's ordering the frontier relies on)."
                : "."));
    report.paragraph(
        "Each width's mean curve over seeds is made monotone (isotonic regression), the"
            + " compute-efficient frontier over widths gives each measured (N, E) the intrinsic"
            + " performance I of its return, and the law I^-beta = (N_c/N)^alpha_N +"
            + " (E_c/E)^alpha_E, beta = alpha_N alpha_E / (alpha_N + alpha_E) (the beta that makes"
            + " I equal compute on the frontier), is fitted to ln I on the returns the runs settle:"
            + " above every width's first measurement, and up to the first return that a width"
            + " which stopped short of it could, going on at the pace of its last two intervals,"
            + " have reached with less compute than the frontier's (every run ends at the same"
            + " interaction budget, so the top of the frontier is held by wide models that a"
            + " narrower one trained longer would undercut). Intervals: "
            + c.resamples()
            + " bootstrap resamples of the seeds of each width, everything from the mean curves"
            + " on recomputed. With "
            + Plurals.count(c.seeds(), "seed")
            + " per width these intervals are rough (a percentile bootstrap on so few"
            + " runs understates the spread).");
    report.heading("Horizons side by side");
    report.table(horizonTable(result));
    report.table(shiftTable(result));
    SharedFit shared = result.shared();
    if (shared != null) {
      report.paragraph(
          sharedLine(shared)
              + ". The paper's claim that the horizon changes the coefficient and not the exponent"
              + " is this nested model: if it holds, sharing the exponents costs little RSS and"
              + " the separate fits' exponents agree within their intervals. Only under shared"
              + " exponents are the coefficients' ratios free of I's unit (FLOPs), so the ratios"
              + " below, not the separate fits' E_c, carry the horizon's effect. Intrinsic"
              + " performance is defined from each horizon's own frontier, so a slowdown that"
              + " multiplied every width's interactions by the same factor k would move N_c and"
              + " E_c only by k^(-/+ alpha_E / (alpha_N + alpha_E)) (and not at all where I grows"
              + " in proportion to E); the model-free multiplier in the table above shows the"
              + " slowdown itself.");
      report.table(sharedTable(shared));
      if (shared.ecLine().size() == 2) {
        report.paragraph(
            "E_c against the horizon, as a line: E_c(h) / E_c(h="
                + shared.horizons().get(0).horizon()
                + ") = "
                + ecLine(shared)
                + " (the author describes the samples needed as a part inherent to the task"
                + " plus a part proportional to the horizon).");
      }
    }
    report.paragraph(
        verdict(
            result.horizons().stream().map(HorizonFit::horizon).toList(),
            result.exponentShifts(),
            shared));
    report.svg(exponentChart(result).toSvg(760, 400));
    if (shared != null) {
      report.svg(coefficientChart(shared).toSvg(760, 400));
    }

    for (HorizonFit f : result.horizons()) {
      report.heading("Horizon " + f.horizon() + " (gamma = " + fmt(f.gamma()) + ")");
      report.paragraph(
          "Frontier defined for returns in ("
              + fmt(f.frontier().lowest())
              + ", "
              + fmt(f.frontier().highest())
              + "], settled up to "
              + fmt(f.frontier().settledUpTo())
              + " (above, a smaller width trained past the budget at its final pace could have"
              + " been cheaper, so I there is only an upper bound and is not fitted); "
              + f.points().size()
              + " points fitted, R^2 "
              + fmt(f.rSquared())
              + " on ln I (residual SD "
              + fmt(f.residualSd())
              + "); "
              + f.failedReplicates()
              + " of "
              + f.replicates()
              + " bootstrap replicates failed. Training took "
              + String.format(Locale.ROOT, "%.0f", f.trainingSeconds())
              + " s.");
      report.svg(learningCurves(f).toSvg(760, 420));
      report.svg(intrinsicChart(f).toSvg(760, 420));
      report.table(diagnostics(f));
    }
    report.heading("Spreading the sweep over machines");
    report.paragraph(
        "Each horizon is one stage (rl-sweep-hH), keyed by a hash of its inputs and trained as"
            + " one stacked computation of every width and seed. Machine k runs `traitlab run"
            + " rl-scaling --horizons H_k` with the same other options; copying (or sharing) the"
            + " runs/cache/rl-sweep-h* directories onto one machine and running the full command"
            + " there reuses every stage and only fits and reports. A finer split (a width per"
            + " machine) would need a stage per (horizon, width), at the cost of stacking fewer"
            + " models per computation.");
    report.heading("Stages");
    report.table(Stages.table(result.stages()));
    return report;
  }

  private static IntervalLineChart learningCurves(HorizonFit f) {
    IntervalLineChart chart =
        new IntervalLineChart(
                "h = "
                    + f.horizon()
                    + ": return against training compute (mean, 95% CI over"
                    + " seeds)",
                "training compute (FLOPs)",
                "expected reward per step")
            .logX();
    for (HorizonFit.SizeCurve curve : f.curves()) {
      String name = "width " + curve.width() + " (N = " + curve.parameters() + ")";
      for (int p = 0; p < curve.mean().length; p++) {
        chart.point(
            name,
            curve.flopsPerInteraction() * curve.interactions()[p],
            curve.mean()[p],
            curve.interval().get(p));
      }
    }
    for (int k = 0; k < f.frontier().returns().length; k++) {
      if (Double.isFinite(f.frontier().compute()[k])) {
        chart.reference("frontier", f.frontier().compute()[k], f.frontier().returns()[k]);
      }
    }
    return chart;
  }

  private static IntervalLineChart intrinsicChart(HorizonFit f) {
    IntervalLineChart chart =
        new IntervalLineChart(
                "h = " + f.horizon() + ": intrinsic performance against interactions, and the law",
                "environment interactions E",
                "intrinsic performance I (FLOPs)")
            .logX()
            .logY();
    double[] theta = {
      f.alphaN().value(), f.alphaE().value(), Math.log(f.nC().value()), Math.log(f.eC().value())
    };
    for (HorizonFit.SizeCurve curve : f.curves()) {
      String name = "N = " + curve.parameters();
      boolean any = false;
      for (HorizonFit.Point p : f.points()) {
        if (p.n() == curve.parameters()) {
          chart.point(name, p.e(), p.intrinsic(), Interval.UNDEFINED);
          any = true;
        }
      }
      if (!any) {
        continue;
      }
      for (long e : curve.interactions()) {
        chart.reference(
            "law, N = " + curve.parameters(),
            e,
            Math.exp(
                ScalingLaw.logIntrinsic(
                    curve.parameters(), e, theta[0], theta[1], theta[2], theta[3])));
      }
    }
    return chart;
  }

  private static IntervalLineChart exponentChart(RlScalingResult result) {
    IntervalLineChart chart =
        new IntervalLineChart(
                "Exponents against the horizon (95% bootstrap CI)", "horizon h", "exponent")
            .logX();
    for (HorizonFit f : result.horizons()) {
      chart.point("alpha_N", f.horizon(), f.alphaN().value(), f.alphaN().interval());
      chart.point("alpha_E", f.horizon(), f.alphaE().value(), f.alphaE().interval());
      chart.point(
          "N_opt exponent",
          f.horizon(),
          f.optimalSizeExponent().value(),
          f.optimalSizeExponent().interval());
    }
    return chart;
  }

  private static IntervalLineChart coefficientChart(SharedFit shared) {
    int h1 = shared.horizons().get(0).horizon();
    IntervalLineChart chart =
        new IntervalLineChart(
                "Coefficients against the horizon under shared exponents (95% bootstrap CI)",
                "horizon h", "ratio to h = " + h1)
            .logX()
            .logY();
    for (SharedFit.Coefficients c : shared.horizons()) {
      if (c.ecRatio().value() > 0) {
        chart.point(
            "E_c / E_c(h=" + h1 + ")",
            c.horizon(),
            c.ecRatio().value(),
            positive(c.ecRatio().interval()));
      }
      if (c.ncRatio().value() > 0) {
        chart.point(
            "N_c / N_c(h=" + h1 + ")",
            c.horizon(),
            c.ncRatio().value(),
            positive(c.ncRatio().interval()));
      }
    }
    return chart;
  }

  private static Interval positive(Interval i) {
    return i.hasBounds() && i.lower() > 0 ? i : Interval.UNDEFINED;
  }

  private static TextTable diagnostics(HorizonFit f) {
    TextTable table =
        TextTable.of(
                "width",
                "N",
                "FLOPs / interaction",
                "final return",
                "train reward",
                "approx KL",
                "entropy",
                "clip fraction",
                "value loss",
                "explained var.")
            .alignRight(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    for (HorizonFit.SizeCurve c : f.curves()) {
      double[] d = c.finalDiagnostics();
      table.row(
          Integer.toString(c.width()),
          Long.toString(c.parameters()),
          String.format(Locale.ROOT, "%.3g", c.flopsPerInteraction()),
          fmt(c.mean()[c.mean().length - 1]),
          fmt(d[5]),
          String.format(Locale.ROOT, "%.4f", d[0]),
          fmt(d[1]),
          fmt(d[2]),
          String.format(Locale.ROOT, "%.4f", d[3]),
          fmt(d[4]));
    }
    return table;
  }

  private static int first(RlScalingResult result) {
    return result.horizons().get(0).horizon();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /**
   * An estimate at 3 decimals with its interval; "undefined (reason)" and no interval when the
   * value is not finite (an undefined quantity must not read as a measured number).
   */
  static String plain(HorizonFit.Estimate e, String undefinedReason) {
    return formatted(e, "%.3f", undefinedReason);
  }

  /** As {@link #plain}, at 3 significant digits (ratios and coefficients that may be tiny). */
  static String significant(HorizonFit.Estimate e, String undefinedReason) {
    return formatted(e, "%.3g", undefinedReason);
  }

  /**
   * An exponent of the law at 3 significant digits, marked "at bound" when it sits on the fit's
   * bound: the fit keeps only positive exponents, so one below {@link #EXPONENT_AT_BOUND} is the
   * fit pressing against 0 rather than a measured small exponent.
   */
  static String exponent(HorizonFit.Estimate e) {
    String text = significant(e, "the fit failed");
    return atBound(e) ? text + " at bound 0" : text;
  }

  /**
   * A coefficient (N_c or E_c) at 3 significant digits; when its exponent is at its bound the term
   * (c / x)^alpha is about 1 whatever c is, so c is unidentified and marked so.
   */
  static String coefficient(HorizonFit.Estimate c, HorizonFit.Estimate exponent, String name) {
    String text = significant(c, "the fit failed");
    return atBound(exponent) ? text + " (unidentified: " + name + " at bound)" : text;
  }

  // below this an exponent prints as 0.000 and its term of the law is flat over the data
  static final double EXPONENT_AT_BOUND = 1e-3;

  private static boolean atBound(HorizonFit.Estimate exponent) {
    return Double.isFinite(exponent.value()) && exponent.value() < EXPONENT_AT_BOUND;
  }

  private static String formatted(HorizonFit.Estimate e, String format, String undefinedReason) {
    if (!Double.isFinite(e.value())) {
      return "undefined (" + undefinedReason + ")";
    }
    return e.interval().hasBounds()
        ? String.format(
            Locale.ROOT,
            format + " [" + format + ", " + format + "]",
            e.value(),
            e.interval().lower(),
            e.interval().upper())
        : String.format(Locale.ROOT, format, e.value());
  }

  /**
   * "a + b h with a = A [lo, hi], b = B [lo, hi]": the intercept and the slope each with its own
   * interval, the slope's sign inside its value, so that no sign is written outside an interval (a
   * "- 0.019 [-0.031, -0.002] h" reads as a slope of -0.019 with the interval negated).
   */
  static String ecLine(SharedFit shared) {
    HorizonFit.Estimate a = shared.ecLine().get(0);
    HorizonFit.Estimate b = shared.ecLine().get(1);
    return "a + b h with a = " + plain(a, "the fit failed") + ", b = " + plain(b, "the fit failed");
  }

  /**
   * One sentence on the paper's claim (the horizon changes the coefficient, not the exponent): the
   * exponents are "consistent" when every horizon's N_opt exponent shift has an interval containing
   * 0, "differ" when one excludes it, "undetermined" when a shift has no interval; the coefficients
   * are decided by each horizon's shared-fit E_c / E_c(first h) interval (one excluding 1 is a
   * change), which the sentence names, with what sharing the exponents costs in RSS; then the E_c
   * line's slope and whether its interval excludes 0, a trend across the horizons that the ratios
   * one by one may not resolve (so the sentence never calls E_c unchanged without saying so).
   *
   * @param horizons the horizons, first the reference
   * @param shifts per horizon, its N_opt exponent minus the first's (the first's is 0)
   * @param shared the fit with shared exponents, or null with one horizon
   */
  static String verdict(
      List<Integer> horizons, List<HorizonFit.Estimate> shifts, SharedFit shared) {
    if (horizons.size() < 2) {
      return "Verdict: one horizon, nothing to compare.";
    }
    List<String> excluding = new ArrayList<>();
    List<String> undetermined = new ArrayList<>();
    for (int k = 1; k < horizons.size(); k++) {
      Interval i = shifts.get(k).interval();
      if (!i.hasBounds()) {
        undetermined.add("h=" + horizons.get(k));
      } else if (!i.contains(0)) {
        excluding.add("h=" + horizons.get(k));
      }
    }
    String exponents =
        !excluding.isEmpty()
            ? "differ across horizons (N_opt exponent shift CI excludes 0 at "
                + String.join(", ", excluding)
                + ")"
            : !undetermined.isEmpty()
                ? "undetermined (no shift CI at " + String.join(", ", undetermined) + ")"
                : "consistent across horizons (every N_opt exponent shift CI contains 0)";
    StringBuilder out =
        new StringBuilder(
            "Verdict on \"the horizon changes the coefficient, not the exponent\": exponents ");
    out.append(exponents);
    if (shared == null) {
      return out.append("; no shared fit, so no coefficient ratios.").toString();
    }
    out.append(
        String.format(
            Locale.ROOT,
            ", and sharing them raises the RSS of ln I by %.0f%%",
            100 * (shared.rss() / shared.separateRss() - 1)));
    String ratio = "E_c / E_c(h=" + horizons.get(0) + ")";
    List<String> changed = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    for (SharedFit.Coefficients c : shared.horizons().subList(1, shared.horizons().size())) {
      Interval i = c.ecRatio().interval();
      String text = "h=" + c.horizon() + " " + decisive(c.ecRatio(), 1, false, "a fit failed");
      if (i.hasBounds() && !i.contains(1)) {
        changed.add(text);
      } else {
        unchanged.add(text);
      }
    }
    out.append("; coefficients, decided by each horizon's ").append(ratio).append(" CI: ");
    if (!changed.isEmpty()) {
      out.append("the CI excludes 1 at ").append(String.join(", ", changed));
    }
    if (!unchanged.isEmpty()) {
      out.append(changed.isEmpty() ? "" : "; ")
          .append("no detectable change (the CI contains 1 or is undefined) at ")
          .append(String.join(", ", unchanged));
    }
    if (shared.ecLine().size() == 2) {
      HorizonFit.Estimate slope = shared.ecLine().get(1);
      Interval i = slope.interval();
      String b = decisive(slope, 0, true, "the fit failed");
      out.append("; the slope b of the line ").append(ratio).append(" = a + b h, ").append(b);
      if (!i.hasBounds()) {
        out.append(", has no CI");
      } else if (i.contains(0)) {
        out.append(", has a CI containing 0 (no detectable trend in E_c with h)");
      } else {
        out.append(", has a CI excluding 0: E_c ")
            .append(slope.value() > 0 ? "rises" : "falls")
            .append(" with h across the horizons")
            .append(
                changed.isEmpty() ? ", a trend that no single horizon's ratio CI resolves" : "");
      }
    }
    return out.append('.').toString();
  }

  /**
   * An estimate at 3 digits (significant, or decimals when {@code decimals}), or more (up to 6)
   * where a bound would otherwise print as the value it is tested against while not equal to it (a
   * CI of [0.551, 0.9996] would read as [0.551, 1.00] and seem to contain 1).
   */
  static String decisive(
      HorizonFit.Estimate e, double tested, boolean decimals, String undefinedReason) {
    Interval i = e.interval();
    int digits = 3;
    while (digits < 6
        && i.hasBounds()
        && (blurs(i.lower(), tested, digits, decimals)
            || blurs(i.upper(), tested, digits, decimals))) {
      digits++;
    }
    return formatted(e, "%." + digits + (decimals ? "f" : "g"), undefinedReason);
  }

  private static boolean blurs(double bound, double tested, int digits, boolean decimals) {
    String shown = String.format(Locale.ROOT, "%." + digits + (decimals ? "f" : "g"), bound);
    return bound != tested && Double.parseDouble(shown) == tested;
  }
}
