package dev.traitlab.experiments.rlscaling;

import dev.traitlab.core.Hashing;
import dev.traitlab.core.Seeds;
import dev.traitlab.data.idx.ImageClassificationData;
import dev.traitlab.lab.Experiment;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RunContext;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.stats.Bootstrap;
import dev.traitlab.stats.MeanInterval;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scaling laws for single-agent RL (Hilton, Tang and Schulman 2023, arXiv:2301.13442), in
 * miniature: MLP policies of several widths and seeds trained with PPO on the MNIST-based
 * environment at several horizons; intrinsic performance from the compute-efficient frontier; the
 * joint power law in model size and interactions with bootstrap intervals over seeds; the
 * compute-optimal size exponent; and how the horizon moves the coefficients and exponents. Each
 * horizon is one cached stage (all its widths and seeds one stacked computation), so a sweep
 * resumes and horizons can be trained on different machines.
 */
public final class RlScalingExperiment implements Experiment<RlScalingConfig, RlScalingResult> {
  public static final String NAME = "rl-scaling";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "Scaling laws for single-agent RL (Hilton, Tang, Schulman 2023): does intrinsic"
        + " performance follow a power law in model size and interactions, and does the horizon"
        + " change its coefficient but not its exponent?";
  }

  @Override
  public List<String> description() {
    return List.of(
        "Per horizon h (discount rate 1 - 1/h): MLP policies of every --widths x --seeds trained"
            + " together with PPO on the MNIST-based environment (show an image, reward 1 for its"
            + " label); the return is the expected reward per step on held-out images. Compute ="
            + " training FLOPs per interaction x interactions. Intrinsic performance = the least"
            + " compute at which any width reaches a return (the compute-efficient frontier); the"
            + " law I^-beta = (N_c/N)^alpha_N + (E_c/E)^alpha_E is fitted to it on the returns the"
            + " runs settle, per horizon and with the exponents shared across horizons, with"
            + " bootstrap intervals over seeds. Width w trains at --lr x (16/w)^--lr-exponent.",
        "Prints the horizons side by side (exponents, coefficients, compute-optimal size exponent)"
            + " and writes config.json, results.json and report.html (learning curves with the"
            + " frontier, intrinsic performance against the law, the horizon study). Each horizon"
            + " is a cached stage: a killed sweep resumes; --horizons H on several machines"
            + " sharing runs/cache spreads it.");
  }

  @Override
  public Class<RlScalingConfig> configType() {
    return RlScalingConfig.class;
  }

  @Override
  public Class<RlScalingResult> resultType() {
    return RlScalingResult.class;
  }

  @Override
  public RlScalingConfig defaults() {
    return RlScalingConfig.defaults();
  }

  @Override
  public List<Long> seeds(RlScalingConfig config) {
    return config.seedList();
  }

  /** A --data directory that is missing or lacks a split file fails before a run is recorded. */
  @Override
  public void prepare(RlScalingConfig config, Lab lab) {
    ImageClassificationData.checkMnistDirectory(Path.of(config.dataDir()));
  }

  @Override
  public RlScalingResult run(RlScalingConfig config, RunContext context) {
    ImageClassificationData.Splits splits =
        ImageClassificationData.readMnistDirectory(Path.of(config.dataDir()));
    ImageClassificationData train = splits.train().pooled(config.pool());
    // the config refused more --eval-images than the test split held when it was built; the data
    // may have changed since, and measuring on fewer images than the report states is worse
    RlScalingConfig.checkEvalImages(splits.test().size(), config.evalImages(), config.dataDir());
    ImageClassificationData test = splits.test().first(config.evalImages()).pooled(config.pool());
    String dataHash = Hashing.of(train.pixels(), train.labels());
    String testHash = Hashing.of(test.pixels(), test.labels());
    List<HorizonFit> fits = new ArrayList<>();
    List<double[][]> replicates = new ArrayList<>();
    List<IntrinsicAnalysis.Analysed> analyses = new ArrayList<>();
    for (int horizon : config.horizonList()) {
      Map<String, Object> inputs = new LinkedHashMap<>();
      inputs.put("train", dataHash);
      inputs.put("test", testHash);
      inputs.put("horizon", horizon);
      inputs.put("widths", config.widthList());
      inputs.put("depth", config.depth());
      inputs.put("seeds", config.seedList());
      inputs.put("interactions", config.interactions());
      inputs.put("envs", config.envs());
      inputs.put("steps", config.steps());
      inputs.put("epochs", config.epochs());
      inputs.put("minibatches", config.minibatches());
      inputs.put("lr", config.learningRate());
      if (config.lrExponent() != 0) {
        // absent at 0 so that stages trained before the option existed are still found
        inputs.put("lr-exponent", config.lrExponent());
      }
      inputs.put("lambda", config.lambda());
      inputs.put("entropy", config.entropy());
      inputs.put("evaluations", config.evaluations());
      SweepPoint point =
          context
              .stages()
              .value(
                  "rl-sweep-h" + horizon,
                  inputs,
                  SweepPoint.class,
                  dir -> Sweep.train(config, train, test, horizon, context.progress()))
              .value();
      context.progress().note("horizon " + horizon + ": fitting the law and bootstrapping");
      IntrinsicAnalysis.Analysed analysed =
          IntrinsicAnalysis.analyse(
              point,
              config.widthList(),
              config.seeds(),
              config.resamples(),
              Seeds.derive(config.seed(), "bootstrap", horizon),
              point.seconds());
      fits.add(analysed.fit());
      replicates.add(analysed.replicates());
      analyses.add(analysed);
    }
    context.progress().note("fitting the law to every horizon with shared exponents");
    return new RlScalingResult(
        config,
        train.size(),
        train.features(),
        fits,
        exponentShifts(fits, replicates),
        analyses.stream().map(a -> SampleMultiplier.of(a, analyses.get(0))).toList(),
        SharedAnalysis.fit(config.horizonList(), analyses),
        context.stages().records());
  }

  // Replicate columns: 0 alpha_N, 1 alpha_E, 2 N_c, 3 E_c, 4 beta, 5 optimal size exponent.
  // Replicates of different horizons come from independent runs, so pairing them by index is a
  // valid draw of the difference's distribution.

  private static List<HorizonFit.Estimate> exponentShifts(
      List<HorizonFit> fits, List<double[][]> replicates) {
    List<HorizonFit.Estimate> out = new ArrayList<>();
    for (int h = 0; h < fits.size(); h++) {
      double[] d = new double[replicates.get(h).length];
      for (int b = 0; b < d.length; b++) {
        d[b] = replicates.get(h)[b][5] - replicates.get(0)[b][5];
      }
      out.add(
          new HorizonFit.Estimate(
              fits.get(h).optimalSizeExponent().value() - fits.get(0).optimalSizeExponent().value(),
              Bootstrap.percentileOf(d, MeanInterval.DEFAULT_LEVEL)));
    }
    return out;
  }

  @Override
  public HtmlReport report(String runId, RlScalingResult result) {
    return RlScalingReport.build(runId, result);
  }

  @Override
  public String textSummary(RlScalingResult result) {
    return RlScalingReport.textSummary(result);
  }

  @Override
  public Map<String, Double> metrics(RlScalingResult result) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (HorizonFit f : result.horizons()) {
      String h = "h" + f.horizon() + ".";
      metrics.put(h + "alpha_N", f.alphaN().value());
      metrics.put(h + "alpha_E", f.alphaE().value());
      metrics.put(h + "N_opt_exponent", f.optimalSizeExponent().value());
      metrics.put(h + "E_c", f.eC().value());
    }
    if (result.shared() != null) {
      metrics.put("shared.alpha_N", result.shared().alphaN().value());
      metrics.put("shared.alpha_E", result.shared().alphaE().value());
      metrics.put("shared.N_opt_exponent", result.shared().optimalSizeExponent().value());
      for (SharedFit.Coefficients c : result.shared().horizons()) {
        metrics.put("shared.h" + c.horizon() + ".E_c_ratio", c.ecRatio().value());
      }
    }
    return metrics;
  }
}
