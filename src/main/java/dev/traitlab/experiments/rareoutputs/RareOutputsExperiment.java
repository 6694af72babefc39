package dev.traitlab.experiments.rareoutputs;

import dev.traitlab.core.Seeds;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.Cell;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.MethodFit;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.ModelInfo;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.TargetRow;
import dev.traitlab.experiments.rareoutputs.RareOutputsResult.TruthInfo;
import dev.traitlab.lab.Experiment;
import dev.traitlab.lab.MemoryEstimate;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stage;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.lowprob.InputDistribution;
import dev.traitlab.lowprob.TransformerArgmaxModel;
import dev.traitlab.nn.transformer.TransformerModel;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.text.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimating the probabilities of rare outputs (Gabriel Wu and Jacob Hilton 2024, arXiv:2410.13211)
 * in miniature. The pipeline: a toy-world corpus and its BPE vocabulary; GELU transformers of 1, 2
 * and 4 layers trained on it; per model and distribution, the exact probability of every argmax
 * output by enumerating all inputs; targets drawn among tokens whose truth lies in the window; the
 * five methods at the same budget; scoring by the Itakura-Saito loss after each method's log-affine
 * fit on validation targets, compared on held-out targets.
 */
public final class RareOutputsExperiment
    implements Experiment<RareOutputsConfig, RareOutputsResult> {
  public static final String NAME = "rare-outputs";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "Estimating the probabilities of rare outputs (Wu & Hilton 2024): importance sampling vs"
        + " activation extrapolation vs naive sampling on small GELU transformers.";
  }

  @Override
  public List<String> description() {
    return List.of(
        "Trains GELU transformers (1, 2 and 4 layers, width 32) on toy-world text, defines input"
            + " distributions of independent tokens (hex, camel, caps, english, numbers) of about"
            + " 2^20 inputs each, and computes every output's exact probability by enumerating"
            + " them. Targets are tokens whose truth lies in [1e-9, 1e-5]; naive sampling, ITGIS,"
            + " MHIS, QLD and GLD each get 2^16 model calls per estimate.",
        "Scored as the paper: Itakura-Saito loss after a log-affine fit per method on half the"
            + " targets, compared on the other half, with 95% bootstrap intervals over targets."
            + " Models, truths and estimates are cached stages.",
        "Cost: the defaults take about 10 minutes on 2 cores (models about 1 minute, exact truths"
            + " about 2.3 minutes, estimates about 7 minutes); a rerun reuses the cached stages."
            + " --budget, --targets, --layers and --distributions scale the estimates.");
  }

  @Override
  public Class<RareOutputsConfig> configType() {
    return RareOutputsConfig.class;
  }

  @Override
  public Class<RareOutputsResult> resultType() {
    return RareOutputsResult.class;
  }

  @Override
  public RareOutputsConfig defaults() {
    return RareOutputsConfig.defaults();
  }

  @Override
  public List<Long> seeds(RareOutputsConfig config) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < config.seeds(); i++) {
      out.add(config.seed() + i);
    }
    return out;
  }

  @Override
  public MemoryEstimate memory(RareOutputsConfig c) {
    // QLD holds the logits of every activation sample; one engine call holds a few activations
    // per row, position and layer.
    double heap =
        (double) c.budget() * (c.vocabSize() + 2.0 * c.hiddenSize()) * 4
            + (double) c.targets() * c.budget() / c.chains() * 64;
    double layers = c.layerCounts().stream().mapToInt(Integer::intValue).max().orElse(1);
    double nativeBytes =
        (double) c.engineBatch()
                * 8
                * layers
                * (8.0 * c.hiddenSize() + 3 * c.intermediateSize())
                * 4
            + (double) c.engineBatch() * c.vocabSize() * 4;
    return new MemoryEstimate(
        heap, nativeBytes, (double) c.budget() * c.vocabSize(), "--budget or --engine-batch");
  }

  @Override
  public RareOutputsResult run(RareOutputsConfig c, RunContext context) {
    Stages stages = context.stages();
    var progress = context.progress();

    // 1. The corpus's vocabulary and token counts.
    Map<String, Object> tokIn = new LinkedHashMap<>();
    tokIn.put("vocab", c.vocabSize());
    tokIn.put("chats", c.corpusChats());
    tokIn.put("seed", c.seed());
    Stage<Path> tokenizer =
        stages.files(
            "rare-outputs-tokenizer", tokIn, dir -> ToyModels.buildTokenizer(c, dir, progress));
    long[] counts = ToyModels.counts(tokenizer.dir());

    // 2. The models.
    List<ModelInfo> models = new ArrayList<>();
    Map<Integer, Stage<ToyModels.Trained>> modelStages = new LinkedHashMap<>();
    for (int layers : c.layerCounts()) {
      Map<String, Object> in = new LinkedHashMap<>();
      in.put("tokenizer", tokenizer);
      in.put("layers", layers);
      in.put("hidden", c.hiddenSize());
      in.put("heads", c.heads());
      in.put("intermediate", c.intermediateSize());
      in.put("maxLength", c.maxLength());
      in.put("batch", c.trainBatch());
      in.put("lr", c.learningRate());
      in.put("seed", c.seed());
      Stage<ToyModels.Trained> s =
          stages.value(
              "rare-outputs-model",
              in,
              ToyModels.Trained.class,
              dir -> ToyModels.train(c, layers, tokenizer.dir(), dir, progress));
      modelStages.put(layers, s);
      ToyModels.Trained t = s.value();
      models.add(
          new ModelInfo(
              modelName(layers), layers, t.parameters(), t.finalLoss(), t.seconds(), t.tokens()));
    }

    // 3-4. Per model and distribution: exact truth, targets, estimates.
    List<TruthInfo> truths = new ArrayList<>();
    List<Scoring.Raw> raws = new ArrayList<>();
    try (Tokenizer tok = Tokenizer.load(tokenizer.dir())) {
      for (int layers : c.layerCounts()) {
        Stage<ToyModels.Trained> ms = modelStages.get(layers);
        try (TransformerModel tm = TransformerModel.load(ms.dir())) {
          TransformerArgmaxModel model = new TransformerArgmaxModel(tm, c.engineBatch());
          for (String name : c.distributions()) {
            InputDistribution dist = Distributions.of(name, tok, counts);
            Map<String, Object> tin = new LinkedHashMap<>();
            tin.put("model", ms);
            tin.put("distribution", name);
            // The definition itself, not only its name: it depends on the vocabulary and code.
            tin.put("definition", dist);
            tin.put("batch", c.engineBatch());
            Stage<Estimation.Truth> truth =
                stages.value(
                    "rare-outputs-truth",
                    tin,
                    Estimation.Truth.class,
                    dir -> Estimation.truth(model, dist, c.engineBatch(), progress));
            double[] p = truth.value().probabilities();
            int[] targets =
                Estimation.targets(
                    p,
                    c.minProbability(),
                    c.maxProbability(),
                    c.targets(),
                    Seeds.derive(c.seed(), "targets", layers, name.hashCode()));
            int inWindow =
                Estimation.targets(p, c.minProbability(), c.maxProbability(), Integer.MAX_VALUE, 0)
                    .length;
            truths.add(
                new TruthInfo(
                    modelName(layers),
                    name,
                    truth.value().inputs(),
                    truth.value().seconds(),
                    truth.value().inputs() / truth.value().seconds(),
                    inWindow));
            if (targets.length < 2) {
              progress.note(
                  "warning: "
                      + modelName(layers)
                      + " / "
                      + name
                      + " has "
                      + targets.length
                      + " tokens in the window; skipped");
              continue;
            }
            int validation = Scoring.validationCount(targets.length);
            for (int rep = 0; rep < c.seeds(); rep++) {
              long seed = c.seedOf(rep);
              Map<String, Object> ein = new LinkedHashMap<>();
              ein.put("truth", truth);
              ein.put("targets", targets);
              ein.put("budget", c.budget());
              ein.put("chains", c.chains());
              ein.put("burnIn", c.burnIn());
              ein.put("itgisBatch", c.itgisBatch());
              ein.put("itgisTemperature", Temperatures.itgis(layers, name));
              ein.put("mhisTemperature", Temperatures.mhis(layers, name));
              ein.put("seed", seed);
              Stage<Estimation.Estimates> est =
                  stages.value(
                      "rare-outputs-estimates",
                      ein,
                      Estimation.Estimates.class,
                      dir ->
                          Estimation.estimate(
                              c,
                              model,
                              dist,
                              layers,
                              targets,
                              Seeds.derive(seed, "estimates", layers, name.hashCode()),
                              progress));
              for (int i = 0; i < targets.length; i++) {
                Map<String, Double> r = new LinkedHashMap<>();
                for (Map.Entry<String, double[]> e : est.value().raw().entrySet()) {
                  r.put(e.getKey(), e.getValue()[i]);
                }
                raws.add(
                    new Scoring.Raw(
                        rep,
                        modelName(layers),
                        name,
                        targets[i],
                        tok.decode(new int[] {targets[i]}),
                        p[targets[i]],
                        i < validation,
                        r,
                        est.value().seconds()));
              }
            }
          }
        }
      }
    }

    // 5. Scoring.
    List<MethodFit> fits = new ArrayList<>();
    List<TargetRow> rows = Scoring.score(raws, fits);
    List<Scoring.Held> held = Scoring.heldOut(rows);
    long scoreSeed = Seeds.derive(c.seed(), "bootstrap");
    List<String> modelNames =
        c.layerCounts().stream().map(RareOutputsExperiment::modelName).toList();
    List<Cell> cells = Scoring.cells(held, modelNames, c.distributions(), scoreSeed);
    return new RareOutputsResult(
        c,
        models,
        truths,
        rows,
        fits,
        cells,
        Scoring.overall(held, cells, scoreSeed),
        Scoring.comparisons(held, scoreSeed),
        stages.records());
  }

  static String modelName(int layers) {
    return "gelu-" + layers + "l";
  }

  @Override
  public HtmlReport report(String runId, RareOutputsResult result) {
    return RareOutputsReport.build(runId, result);
  }

  @Override
  public String textSummary(RareOutputsResult result) {
    return RareOutputsReport.text(result);
  }

  @Override
  public Map<String, Double> metrics(RareOutputsResult result) {
    return RareOutputsReport.metrics(result);
  }
}
