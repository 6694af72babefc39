package dev.traitlab.experiments.activationoracle;

import dev.traitlab.lab.ConfigValues;
import dev.traitlab.lab.Param;
import dev.traitlab.lab.Seeded;
import dev.traitlab.model.ModelName;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The activation-oracle experiment (Karvonen, Chua et al. 2025) in miniature. Lists are
 * comma-separated on the command line.
 *
 * @param model the local base model: the targets and the oracle are fine-tunes of it (a remote
 *     model is refused: the oracle reads activations)
 * @param seeds oracles trained (each from its own mix and LoRA initialisation); the targets are
 *     trained once, from {@code seed}
 * @param seed the first seed
 * @param tasks the held-out tasks (taboo, gender, ssc, personas)
 * @param depths depths of the target's layers read, in percent of its blocks (the paper: 25, 50,
 *     75)
 * @param injectLayer the oracle's block after which activations are added (the paper: 1)
 * @param coefficient c of the norm-matched injection h + c ||h|| v / ||v|| (the paper: 1)
 * @param activations what is read at a target layer: {@code residual} (the residual stream, as the
 *     paper), {@code delta} (the residual minus the residual after block 0, what blocks 1..L added:
 *     in the toy model the residual is dominated by the token's own identity) or {@code centred}
 *     (minus the base's mean residual for the same token, {@link Reading})
 * @param placeholders activations read per question: the target's last tokens (the paper reads the
 *     last 10 for taboo)
 * @param warmupExamples examples of the four-animal system-prompt family the oracle is trained on
 *     first, alone (0: none): in the whole mix it never starts reading, after this warm-up it does
 * @param warmupEpochs epochs of the warm-up
 * @param mixExamples examples of the oracle's training mix
 * @param oracleEpochs epochs of the oracle's training
 * @param oracleLr its learning rate
 * @param loraRank the oracle's LoRA rank (alpha = 2 rank, as the paper's 64 / 128); 0 fine-tunes
 *     every weight instead
 * @param targetExamples fine-tuning conversations of each taboo, gender and ssc target
 * @param personaExamples fine-tuning conversations of the persona target
 * @param targetEpochs epochs of the taboo, gender and ssc targets
 * @param personaEpochs epochs of the persona target (it must memorise facts)
 * @param maxTokens the longest oracle or target answer
 */
