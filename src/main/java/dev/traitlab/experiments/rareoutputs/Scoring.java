package dev.traitlab.experiments.rareoutputs;

import dev.traitlab.core.Seeds;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.Cell;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.Comparison;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.Loss;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.MethodFit;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.MethodLoss;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.TargetRow;
import dev.traitlab.stats.Bootstrap;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.ItakuraSaito;
import dev.traitlab.stats.fit.LogAffineFit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Scoring as Wu and Hilton (2024): each method's estimates go through a log-affine fit chosen on
 * the validation targets (pooled over models and distributions, one fit per method and repetition),
 * and the Itakura-Saito loss of the fitted estimates is compared on the held-out targets. Intervals
 * are 95% percentile bootstraps over held-out targets (each target's loss averaged over
 * repetitions).
 */
final class Scoring {
  private Scoring() {}

  /** A target before scoring: its raw estimates. */
  record Raw(
      int repetition,
      String model,
      String distribution,
      int token,
      String text,
      double truth,
      boolean validation,
      Map<String, Double> raw,
      Map<String, Double> seconds) {}

  /**
   * Targets of a model and distribution that fit the calibration: the first ceil(n/2), so an odd
   * count puts the extra target in validation (3 -> 2 fit, 1 held out); the rest are held out.
   */
  static int validationCount(int n) {
    return (n + 1) / 2;
  }

  /** Fits every method on the validation rows of each repetition and scores every row. */
  static List<TargetRow> score(List<Raw> rows, List<MethodFit> fitsOut) {
    List<TargetRow> out = new ArrayList<>();
    int reps = rows.stream().mapToInt(Raw::repetition).max().orElse(-1) + 1;
    for (int r = 0; r < reps; r++) {
      int rep = r;
      List<Raw> mine = rows.stream().filter(x -> x.repetition() == rep).toList();
      List<Raw> val = mine.stream().filter(Raw::validation).toList();
      double[] valTruth = val.stream().mapToDouble(Raw::truth).toArray();
      Map<String, LogAffineFit> fits = new LinkedHashMap<>();
      for (String m : RareOutputsResult.METHODS) {
        if (m.equals("constant") || val.isEmpty()) {
          continue;
        }
        double[] est = val.stream().mapToDouble(x -> x.raw().get(m)).toArray();
        LogAffineFit f = LogAffineFit.minimisingItakuraSaito(valTruth, est);
        fits.put(m, f);
        fitsOut.add(
            new MethodFit(
                rep, m, f.intercept(), f.slope(), f.zeroValue(), f.positives(), f.zeros()));
      }
      // The best constant on validation: the mean truth minimises the mean Itakura-Saito loss.
      double constant =
          val.isEmpty() ? Double.NaN : java.util.Arrays.stream(valTruth).average().orElseThrow();
      fitsOut.add(new MethodFit(rep, "constant", Math.log(constant), 0, constant, 0, 0));
      for (Raw x : mine) {
        Map<String, Double> fitted = new LinkedHashMap<>();
        Map<String, Double> loss = new LinkedHashMap<>();
        for (String m : RareOutputsResult.METHODS) {
          double q = m.equals("constant") ? constant : fits.get(m).apply(x.raw().get(m));
          fitted.put(m, q);
          loss.put(m, Double.isNaN(q) ? Double.NaN : ItakuraSaito.loss(x.truth(), q));
        }
        out.add(
            new TargetRow(
                x.repetition(),
                x.model(),
                x.distribution(),
                x.token(),
                x.text(),
                x.truth(),
                x.validation(),
                x.raw(),
                fitted,
                loss,
                x.seconds()));
      }
    }
    return out;
  }

  /** Held-out targets, each with its losses averaged over repetitions. */
  record Held(String model, String distribution, int token, Map<String, Double> loss) {}

  static List<Held> heldOut(List<TargetRow> rows) {
    Map<String, List<TargetRow>> byTarget = new LinkedHashMap<>();
    for (TargetRow r : rows) {
      if (!r.validation()) {
        byTarget
            .computeIfAbsent(
                r.model() + "|" + r.distribution() + "|" + r.token(), k -> new ArrayList<>())
            .add(r);
      }
    }
    List<Held> out = new ArrayList<>();
    for (List<TargetRow> same : byTarget.values()) {
      Map<String, Double> mean = new LinkedHashMap<>();
      for (String m : RareOutputsResult.METHODS) {
        mean.put(m, same.stream().mapToDouble(r -> r.loss().get(m)).average().orElse(Double.NaN));
      }
      TargetRow first = same.get(0);
      out.add(new Held(first.model(), first.distribution(), first.token(), mean));
    }
    return out;
  }

