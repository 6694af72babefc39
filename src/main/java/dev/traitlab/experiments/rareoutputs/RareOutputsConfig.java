package dev.traitlab.experiments.rareoutputs;

import static dev.traitlab.lab.ConfigValues.atLeast;
import static dev.traitlab.lab.ConfigValues.integers;

import dev.traitlab.lab.Param;
import dev.traitlab.lab.Seeded;
import java.util.List;

/**
 * Sizes of the rare-outputs experiment. Lists are comma-separated on the command line.
 *
 * @param seeds independent repetitions of the estimates (models and targets stay the same)
 * @param seed the first seed (models, targets, and the estimates of repetition 0)
 * @param layers layer counts of the trained models
 * @param distributions input distributions, from {@link Distributions#NAMES}
 * @param hiddenSize width of every model
 * @param heads attention heads
 * @param intermediateSize width of the gated GELU MLP
 * @param vocabSize size of the byte-level BPE vocabulary trained on the corpus
 * @param corpusChats toy-world chats of the training corpus
 * @param maxLength tokens per training row (longer chats are cut)
 * @param trainBatch rows per training step
 * @param learningRate peak AdamW learning rate
 * @param budget model calls per estimate (per target for ITGIS and MHIS; shared by all targets of a
 *     model and distribution for naive sampling, QLD and GLD)
 * @param targets targets per model and distribution; the first ceil(targets/2) fit the calibration,
 *     the rest are held out (an odd count puts the extra one in validation)
 * @param minProbability lower end of the window true probabilities of targets lie in
 * @param maxProbability upper end of that window
 * @param chains MHIS walks per target
 * @param burnIn MHIS burn-in steps per walk (inside the budget)
 * @param itgisBatch ITGIS draws per target between updates of its scores
 * @param engineBatch most rows per model call of the engine
 */
