package dev.traitlab.experiments.rlscaling;

import dev.traitlab.stats.Bootstrap;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.Isotonic;
import dev.traitlab.stats.MeanInterval;
import dev.traitlab.stats.fit.ComputeFrontier;
import dev.traitlab.stats.fit.CurveFit;
import dev.traitlab.stats.fit.PowerLaw;
import dev.traitlab.stats.fit.ScalingLaw;
import java.util.ArrayList;
import java.util.List;

/**
 * Intrinsic performance and its power law for one sweep point (Hilton, Tang and Schulman 2023):
 * each width's mean learning curve over seeds is made monotone (isotonic regression), its x axis
 * turned into compute C = FLOPs per interaction x interactions, the compute-efficient frontier of
 * the widths taken, and every measured (N, E) point given the intrinsic performance of its return
 * (the least compute at which any width reaches it). {@link ScalingLaw} is fitted to those points
 * whose return the runs settle ({@link ComputeFrontier#settled}: above every curve's start, and
 * below the returns where a smaller width trained past the interaction budget might have been
 * cheaper, so that I there is only an upper bound); intervals come from a stratified bootstrap that
 * resamples the seeds of each width and repeats everything from the mean curves on.
 */
final class IntrinsicAnalysis {
  private static final int FRONTIER_GRID = 40;
  // fine enough that the settled range is resolved to a fraction of a measurement's noise
  private static final int SETTLED_GRID = 400;

  private IntrinsicAnalysis() {}

  /** The fit of one resample. */
  private record Fitted(
      CurveFit law,
      List<HorizonFit.Point> points,
      ComputeFrontier frontier,
      double settledUpTo,
      double[][] monotone) {
    /** The fitted points as {N, E, I} columns. */
    double[][] columns() {
      return IntrinsicAnalysis.columns(points);
    }
  }

  /**
   * The fit of a sweep point with its bootstrap replicates (alpha_N, alpha_E, N_c, E_c, beta,
   * optimal size exponent per row) and, per replicate, the points it fitted as {N, E, I} columns
   * (null where the replicate failed), for a fit across horizons, and its monotone mean curves
   * (width x measurement; null likewise), for the sample multiplier.
   */
  record Analysed(
      HorizonFit fit,
      double[][] replicates,
      List<double[][]> replicatePoints,
      List<double[][]> replicateCurves) {}

  static double[][] columns(List<HorizonFit.Point> points) {
    return new double[][] {
      points.stream().mapToDouble(HorizonFit.Point::n).toArray(),
      points.stream().mapToDouble(HorizonFit.Point::e).toArray(),
      points.stream().mapToDouble(HorizonFit.Point::intrinsic).toArray()
    };
  }

