package dev.traitlab.experiments.rlscaling;

import dev.traitlab.lab.stages.Stages;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.report.IntervalLineChart;
import dev.traitlab.report.TextTable;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.fit.ScalingLaw;
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
                "points")
            .alignRight(0, 7, 8);
    for (HorizonFit f : result.horizons()) {
      table.row(
          Integer.toString(f.horizon()),
          plain(f.alphaN()),
          plain(f.alphaE()),
          scientific(f.nC()),
          scientific(f.eC()),
          plain(f.optimalSizeExponent()),
          plain(f.empiricalSizeExponent()),
          String.format(Locale.ROOT, "%.3f", f.rSquared()),
          Integer.toString(f.points().size()));
    }
    return table;
  }

  /** How each horizon differs from the first: the exponent's shift and E_c's ratio. */
  public static TextTable shiftTable(RlScalingResult result) {
    TextTable table =
        TextTable.of(
                "h",
                "N_opt exponent minus h=" + first(result),
                "E_c / E_c(h=" + first(result) + ")")
            .alignRight(0);
    for (int k = 0; k < result.horizons().size(); k++) {
      table.row(
          Integer.toString(result.horizons().get(k).horizon()),
          plain(result.exponentShifts().get(k)),
          plain(result.ecRatios().get(k)));
    }
    return table;
  }

  public static String textSummary(RlScalingResult result) {
    StringBuilder out = new StringBuilder();
    out.append("Joint power law I^-beta = (N_c/N)^alpha_N + (E_c/E)^alpha_E per horizon")
        .append(" (95% bootstrap intervals over seeds):\n");
    out.append(horizonTable(result).render());
    out.append('\n').append(shiftTable(result).render());
    if (result.ecLine().size() == 2) {
      out.append(
          String.format(
              Locale.ROOT,
              "%nE_c = %s + %s h (interactions)%n",
              scientific(result.ecLine().get(0)),
              scientific(result.ecLine().get(1))));
    }
    return out.toString();
  }

  public static HtmlReport build(String runId, RlScalingResult result) {
    RlScalingConfig c = result.config();
    HtmlReport report = new HtmlReport("Scaling laws for single-agent RL: intrinsic performance");
    report.meta(
        "run "
            + runId
            + " · "
            + c.seeds()
            + " seeds from "
            + c.seed()
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
            + " epochs.");
    report.paragraph(
        "Each width's mean curve over seeds is made monotone (isotonic regression), the"
            + " compute-efficient frontier over widths gives each measured (N, E) the intrinsic"
            + " performance I of its return, and the law I^-beta = (N_c/N)^alpha_N +"
            + " (E_c/E)^alpha_E, beta = alpha_N alpha_E / (alpha_N + alpha_E) (the beta that makes"
            + " I equal compute on the frontier), is fitted to ln I. Intervals: "
            + c.resamples()
            + " bootstrap resamples of the seeds of each width, everything from the mean curves"
            + " on recomputed. With "
            + c.seeds()
            + " seeds per width these intervals are rough (a percentile bootstrap on so few"
            + " runs understates the spread).");
    report.heading("Horizons side by side");
    report.table(horizonTable(result));
    report.table(shiftTable(result));
    if (result.ecLine().size() == 2) {
      report.paragraph(
          "E_c against the horizon, as a line: E_c = "
              + scientific(result.ecLine().get(0))
              + " + "
              + scientific(result.ecLine().get(1))
              + " h interactions (the author describes the samples needed as a part inherent to"
              + " the task plus a part proportional to the horizon).");
    }
    report.svg(exponentChart(result).toSvg(760, 400));
    report.svg(coefficientChart(result).toSvg(760, 400));

    for (HorizonFit f : result.horizons()) {
      report.heading("Horizon " + f.horizon() + " (gamma = " + fmt(f.gamma()) + ")");
      report.paragraph(
          "Frontier defined for returns in ("
              + fmt(f.frontier().lowest())
              + ", "
              + fmt(f.frontier().highest())
              + "]; "
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

  private static IntervalLineChart coefficientChart(RlScalingResult result) {
    IntervalLineChart chart =
        new IntervalLineChart(
                "Coefficients against the horizon (95% bootstrap CI)",
                "horizon h", "N_c (parameters), E_c (interactions)")
            .logX()
            .logY();
    for (HorizonFit f : result.horizons()) {
      if (f.eC().value() > 0) {
        chart.point("E_c", f.horizon(), f.eC().value(), positive(f.eC().interval()));
      }
      if (f.nC().value() > 0) {
        chart.point("N_c", f.horizon(), f.nC().value(), positive(f.nC().interval()));
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

  private static String plain(HorizonFit.Estimate e) {
    return e.interval().hasBounds()
        ? String.format(
            Locale.ROOT, "%.3f [%.3f, %.3f]", e.value(), e.interval().lower(), e.interval().upper())
        : String.format(Locale.ROOT, "%.3f", e.value());
  }

  private static String scientific(HorizonFit.Estimate e) {
    return e.interval().hasBounds()
        ? String.format(
            Locale.ROOT, "%.3g [%.3g, %.3g]", e.value(), e.interval().lower(), e.interval().upper())
        : String.format(Locale.ROOT, "%.3g", e.value());
  }
}
