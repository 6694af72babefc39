package dev.traitlab.experiments.rlscaling;

import dev.traitlab.stats.Bootstrap;
import dev.traitlab.stats.MeanInterval;
import dev.traitlab.stats.fit.CurveFit;
import dev.traitlab.stats.fit.LineFit;
import dev.traitlab.stats.fit.ScalingLaw;
import java.util.ArrayList;
import java.util.List;

/** Fits the law across horizons with shared exponents ({@link SharedFit}). */
final class SharedAnalysis {
  private SharedAnalysis() {}

  /**
   * The shared fit of the analysed horizons (in the config's order), with intervals from their
   * bootstrap replicates; null with fewer than two horizons.
   *
   * @throws IllegalStateException when the full fit does not converge
   */
  static SharedFit fit(List<Integer> horizons, List<IntrinsicAnalysis.Analysed> analysed) {
    int groups = analysed.size();
    if (groups < 2) {
      return null;
    }
    List<double[][]> full = new ArrayList<>();
    double separateRss = 0;
    // the separate fits' exponents (mean) and coefficients: one more start for the joint fit
    double[] start = new double[2 + 2 * groups];
    for (int g = 0; g < groups; g++) {
      HorizonFit f = analysed.get(g).fit();
      full.add(IntrinsicAnalysis.columns(f.points()));
      separateRss += f.residualSd() * f.residualSd() * (f.points().size() - 4);
      start[0] += f.alphaN().value() / groups;
      start[1] += f.alphaE().value() / groups;
      start[2 + g] = Math.log(f.nC().value());
      start[2 + groups + g] = Math.log(f.eC().value());
    }
    CurveFit law = fitOrNull(full, start, true);
    if (law == null) {
      throw new IllegalStateException("the law with exponents shared across horizons did not fit");
    }
    double[] best = law.values();
    int resamples = analysed.get(0).replicates().length;
    double[][] replicates = new double[resamples][];
    int failed = 0;
    for (int b = 0; b < resamples; b++) {
      List<double[][]> drawn = new ArrayList<>();
      for (IntrinsicAnalysis.Analysed a : analysed) {
        drawn.add(a.replicatePoints().get(b));
      }
      CurveFit r = drawn.contains(null) ? null : fitOrNull(drawn, best, false);
      replicates[b] = r == null ? null : r.values();
      failed += r == null ? 1 : 0;
    }
    List<SharedFit.Coefficients> coefficients = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      final int k = g;
      coefficients.add(
          new SharedFit.Coefficients(
              horizons.get(g),
              estimate(replicates, best, t -> Math.exp(t[2 + k])),
              estimate(replicates, best, t -> Math.exp(t[2 + groups + k])),
              estimate(replicates, best, t -> Math.exp(t[2 + k] - t[2])),
              estimate(replicates, best, t -> Math.exp(t[2 + groups + k] - t[2 + groups]))));
    }
    List<HorizonFit.Estimate> ecLine = List.of();
    if (horizons.stream().distinct().count() >= 2) {
      double[] h = horizons.stream().mapToDouble(Integer::doubleValue).toArray();
      ecLine =
          List.of(
              estimate(replicates, best, t -> ecLine(h, t, groups).intercept()),
              estimate(replicates, best, t -> ecLine(h, t, groups).slope()));
    }
    return new SharedFit(
        estimate(replicates, best, t -> t[0]),
        estimate(replicates, best, t -> t[1]),
        estimate(replicates, best, t -> ScalingLaw.computeOptimalSizeExponent(t[0], t[1])),
        coefficients,
        ecLine,
        law.residualSd() * law.residualSd() * (law.n() - law.parameters().size()),
        separateRss,
        law.n(),
        failed);
  }

  private static LineFit ecLine(double[] h, double[] t, int groups) {
    double[] ec = new double[groups];
    for (int g = 0; g < groups; g++) {
      ec[g] = Math.exp(t[2 + groups + g] - t[2 + groups]);
    }
    return LineFit.of(h, ec);
  }

  private static CurveFit fitOrNull(List<double[][]> points, double[] start, boolean grid) {
    List<double[]> n = new ArrayList<>();
    List<double[]> e = new ArrayList<>();
    List<double[]> i = new ArrayList<>();
    for (double[][] p : points) {
      n.add(p[0]);
      e.add(p[1]);
      i.add(p[2]);
    }
    try {
      CurveFit fit =
          grid ? ScalingLaw.fitShared(n, e, i, start) : ScalingLaw.fitSharedFrom(n, e, i, start);
      return fit.value("alpha_N") > 0 && fit.value("alpha_E") > 0 ? fit : null;
    } catch (IllegalArgumentException | IllegalStateException ex) {
      return null;
    }
  }

  private static HorizonFit.Estimate estimate(
      double[][] replicates,
      double[] best,
      java.util.function.ToDoubleFunction<double[]> statistic) {
    double[] column = new double[replicates.length];
    for (int b = 0; b < replicates.length; b++) {
      column[b] = replicates[b] == null ? Double.NaN : statistic.applyAsDouble(replicates[b]);
    }
    return new HorizonFit.Estimate(
        statistic.applyAsDouble(best), Bootstrap.percentileOf(column, MeanInterval.DEFAULT_LEVEL));
  }
}