  static Analysed analyse(
      SweepPoint point,
      List<Integer> widths,
      int seeds,
      int resamples,
      long seed,
      double trainingSeconds) {
    int sizes = widths.size();
    SweepPoint.Run[][] runs = new SweepPoint.Run[sizes][seeds];
    for (SweepPoint.Run r : point.runs()) {
      runs[widths.indexOf(r.width())][r.seedIndex()] = r;
    }
    int[][] all = new int[sizes][seeds];
    for (int g = 0; g < sizes; g++) {
      for (int i = 0; i < seeds; i++) {
        all[g][i] = i;
      }
    }
    Fitted full = fit(runs, all, null);
    CurveFit law = full.law();
    double[] start = law.values();
    List<double[][]> replicatePoints = new ArrayList<>();
    List<double[][]> replicateCurves = new ArrayList<>();
    double[][] replicates =
        Bootstrap.stratifiedReplicates(
            filled(sizes, seeds),
            drawn -> {
              Fitted f;
              try {
                f = fit(runs, drawn, start);
              } catch (IllegalArgumentException | IllegalStateException e) {
                replicatePoints.add(null);
                replicateCurves.add(null);
                double[] none = new double[6];
                java.util.Arrays.fill(none, Double.NaN);
                return none;
              }
              replicatePoints.add(f.columns());
              replicateCurves.add(f.monotone());
              return derived(f.law().values());
            },
            seed,
            resamples);
    int failed = 0;
    for (double[] r : replicates) {
      failed += Double.isNaN(r[0]) ? 1 : 0;
    }
    double[] values = derived(law.values());
    HorizonFit.Estimate[] estimates = new HorizonFit.Estimate[values.length];
    for (int k = 0; k < values.length; k++) {
      double[] column = new double[replicates.length];
      for (int b = 0; b < replicates.length; b++) {
        column[b] = replicates[b][k];
      }
      estimates[k] =
          new HorizonFit.Estimate(
              values[k], Bootstrap.percentileOf(column, MeanInterval.DEFAULT_LEVEL));
    }
    HorizonFit fit =
        new HorizonFit(
            point.horizon(),
            point.gamma(),
            curves(runs, full.monotone()),
            frontier(full.frontier(), full.settledUpTo(), widths),
            full.points(),
            estimates[0],
            estimates[1],
            estimates[2],
            estimates[3],
            estimates[4],
            estimates[5],
            empiricalSizeExponent(full.frontier(), full.settledUpTo(), runs),
            law.rSquared(),
            law.residualSd(),
            resamples,
            failed,
            trainingSeconds);
    return new Analysed(fit, replicates, replicatePoints, replicateCurves);
  }

  /** alpha_N, alpha_E, N_c, E_c, beta and the optimal size exponent of the law's values. */
  private static double[] derived(double[] t) {
    return new double[] {
      t[0],
      t[1],
      Math.exp(t[2]),
      Math.exp(t[3]),
      ScalingLaw.beta(t[0], t[1]),
      ScalingLaw.computeOptimalSizeExponent(t[0], t[1])
    };
  }

  private static int[] filled(int n, int value) {
    int[] out = new int[n];
    java.util.Arrays.fill(out, value);
    return out;
  }

  /** Mean curves of the drawn seeds, the frontier, the points and the law (from start if given). */
  private static Fitted fit(SweepPoint.Run[][] runs, int[][] drawn, double[] start) {
    int sizes = runs.length;
    List<ComputeFrontier.Curve> curves = new ArrayList<>();
    double[][] monotone = new double[sizes][];
    for (int g = 0; g < sizes; g++) {
      SweepPoint.Run first = runs[g][0];
      int points = first.returns().length;
      double[] mean = new double[points];
      for (int i : drawn[g]) {
        for (int p = 0; p < points; p++) {
          mean[p] += runs[g][i].returns()[p] / drawn[g].length;
        }
      }
      monotone[g] = Isotonic.increasing(mean);
      double[] compute = new double[points];
      for (int p = 0; p < points; p++) {
        compute[p] = first.flopsPerInteraction() * first.interactions()[p];
      }
      curves.add(new ComputeFrontier.Curve(compute, monotone[g]));
    }
    ComputeFrontier frontier = ComputeFrontier.of(curves);
    double settledUpTo = frontier.settledUpTo(SETTLED_GRID);
    List<HorizonFit.Point> points = new ArrayList<>();
    for (int g = 0; g < sizes; g++) {
      SweepPoint.Run first = runs[g][0];
      for (int p = 0; p < monotone[g].length; p++) {
        double r = monotone[g][p];
        if (frontier.defines(r) && r <= settledUpTo) {
          points.add(
              new HorizonFit.Point(
                  first.parameters(), first.interactions()[p], r, frontier.intrinsic(r)));
        }
      }
    }
    double[] n = points.stream().mapToDouble(HorizonFit.Point::n).toArray();
    double[] e = points.stream().mapToDouble(HorizonFit.Point::e).toArray();
    double[] i = points.stream().mapToDouble(HorizonFit.Point::intrinsic).toArray();
    CurveFit law = start == null ? ScalingLaw.fit(n, e, i) : ScalingLaw.fitFrom(n, e, i, start);
    return new Fitted(law, points, frontier, settledUpTo, monotone);
  }