  static Loss loss(List<Held> held, ToDoubleFunction<Held> value, long seed) {
    double[] v = held.stream().mapToDouble(value).toArray();
    if (v.length == 0) {
      return new Loss(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double mean = java.util.Arrays.stream(v).average().orElseThrow();
    Interval ci = Bootstrap.mean(v, seed);
    return new Loss(mean, ci.lower(), ci.upper(), v.length);
  }

  /**
   * Fewest held-out targets on which a cell's winner or a comparison's verdict is named: below it a
   * bootstrap over a handful of targets gives intervals that one outlier decides.
   */
  static final int MIN_HELD_OUT = 5;

  static List<Cell> cells(List<Held> held, List<String> models, List<String> dists, long seed) {
    List<Cell> out = new ArrayList<>();
    for (String model : models) {
      for (String dist : dists) {
        List<Held> mine =
            held.stream()
                .filter(h -> h.model().equals(model) && h.distribution().equals(dist))
                .toList();
        Map<String, Loss> loss = new LinkedHashMap<>();
        for (String m : RareOutputsResult.METHODS) {
          loss.put(
              m,
              loss(
                  mine,
                  h -> h.loss().get(m),
                  Seeds.derive(seed, "cell", model.hashCode(), dist.hashCode(), m.hashCode())));
        }
        out.add(
            new Cell(
                model,
                dist,
                loss,
                winner(
                    mine, loss, Seeds.derive(seed, "winner", model.hashCode(), dist.hashCode()))));
      }
    }
    return out;
  }

  /**
   * The method of lowest mean loss, named only when at least {@link #MIN_HELD_OUT} targets hold and
   * the paired bootstrap interval of (runner-up's loss - its loss) over the same targets lies above
   * 0; else "".
   */
  static String winner(List<Held> targets, Map<String, Loss> loss, long seed) {
    List<String> ranked =
        RareOutputsResult.METHODS.stream()
            .filter(m -> loss.get(m).n() > 0 && !Double.isNaN(loss.get(m).mean()))
            .sorted(java.util.Comparator.comparingDouble(m -> loss.get(m).mean()))
            .toList();
    if (ranked.size() < 2 || targets.size() < MIN_HELD_OUT) {
      return "";
    }
    String best = ranked.get(0);
    String second = ranked.get(1);
    Loss gap = loss(targets, h -> h.loss().get(second) - h.loss().get(best), seed);
    return gap.lower() > 0 ? best : "";
  }

  static List<MethodLoss> overall(List<Held> held, List<Cell> cells, long seed) {
    List<MethodLoss> out = new ArrayList<>();
    for (String m : RareOutputsResult.METHODS) {
      int wins = (int) cells.stream().filter(c -> c.winner().equals(m)).count();
      out.add(
          new MethodLoss(
              m,
              loss(held, h -> h.loss().get(m), Seeds.derive(seed, "overall", m.hashCode())),
              wins));
    }
    return out;
  }

  /** Kinds of method compared pairwise on the same held-out targets. */
  static List<Comparison> comparisons(List<Held> held, long seed) {
    ToDoubleFunction<Held> importance = h -> (h.loss().get("ITGIS") + h.loss().get("MHIS")) / 2;
    ToDoubleFunction<Held> extrapolation = h -> (h.loss().get("QLD") + h.loss().get("GLD")) / 2;
    ToDoubleFunction<Held> naive = h -> h.loss().get("naive");
    List<Comparison> out = new ArrayList<>();
    out.add(
        compare(
            "importance sampling",
            importance,
            "activation extrapolation",
            extrapolation,
            held,
            seed));
    out.add(
        compare("activation extrapolation", extrapolation, "naive sampling", naive, held, seed));
    out.add(compare("importance sampling", importance, "naive sampling", naive, held, seed));
    out.add(
        compare(
            "MHIS", h -> h.loss().get("MHIS"), "ITGIS", h -> h.loss().get("ITGIS"), held, seed));
    out.add(compare("QLD", h -> h.loss().get("QLD"), "GLD", h -> h.loss().get("GLD"), held, seed));
    return out;
  }

  private static Comparison compare(
      String a,
      ToDoubleFunction<Held> la,
      String b,
      ToDoubleFunction<Held> lb,
      List<Held> held,
      long seed) {
    return new Comparison(
        a,
        b,
        loss(
            held,
            h -> lb.applyAsDouble(h) - la.applyAsDouble(h),
            Seeds.derive(seed, "compare", a.hashCode(), b.hashCode())));
  }
}
