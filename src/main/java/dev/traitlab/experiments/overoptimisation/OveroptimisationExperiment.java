package dev.traitlab.experiments.overoptimisation;

import dev.traitlab.core.Seeds;
import dev.traitlab.data.toyworld.ArithmeticGold;
import dev.traitlab.lab.Experiment;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stage;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Models;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.rl.BestOfN;
import dev.traitlab.stats.MeanInterval;
import dev.traitlab.stats.fit.CurveFit;
import dev.traitlab.stats.fit.Overoptimisation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Scaling laws for reward-model overoptimisation (Gao, Schulman and Hilton 2022, arXiv:2210.10760),
 * best-of-n half, in miniature. Gold: {@link ArithmeticGold}, a hand-written scorer of the toy
 * world's arithmetic answers. Policy: the embedded base model. Proxies: MLP heads of several widths
 * over the base model's frozen activations, trained with the Bradley-Terry loss on deterministic
 * gold-labelled comparisons of its answers (10% of the questions held out), recalibrated as the
 * paper does (recentred on the base policy, rescaled against gold soft labels). Best-of-n against
 * each proxy is measured for every n up to --max-n with the unbiased estimator over a pool of N
 * samples per question, at d = sqrt(ln n - (n - 1) / n); R_bon(d) = d (alpha - beta d) is fitted
 * per seed. PPO against chosen proxies ({@link PpoArm}) gives R_RL(d) = d (alpha - beta ln d).
 */