  private static List<HorizonFit.SizeCurve> curves(SweepPoint.Run[][] runs, double[][] monotone) {
    List<HorizonFit.SizeCurve> out = new ArrayList<>();
    for (int g = 0; g < runs.length; g++) {
      SweepPoint.Run first = runs[g][0];
      int points = first.returns().length;
      int seeds = runs[g].length;
      double[] mean = new double[points];
      List<Interval> intervals = new ArrayList<>();
      for (int p = 0; p < points; p++) {
        double[] values = new double[seeds];
        for (int i = 0; i < seeds; i++) {
          values[i] = runs[g][i].returns()[p];
        }
        MeanInterval m = MeanInterval.of(values);
        mean[p] = m.mean();
        intervals.add(m.interval());
      }
      double[] diagnostics = new double[6];
      for (SweepPoint.Run r : runs[g]) {
        int last = points - 1;
        double[] d = {
          r.approxKl()[last],
          r.entropy()[last],
          r.clipFraction()[last],
          r.valueLoss()[last],
          r.explainedVariance()[last],
          r.trainReward()[last]
        };
        for (int k = 0; k < d.length; k++) {
          diagnostics[k] += d[k] / seeds;
        }
      }
      out.add(
          new HorizonFit.SizeCurve(
              first.width(),
              first.parameters(),
              first.flopsPerInteraction(),
              first.interactions(),
              mean,
              intervals,
              monotone[g],
              diagnostics));
    }
    return out;
  }

  private static HorizonFit.Frontier frontier(
      ComputeFrontier frontier, double settledUpTo, List<Integer> widths) {
    double[] returns = new double[FRONTIER_GRID];
    double[] compute = new double[FRONTIER_GRID];
    int[] width = new int[FRONTIER_GRID];
    double low = frontier.lowest();
    double high = frontier.highest();
    for (int k = 0; k < FRONTIER_GRID; k++) {
      returns[k] = gridReturn(low, high, k, FRONTIER_GRID);
      compute[k] = frontier.intrinsic(returns[k]);
      width[k] = widths.get(frontier.bestCurve(returns[k]));
    }
    return new HorizonFit.Frontier(low, high, settledUpTo, returns, compute, width);
  }

  /**
   * Along the settled frontier (returns on a grid over (lowest, settledUpTo]), the size that
   * attains each return with the least compute, against that compute: the slope of ln N against ln
   * C, with its t interval; NaN with no interval when one width holds the whole settled frontier.
   */
  private static HorizonFit.Estimate empiricalSizeExponent(
      ComputeFrontier frontier, double settledUpTo, SweepPoint.Run[][] runs) {
    int grid = FRONTIER_GRID;
    double[] c = new double[grid];
    double[] n = new double[grid];
    for (int k = 0; k < grid; k++) {
      double r = gridReturn(frontier.lowest(), settledUpTo, k, grid);
      c[k] = frontier.intrinsic(r);
      n[k] = runs[frontier.bestCurve(r)][0].parameters();
    }
    boolean varies = java.util.Arrays.stream(n).distinct().count() > 1;
    if (!varies) {
      // one width holds the whole settled frontier: the slope is undefined, not a measured zero
      return new HorizonFit.Estimate(Double.NaN, Interval.UNDEFINED);
    }
    CurveFit fit = PowerLaw.logLog(c, n);
    return new HorizonFit.Estimate(fit.value("b"), fit.interval("b"));
  }

  /** Return k of a grid of {@code grid} over (low, high], the top exactly high. */
  private static double gridReturn(double low, double high, int k, int grid) {
    return k + 1 == grid ? high : low + (high - low) * (k + 1) / grid;
  }
}