public record RareOutputsConfig(
    @Param(
            value = "How many repetitions of the estimates (models and targets stay). Not --seed.",
            label = "N")
        int seeds,
    @Param(Seeded.SEED_HELP) long seed,
    @Param(value = "Layer counts of the trained GELU models.", label = "L,L,...")
        List<String> layers,
    @Param(value = "Input distributions (hex, camel, caps, english, numbers).", label = "D,D,...")
        List<String> distributions,
    @Param(value = "Width of every model.", label = "H") int hiddenSize,
    @Param(value = "Attention heads.", label = "N") int heads,
    @Param(value = "Width of the gated GELU MLP.", label = "N") int intermediateSize,
    @Param(value = "Byte-level BPE vocabulary size.", label = "V") int vocabSize,
    @Param(value = "Toy-world chats of the training corpus.", label = "N") int corpusChats,
    @Param(value = "Tokens per training row.", label = "T") int maxLength,
    @Param(value = "Rows per training step.", label = "N") int trainBatch,
    @Param(value = "Peak AdamW learning rate.", label = "LR") double learningRate,
    @Param(value = "Model calls per estimate (2^16 in the paper).", label = "N") int budget,
    @Param(
            value =
                "Targets per model and distribution; ceil(N/2) fit the calibration, the rest are"
                    + " held out (3 -> 2 + 1). Fewer than 5 held out per cell names no winner.",
            label = "N")
        int targets,
    @Param(value = "Lower end of the targets' true probabilities.", label = "P")
        double minProbability,
    @Param(value = "Upper end of the targets' true probabilities.", label = "P")
        double maxProbability,
    @Param(value = "MHIS walks per target.", label = "N") int chains,
    @Param(
            value =
                "MHIS burn-in steps per walk (inside the budget); need 0 <= N < budget/chains - 1.",
            label = "N")
        int burnIn,
    @Param(value = "ITGIS draws per target between score updates.", label = "N") int itgisBatch,
    @Param(value = "Most rows per engine call.", label = "N") int engineBatch)
    implements Seeded {

  public RareOutputsConfig {
    atLeast("seeds", seeds, 1);
    layers = List.copyOf(layers);
    distributions = List.copyOf(distributions);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("--layers: need at least one layer count");
    }
    for (int l : integers("layers", layers)) {
      if (l < 1 || l > 12) {
        throw new IllegalArgumentException("--layers: need 1..12, got " + l);
      }
    }
    // Compared as numbers so that "1,01" is caught too.
    noDuplicates("layers", integers("layers", layers).stream().map(String::valueOf).toList());
    if (distributions.isEmpty()) {
      throw new IllegalArgumentException("--distributions: need at least one");
    }
    noDuplicates("distributions", distributions);
    for (String d : distributions) {
      if (!Distributions.NAMES.contains(d)) {
        throw new IllegalArgumentException(
            "--distributions: unknown '"
                + d
                + "' (known: "
                + String.join(", ", Distributions.NAMES)
                + ")");
      }
    }
    atLeast("hidden-size", hiddenSize, 4);
    atLeast("heads", heads, 1);
    if (hiddenSize % heads != 0 || (hiddenSize / heads) % 2 != 0) {
      throw new IllegalArgumentException(
          "--hidden-size "
              + hiddenSize
              + " must split into --heads "
              + heads
              + " heads of even width");
    }
    atLeast("intermediate-size", intermediateSize, 1);
    if (vocabSize < 300 || vocabSize > 8192) {
      throw new IllegalArgumentException("--vocab-size: need 300..8192, got " + vocabSize);
    }
    atLeast("corpus-chats", corpusChats, 100);
    atLeast("max-length", maxLength, 8);
    atLeast("train-batch", trainBatch, 1);
    if (!(learningRate > 0 && learningRate < 1)) {
      throw new IllegalArgumentException("--learning-rate: need (0, 1), got " + learningRate);
    }
    atLeast("chains", chains, 1);
    atLeast("itgis-batch", itgisBatch, 1);
    atLeast("budget", budget, 64);
    if (budget % chains != 0 || budget % itgisBatch != 0) {
      throw new IllegalArgumentException(
          "--budget "
              + budget
              + " must be a multiple of --chains ("
              + chains
              + ") and --itgis-batch ("
              + itgisBatch
              + ")");
    }
    if (burnIn < 0 || burnIn >= budget / chains - 1) {
      throw new IllegalArgumentException(
          "--burn-in "
              + burnIn
              + " leaves no kept MHIS state: need 0 <= burn-in < budget/chains - 1 = "
              + (budget / chains - 1));
    }
    atLeast("targets", targets, 2);
    if (!(minProbability > 0 && minProbability < maxProbability && maxProbability < 1)) {
      throw new IllegalArgumentException(
          "need 0 < --min-probability < --max-probability < 1, got "
              + minProbability
              + " and "
              + maxProbability);
    }
    atLeast("engine-batch", engineBatch, 1);
  }

  /**
   * Defaults: three GELU models of width 32 (1, 2, 4 layers), a 512-token vocabulary, four
   * distributions of about 2^20 inputs each, 8 targets each in [1e-9, 1e-5], 2^16 calls per
   * estimate.
   */
  public static RareOutputsConfig defaults() {
    return new RareOutputsConfig(
        1,
        0,
        List.of("1", "2", "4"),
        List.of("hex", "camel", "caps", "english"),
        32,
        4,
        96,
        512,
        12000,
        64,
        32,
        3e-3,
        1 << 16,
        8,
        1e-9,
        1e-5,
        32,
        512,
        256,
        4096);
  }

  /** A repeated entry would run and report the same row twice. */
  private static void noDuplicates(String option, List<String> values) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String v : values) {
      if (!seen.add(v.strip())) {
        throw new IllegalArgumentException("--" + option + ": '" + v.strip() + "' given twice");
      }
    }
  }

  public List<Integer> layerCounts() {
    return integers("layers", layers);
  }
}
