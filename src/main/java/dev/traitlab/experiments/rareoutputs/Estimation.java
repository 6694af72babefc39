package dev.traitlab.experiments.rareoutputs;

import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.lowprob.ActivationSample;
import dev.traitlab.lowprob.ArgmaxModel;
import dev.traitlab.lowprob.ExactProbabilities;
import dev.traitlab.lowprob.Gld;
import dev.traitlab.lowprob.InputDistribution;
import dev.traitlab.lowprob.Itgis;
import dev.traitlab.lowprob.Mhis;
import dev.traitlab.lowprob.NaiveSampling;
import dev.traitlab.lowprob.Qld;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The two computing stages of one model and distribution: the truth, and the estimates. */
final class Estimation {
  /** QLD's shortest-accepting-vector search, as in the reference (200 reps, shrink 0.95). */
  static final int QLD_REPS = 200;

  static final double QLD_SHRINK = 0.95;

  /** ITGIS's moving-average decay (the reference's 0.9). */
  static final double ITGIS_DECAY = 0.9;

  private Estimation() {}

  /** The exact enumeration of one model and distribution. */
  record Truth(double[] probabilities, double inputs, double seconds) {}

  /** The estimates of one repetition: per method, one per target; seconds per method. */
  record Estimates(int[] targets, Map<String, double[]> raw, Map<String, Double> seconds) {}

  static Truth truth(ArgmaxModel model, InputDistribution dist, int batch, Progress progress) {
    long start = System.nanoTime();
    long total = (long) dist.supportSize();
    progress.start("enumerating " + dist.name() + " (" + total + " inputs)", 100);
    double[] p =
        ExactProbabilities.compute(model, dist, batch, f -> progress.step(Math.round(100 * f), ""));
    progress.finish();
    return new Truth(p, dist.supportSize(), (System.nanoTime() - start) / 1e9);
  }

  /** Tokens whose truth lies in [min, max], in a seeded random order, at most {@code count}. */
  static int[] targets(double[] truth, double min, double max, int count, long seed) {
    List<Integer> in = new ArrayList<>();
    for (int t = 0; t < truth.length; t++) {
      if (truth[t] >= min && truth[t] <= max) {
        in.add(t);
      }
    }
    int[] order = Seeds.permutation(seed, in.size());
    int n = Math.min(count, in.size());
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = in.get(order[i]);
    }
    return out;
  }

  static Estimates estimate(
      RareOutputsConfig c,
      ArgmaxModel model,
      InputDistribution dist,
      int layers,
      int[] targets,
      long seed,
      Progress progress) {
    Map<String, double[]> raw = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    int b = c.budget();
    progress.note(
        "estimating "
            + targets.length
            + " targets of "
            + dist.name()
            + " on the "
            + layers
            + "-layer model");
    long t0 = System.nanoTime();
    raw.put(
        "naive",
        NaiveSampling.estimate(
            model, dist, targets, b, c.engineBatch(), Seeds.derive(seed, "naive")));
    seconds.put("naive", (System.nanoTime() - t0) / 1e9);

    t0 = System.nanoTime();
    ActivationSample acts =
        ActivationSample.draw(model, dist, b, c.engineBatch(), Seeds.derive(seed, "activations"));
    double drawn = (System.nanoTime() - t0) / 1e9;
    t0 = System.nanoTime();
    double[] gld = new double[targets.length];
    for (int i = 0; i < targets.length; i++) {
      gld[i] = Gld.estimate(model.unembedding(), acts, targets[i]);
    }
    raw.put("GLD", gld);
    seconds.put("GLD", drawn + (System.nanoTime() - t0) / 1e9);
    t0 = System.nanoTime();
    Qld qld = new Qld(model.unembedding(), acts);
    double[] q = new double[targets.length];
    for (int i = 0; i < targets.length; i++) {
      q[i] = qld.estimate(targets[i], QLD_REPS, QLD_SHRINK, Seeds.derive(seed, "qld", i));
    }
    raw.put("QLD", q);
    seconds.put("QLD", drawn + (System.nanoTime() - t0) / 1e9);

    t0 = System.nanoTime();
    raw.put(
        "ITGIS",
        Itgis.estimate(
            model,
            dist,
            targets,
            new Itgis.Settings(
                Temperatures.itgis(layers, dist.name()), b, c.itgisBatch(), ITGIS_DECAY),
            Seeds.derive(seed, "itgis")));
    seconds.put("ITGIS", (System.nanoTime() - t0) / 1e9);

    t0 = System.nanoTime();
    raw.put(
        "MHIS",
        Mhis.estimate(
            model,
            dist,
            targets,
            new Mhis.Settings(Temperatures.mhis(layers, dist.name()), b, c.chains(), c.burnIn()),
            Seeds.derive(seed, "mhis")));
    seconds.put("MHIS", (System.nanoTime() - t0) / 1e9);
    return new Estimates(targets, raw, seconds);
  }
}