public record ActivationOracleConfig(
    @Param(value = "Local base model of targets and oracle.", label = "MODEL") String model,
    @Param(Seeded.SEEDS_HELP + " One oracle per seed; targets trained once.") int seeds,
    @Param(Seeded.SEED_HELP) long seed,
    @Param(value = "Held-out tasks: taboo, gender, ssc, personas.", label = "T,T,...")
        List<String> tasks,
    @Param(value = "Depths of the target layers read, percent of blocks.", label = "P,P,...")
        List<String> depths,
    @Param(value = "Oracle block after which activations are injected.", label = "N")
        int injectLayer,
    @Param(value = "Injection coefficient c (norm-matched).", label = "C") double coefficient,
    @Param(
            value =
                "What is read at a layer: residual (the paper's), delta (minus the residual"
                    + " after block 0) or centred (minus the base's mean for the token).",
            label = "A")
        String activations,
    @Param(value = "Activations (last tokens) per question.", label = "K") int placeholders,
    @Param(
            value = "Four-animal system-prompt examples trained first, alone (0: none).",
            label = "N")
        int warmupExamples,
    @Param(value = "Epochs of the warm-up.", label = "E") int warmupEpochs,
    @Param(value = "Examples of the oracle's training mix.", label = "N") int mixExamples,
    @Param(value = "Epochs of the oracle's training.", label = "E") int oracleEpochs,
    @Param(value = "Learning rate of the oracle's LoRA.", names = "--oracle-lr", label = "LR")
        double oracleLr,
    @Param(value = "LoRA rank of the oracle (alpha = 2 rank); 0: full fine-tuning.", label = "R")
        int loraRank,
    @Param(value = "Fine-tuning conversations per taboo/gender/ssc target.", label = "N")
        int targetExamples,
    @Param(value = "Fine-tuning conversations of the persona target.", label = "N")
        int personaExamples,
    @Param(value = "Epochs of the taboo/gender/ssc targets.", label = "E") int targetEpochs,
    @Param(value = "Epochs of the persona target.", label = "E") int personaEpochs,
    @Param(
            value =
                "Longest oracle answer, in tokens (targets' answers: 3 x N). The longest training"
                    + " answer, 'Nothing in particular.', takes 10; fewer cut it short.",
            label = "N")
        int maxTokens)
    implements Seeded {

  static final List<String> TASKS = List.of("taboo", "gender", "ssc", "personas");

  public ActivationOracleConfig {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("--model is required");
    }
    ModelName.checkEmbedded("--model", model, "the oracle reads and injects activations");
    ConfigValues.atLeast("seeds", seeds, 1);
    ConfigValues.nonEmpty("tasks", tasks);
    tasks = tasks.stream().map(t -> t.trim().toLowerCase(Locale.ROOT)).toList();
    for (String t : tasks) {
      if (!TASKS.contains(t)) {
        throw new IllegalArgumentException("--tasks: unknown '" + t + "' (one of " + TASKS + ")");
      }
    }
    if (tasks.stream().distinct().count() != tasks.size()) {
      throw new IllegalArgumentException("--tasks: a task is repeated in " + tasks);
    }
    for (int d : ConfigValues.integers("depths", depths)) {
      if (d < 0 || d > 100) {
        throw new IllegalArgumentException("--depths: " + d + " is not a percentage in [0, 100]");
      }
    }
    if (ConfigValues.integers("depths", depths).stream().distinct().count() != depths.size()) {
      throw new IllegalArgumentException("--depths: a depth is repeated in " + depths);
    }
    ConfigValues.atLeast("inject-layer", injectLayer, 0);
    if (!(coefficient > 0) || !Double.isFinite(coefficient)) {
      throw new IllegalArgumentException("--coefficient must be > 0, got " + coefficient);
    }
    if (!Reading.KINDS.contains(activations)) {
      throw new IllegalArgumentException(
          "--activations: unknown '" + activations + "' (one of " + Reading.KINDS + ")");
    }
    ConfigValues.atLeast("placeholders", placeholders, 1);
    if (placeholders > 64) {
      throw new IllegalArgumentException("--placeholders must be at most 64, got " + placeholders);
    }
    ConfigValues.atLeast("warmup-examples", warmupExamples, 0);
    ConfigValues.atLeast("warmup-epochs", warmupEpochs, 1);
    ConfigValues.atLeast("mix-examples", mixExamples, 30);
    ConfigValues.atLeast("oracle-epochs", oracleEpochs, 1);
    ConfigValues.positive("oracle-lr", oracleLr);
    ConfigValues.atLeast("lora-rank", loraRank, 0);
    ConfigValues.atLeast("target-examples", targetExamples, 10);
    ConfigValues.atLeast("persona-examples", personaExamples, 10);
    ConfigValues.atLeast("target-epochs", targetEpochs, 1);
    ConfigValues.atLeast("persona-epochs", personaEpochs, 1);
    ConfigValues.atLeast("max-tokens", maxTokens, 2);
  }

  public static ActivationOracleConfig defaults() {
    return new ActivationOracleConfig(
        "local:base",
        3,
        0,
        TASKS,
        List.of("25", "50", "75"),
        0,
        1.0,
        "centred",
        10,
        3000,
        5,
        12000,
        2,
        1e-3,
        0,
        600,
        3000,
        3,
        6,
        16);
  }

  /** The depths as integers. */
  /**
   * Checks {@code --inject-layer} against the oracle model's depth, which the record alone does not
   * know.
   *
   * @param layers the model's number of transformer blocks
   * @throws IllegalArgumentException naming the option and the valid blocks 0..layers-1
   */
  private static void checkInjectLayer(int injectLayer, int layers) {
    if (injectLayer >= layers) {
      throw new IllegalArgumentException(
          "--inject-layer "
              + injectLayer
              + ": must be a block in 0.."
              + (layers - 1)
              + " (the model has "
              + layers
              + " blocks)");
    }
  }

  /**
   * Rejects, once the model's number of blocks is known, an injection block it lacks and depths
   * that read the same block.
   */
  void checkAgainst(int layers) {
    checkInjectLayer(injectLayer, layers);
    checkDepths(depthList(), layers);
  }

  /** Rejects depths that read the same block of a model with {@code layers} blocks. */
  static void checkDepths(List<Integer> depths, int layers) {
    Map<Integer, Integer> byBlock = new HashMap<>();
    for (int d : depths) {
      int block = blockAt(d, layers);
      Integer other = byBlock.putIfAbsent(block, d);
      if (other != null) {
        throw new IllegalArgumentException(
            "--depths: "
                + other
                + "% and "
                + d
                + "% both read block "
                + block
                + " of the model's "
                + layers);
      }
    }
  }

  public List<Integer> depthList() {
    return ConfigValues.integers("depths", depths);
  }

  /** The target block read at a depth: round(depth / 100 * blocks), within [0, blocks - 1]. */
  static int blockAt(int depth, int blocks) {
    return Math.min(blocks - 1, Math.max(0, (int) Math.round(depth / 100.0 * blocks)));
  }
}