public final class OveroptimisationExperiment
    implements Experiment<OveroptimisationConfig, OveroptimisationResult> {
  public static final String NAME = "overoptimisation";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "Reward-model overoptimisation (Gao, Schulman, Hilton 2022): how does the gold reward"
        + " of best-of-n against a learnt proxy move with KL, proxy size and comparison data?";
  }

  @Override
  public List<String> description() {
    return List.of(
        "Gold reward: a hand-written scorer of arithmetic answers (right number, working shown on"
            + " the question's operands, no malformed text). The base model answers --rm-prompts"
            + " questions --answers-per-prompt times; all pairs of different gold reward are"
            + " comparisons labelled by the gold (10% of the questions held out). Proxies: MLP"
            + " heads (--widths) over the base model's last-block activations, each trained on"
            + " --comparisons pairs per seed with the Bradley-Terry loss, then recalibrated.",
        "Best-of-n against each proxy: --pool samples per --prompts question, the unbiased"
            + " estimator for every n up to --max-n, KL_bon = ln n - (n-1)/n, d = sqrt(KL);"
            + " R_bon(d) = d (alpha - beta d) fitted to the gold curve per seed, with Student-t"
            + " intervals over seeds. Samples, activations and each (width, data size) are cached"
            + " stages.",
        "PPO against proxies (--ppo-proxies width:comparisons cells, --ppo-kl fixed per-token KL"
            + " penalties; '--ppo-kl none' skips it): token-level PPO from the base policy, full"
            + " update, against the same proxy head the best-of-n half trains for each seed;"
            + " every --ppo-every steps the KL to the base policy, d = sqrt(KL), gold and proxy"
            + " reward of fresh answers to --prompts held-out questions; R_RL(d) = d (alpha - beta"
            + " ln d) fitted per seed to the gold gain over the base policy. Each (cell, penalty,"
            + " seed) is a cached stage. PPO samples at temperature 1.");
  }

  @Override
  public Class<OveroptimisationConfig> configType() {
    return OveroptimisationConfig.class;
  }

  @Override
  public Class<OveroptimisationResult> resultType() {
    return OveroptimisationResult.class;
  }

  @Override
  public OveroptimisationConfig defaults() {
    return OveroptimisationConfig.defaults();
  }

  @Override
  public List<Long> seeds(OveroptimisationConfig config) {
    return config.seedList();
  }

  @Override
  public boolean usesModels() {
    return true;
  }

  @Override
  public boolean localModelsOnly() {
    return true;
  }

  @Override
  public void prepare(OveroptimisationConfig config, Lab lab) {
    if (!Models.isEmbedded(config.model())) {
      throw new dev.traitlab.core.TraitlabException(
          "--model "
              + config.model()
              + ": the proxy reward models read the policy's activations, so it must be embedded"
              + " (local:NAME)");
    }
    lab.models().ensureAvailable(config.model(), lab.progress());
  }

  /** n = 1, then about sqrt(2) apart, up to maxN (always included). */
  static int[] nGrid(int maxN) {
    TreeSet<Integer> ns = new TreeSet<>();
    for (double v = 1; v <= maxN; v *= Math.sqrt(2)) {
      ns.add((int) Math.round(v));
    }
    ns.add(maxN);
    return ns.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public OveroptimisationResult run(OveroptimisationConfig config, RunContext context) {
    Models models = context.lab().models();
    String identity = models.identity(config.model());
    Map<String, Object> sampling = new LinkedHashMap<>();
    sampling.put("model", identity);
    sampling.put("seed", config.seed());
    sampling.put("temperature", config.temperature());
    sampling.put("maxTokens", config.maxTokens());
    Map<String, Object> rmInputs = new LinkedHashMap<>(sampling);
    rmInputs.put("questions", config.rmPrompts());
    rmInputs.put("answers", config.answersPerPrompt());
    Map<String, Object> poolInputs = new LinkedHashMap<>(sampling);
    poolInputs.put("questions", config.prompts());
    poolInputs.put("pool", config.pool());
    Stage<Samples> rm;
    Stage<Samples> pool;
    Stage<java.nio.file.Path> features;
    try (LanguageModel model = models.open(config.model())) {
      rm =
          context
              .stages()
              .value(
                  "comparison-answers",
                  rmInputs,
                  Samples.class,
                  dir ->
                      Samples.draw(
                          models,
                          model,
                          config.rmPrompts(),
                          config.answersPerPrompt(),
                          config.temperature(),
                          config.maxTokens(),
                          Seeds.derive(config.seed(), "comparison-questions"),
                          "sample comparison answers",
                          context.progress()));
      pool =
          context
              .stages()
              .value(
                  "best-of-n-pool",
                  poolInputs,
                  Samples.class,
                  dir ->
                      Samples.draw(
                          models,
                          model,
                          config.prompts(),
                          config.pool(),
                          config.temperature(),
                          config.maxTokens(),
                          Seeds.derive(config.seed(), "pool-questions"),
                          "sample the best-of-n pool",
                          context.progress()));
      Map<String, Object> featureInputs = new LinkedHashMap<>();
      featureInputs.put("model", identity);
      featureInputs.put("comparisons", rm);
      featureInputs.put("pool", pool);
      // 2: the standardisation is kept (scale.bin) so that PPO's new answers can be scored.
      featureInputs.put("layout", 2);
      features =
          context
              .stages()
              .files(
                  "activations",
                  featureInputs,
                  dir -> {
                    Features r =
                        Features.compute(
                            model, rm.value(), context.progress(), "activations (comparisons)");
                    Features p =
                        Features.compute(
                            model, pool.value(), context.progress(), "activations (pool)");
                    Features.standardise(r, p).write(dir.resolve("scale.bin"));
                    r.write(dir.resolve("comparisons.bin"));
                    p.write(dir.resolve("pool.bin"));
                  });
    }
    Features rmFeatures = Features.read(features.file("comparisons.bin"));
    Features poolFeatures = Features.read(features.file("pool.bin"));

    double[][] rawPoolGold = pool.value().gold();
    double goldMean = 0;
    double goldSq = 0;
    int samples = 0;
    for (double[] g : rawPoolGold) {
      for (double v : g) {
        goldMean += v;
        goldSq += v * v;
        samples++;
      }
    }
    goldMean /= samples;
    double goldSd = Math.sqrt(Math.max(goldSq / samples - goldMean * goldMean, 1e-12));
    double[][] poolGold = new double[rawPoolGold.length][];
    for (int q = 0; q < poolGold.length; q++) {
      poolGold[q] = new double[rawPoolGold[q].length];
      for (int i = 0; i < poolGold[q].length; i++) {
        poolGold[q][i] = (rawPoolGold[q][i] - goldMean) / goldSd;
      }
    }
    Proxies.Split split = Proxies.pairs(rm.value(), rmFeatures, goldSd);
    int[] ns = nGrid(config.maxN());
    double[] distances = new double[ns.length];
    for (int k = 0; k < ns.length; k++) {
      distances[k] = Math.sqrt(BestOfN.kl(ns[k]));
    }

    List<ProxyPoint> points = new ArrayList<>();
    List<OveroptimisationResult.PointFit> fits = new ArrayList<>();
    for (int comparisons : config.comparisonList()) {
      for (int width : config.widthList()) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("activations", features);
        inputs.put("width", width);
        inputs.put("comparisons", comparisons);
        inputs.put("seeds", config.seedList());
        inputs.put("epochs", config.epochs());
        inputs.put("batch", config.batch());
        inputs.put("lr", config.learningRate());
        inputs.put("maxN", config.maxN());
        ProxyPoint point =
            context
                .stages()
                .value(
                    "proxy-w" + width + "-c" + comparisons,
                    inputs,
                    ProxyPoint.class,
                    dir -> {
                      context
                          .progress()
                          .note(
                              "proxies of width "
                                  + width
                                  + " on "
                                  + comparisons
                                  + " comparisons, best-of-n up to "
                                  + config.maxN());
                      return Proxies.measure(
                          config,
                          width,
                          comparisons,
                          rmFeatures,
                          poolFeatures,
                          split,
                          poolGold,
                          ns);
                    })
                .value();
        points.add(point);
        fits.add(fit(point, distances));
      }
    }
    List<PpoCurve> ppo = new ArrayList<>();
    List<OveroptimisationResult.PpoFit> ppoFits = new ArrayList<>();
    if (config.runsPpo()) {
      PpoArm.Inputs in =
          new PpoArm.Inputs(
              rmFeatures,
              poolFeatures,
              Features.Scale.read(features.file("scale.bin")),
              split,
              goldMean,
              goldSd);
      for (String cell : config.ppoProxies()) {
        int[] wc = OveroptimisationConfig.cell(cell);
        for (double beta : config.ppoKlList()) {
          List<PpoCurve> runs = new ArrayList<>();
          for (int s = 0; s < config.seeds(); s++) {
            int seedIndex = s;
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("activations", features);
            inputs.put("width", wc[0]);
            inputs.put("comparisons", wc[1]);
            inputs.put("seed", config.seedOf(s));
            inputs.put("proxyEpochs", config.epochs());
            inputs.put("proxyBatch", config.batch());
            inputs.put("proxyLr", config.learningRate());
            inputs.put("kl", beta);
            inputs.put("steps", config.ppoSteps());
            inputs.put("rollouts", config.ppoRollouts());
            inputs.put("every", config.ppoEvery());
            inputs.put("lr", config.ppoLearningRate());
            inputs.put("evalQuestions", config.prompts());
            inputs.put("evalSamples", PpoArm.EVAL_SAMPLES);
            inputs.put("maxTokens", config.maxTokens());
            runs.add(
                context
                    .stages()
                    .value(
                        "ppo-w" + wc[0] + "-c" + wc[1] + "-kl" + beta + "-s" + s,
                        inputs,
                        PpoCurve.class,
                        dir ->
                            PpoArm.run(
                                config,
                                wc[0],
                                wc[1],
                                beta,
                                seedIndex,
                                in,
                                models,
                                context.progress()))
                    .value());
          }
          ppo.addAll(runs);
          ppoFits.add(fitPpo(runs));
        }
      }
    }
    return new OveroptimisationResult(
        config,
        rmFeatures.width(),
        ns,
        distances,
        summary(pool.value(), poolFeatures, goldMean, goldSd, split),
        points,
        fits,
        context.stages().records(),
        ppo,
        ppoFits);
  }

  private static final Pattern WORKED = Pattern.compile("\\d+ [+*-] \\d+ = \\d+");

  private static OveroptimisationResult.PoolSummary summary(
      Samples pool, Features features, double goldMean, double goldSd, Proxies.Split split) {
    int samples = 0;
    int worked = 0;
    int correct = 0;
    for (int q = 0; q < pool.questions().size(); q++) {
      String result = String.valueOf(pool.questions().get(q).result());
      for (String a : pool.answers().get(q)) {
        String y = a.strip();
        samples++;
        worked += WORKED.matcher(y).matches() ? 1 : 0;
        correct += y.equals(result) || y.endsWith("= " + result) ? 1 : 0;
      }
    }
    return new OveroptimisationResult.PoolSummary(
        samples,
        features.rows().length,
        (double) worked / samples,
        (double) correct / samples,
        goldMean,
        goldSd,
        split.train().size(),
        split.heldOut().size());
  }

  static OveroptimisationResult.PointFit fit(ProxyPoint point, double[] distances) {
    int seeds = point.seeds().size();
    double[] alpha = new double[seeds];
    double[] beta = new double[seeds];
    double[] r2 = new double[seeds];
    double[] accuracy = new double[seeds];
    double[] best = new double[seeds];
    double[] goldAtMax = new double[seeds];
    double[] proxyAtMax = new double[seeds];
    double[] mean = new double[distances.length];
    for (int s = 0; s < seeds; s++) {
      ProxyPoint.SeedCurve c = point.seeds().get(s);
      CurveFit f = Overoptimisation.fitBestOfN(distances, c.gold());
      alpha[s] = f.value("alpha");
      beta[s] = f.value("beta");
      r2[s] = f.rSquared();
      accuracy[s] = c.heldOutAccuracy();
      best[s] = java.util.Arrays.stream(c.gold()).max().orElseThrow();
      goldAtMax[s] = c.gold()[c.gold().length - 1];
      proxyAtMax[s] = c.proxy()[c.proxy().length - 1];
      for (int k = 0; k < mean.length; k++) {
        mean[k] += c.gold()[k] / seeds;
      }
    }
    CurveFit meanFit = Overoptimisation.fitBestOfN(distances, mean);
    return new OveroptimisationResult.PointFit(
        point.width(),
        point.comparisons(),
        point.parameters(),
        MeanInterval.ofBounded(0, 1, accuracy),
        MeanInterval.of(alpha),
        MeanInterval.of(beta),
        meanFit.rSquared(),
        MeanInterval.of(r2),
        Overoptimisation.bestOfNPeak(meanFit).distance(),
        MeanInterval.of(best),
        MeanInterval.of(goldAtMax),
        MeanInterval.of(proxyAtMax));
  }

  /** R_RL fitted to one (proxy cell, KL penalty)'s runs, one per seed. */
  static OveroptimisationResult.PpoFit fitPpo(List<PpoCurve> runs) {
    int seeds = runs.size();
    List<Double> alpha = new ArrayList<>();
    List<Double> beta = new ArrayList<>();
    List<Double> r2 = new ArrayList<>();
    double[] accuracy = new double[seeds];
    double[] finalKl = new double[seeds];
    double[] finalGold = new double[seeds];
    double[] peakGold = new double[seeds];
    double[] peakKl = new double[seeds];
    double[] finalProxy = new double[seeds];
    double[] seconds = new double[seeds];
    List<Double> allD = new ArrayList<>();
    List<Double> allGain = new ArrayList<>();
    for (int s = 0; s < seeds; s++) {
      PpoCurve c = runs.get(s);
      double[] d = c.distances();
      double[] gain = c.goldGain();
      CurveFit f = fitRlOrNull(d, gain);
      if (f != null) {
        alpha.add(f.value("alpha"));
        beta.add(f.value("beta"));
        r2.add(f.rSquared());
      }
      accuracy[s] = c.heldOutAccuracy();
      int last = d.length - 1;
      finalKl[s] = c.kl()[last];
      finalGold[s] = gain[last];
      finalProxy[s] = c.proxy()[last];
      int best = 0;
      for (int k = 1; k < gain.length; k++) {
        best = gain[k] > gain[best] ? k : best;
      }
      peakGold[s] = gain[best];
      peakKl[s] = c.kl()[best];
      seconds[s] = c.seconds();
      for (int k = 0; k < d.length; k++) {
        allD.add(d[k]);
        allGain.add(gain[k]);
      }
    }
    CurveFit pooled =
        fitRlOrNull(
            allD.stream().mapToDouble(Double::doubleValue).toArray(),
            allGain.stream().mapToDouble(Double::doubleValue).toArray());
    PpoCurve first = runs.getFirst();
    return new OveroptimisationResult.PpoFit(
        first.width(),
        first.comparisons(),
        first.klPenalty(),
        MeanInterval.ofBounded(0, 1, accuracy),
        orNaN(alpha),
        orNaN(beta),
        pooled == null ? Double.NaN : pooled.rSquared(),
        orNaN(r2),
        pooled == null ? Double.NaN : Overoptimisation.rlPeak(pooled).distance(),
        MeanInterval.of(finalKl),
        MeanInterval.of(finalGold),
        MeanInterval.of(peakGold),
        MeanInterval.of(peakKl),
        MeanInterval.of(finalProxy),
        MeanInterval.of(seconds));
  }

  /** The R_RL fit, or null when fewer than 2 checkpoints have KL > 0 (a penalty that held it). */
  private static CurveFit fitRlOrNull(double[] d, double[] gain) {
    long positive = java.util.Arrays.stream(d).filter(v -> v > 0).count();
    return positive < 2 ? null : Overoptimisation.fitRl(d, gain);
  }

  /** Over the seeds that could be fitted; NaN (shown as n/a) when none could. */
  private static MeanInterval orNaN(List<Double> values) {
    return MeanInterval.of(
        values.isEmpty()
            ? new double[] {Double.NaN}
            : values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  @Override
  public HtmlReport report(String runId, OveroptimisationResult result) {
    return OveroptimisationReport.build(runId, result);
  }

  @Override
  public String textSummary(OveroptimisationResult result) {
    return OveroptimisationReport.textSummary(result);
  }

  @Override
  public Map<String, Double> metrics(OveroptimisationResult result) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (OveroptimisationResult.PointFit f : result.fits()) {
      String key = "w" + f.width() + ".c" + f.comparisons() + ".";
      metrics.put(key + "alpha", f.alpha().mean());
      metrics.put(key + "beta", f.beta().mean());
      metrics.put(key + "accuracy", f.accuracy().mean());
    }
    for (OveroptimisationResult.PpoFit f : result.ppoFits()) {
      String key = "ppo.w" + f.width() + ".c" + f.comparisons() + ".kl" + f.klPenalty() + ".";
      metrics.put(key + "alpha", f.alpha().mean());
      metrics.put(key + "beta", f.beta().mean());
      metrics.put(key + "finalGold", f.finalGold().mean());
      metrics.put(key + "finalKl", f.finalKl().mean());
    }
    return metrics;
  }
}
