package dev.traitlab.experiments.obfuscation;

import dev.traitlab.lab.ConfigValues;
import dev.traitlab.lab.Param;
import dev.traitlab.lab.Seeded;
import dev.traitlab.model.ModelName;
import dev.traitlab.probes.MonitorFamily;
import dev.traitlab.probes.MonitoredTokens;
import java.util.List;

/**
 * The obfuscated-activations experiment (Bailey et al. 2024) in miniature. Lists are
 * comma-separated on the command line.
 *
 * @param model the local base model the aligned assistant is fine-tuned from (local:NAME; a remote
 *     model is refused: the monitors need activations, the attacks gradients)
 * @param seeds independent repetitions (data split, monitors, attacks); the aligned model is one
 * @param seed the first seed
 * @param monitors the monitor families attacked (mean-diff, logistic, mlp, mahalanobis, sae-probe)
 * @param tokens which tokens the monitors read: answer (generation-based), prompt (input-based)
 * @param tuneExamples examples of the aligned assistant's fine-tune
 * @param tuneEpochs its epochs
 * @param trainRequests harmful and benign requests (each) the monitors and the suffix train on
 * @param testRequests harmful and benign requests (each) of the evaluation
 * @param calibrationRequests held-out benign requests that set each threshold
 * @param fpr the false-positive rate of the thresholds (recall at 1% FPR)
 * @param suffixLength k, the suffix's vectors (or tokens)
 * @param attackSteps Adam steps of each embedding-suffix attack
 * @param attackLr Adam's learning rate
 * @param attackBatch requests per attack step
 * @param lambda weight of the behaviour loss; 1 - lambda weighs the monitor's score
 * @param hardSteps steps of the token-suffix search (0: none)
 * @param hardCandidates candidate swaps per step
 * @param gameRounds rounds of the defence game (retrain, attack again; 0: none)
 * @param gameMonitor the family of the defence game
 * @param capabilitySteps Adam steps of each capability-cost attack (0: none)
 * @param saeLatents latents of the sparse autoencoder
 * @param maxTokens the longest greedy answer
 */
public record ObfuscationConfig(
    @Param(value = "Local base model the aligned assistant is fine-tuned from.", label = "MODEL")
        String model,
    @Param(Seeded.SEEDS_HELP) int seeds,
    @Param(Seeded.SEED_HELP) long seed,
    @Param(value = "Monitor families to attack.", label = "F,F,...") List<String> monitors,
    @Param(
            value = "Tokens the monitors read: answer (generation-based), prompt (input-based).",
            label = "T,T,...")
        List<String> tokens,
    @Param(value = "Examples of the aligned assistant's fine-tune.", label = "N") int tuneExamples,
    @Param(value = "Epochs of that fine-tune.", label = "E") int tuneEpochs,
    @Param(
            value = "Harmful and benign requests (each) to train monitors and suffixes.",
            label = "N")
        int trainRequests,
    @Param(value = "Harmful and benign requests (each) to evaluate on.", label = "N")
        int testRequests,
    @Param(value = "Held-out benign requests that set the thresholds.", label = "N")
        int calibrationRequests,
    @Param(value = "False-positive rate of the thresholds.", label = "P") double fpr,
    @Param(value = "Suffix length k (vectors or tokens).", label = "K") int suffixLength,
    @Param(value = "Adam steps of each embedding-suffix attack.", label = "N") int attackSteps,
    @Param(value = "Adam learning rate of the suffix.", names = "--attack-lr", label = "LR")
        double attackLr,
    @Param(value = "Requests per attack step.", label = "N") int attackBatch,
    @Param(value = "Weight of the behaviour loss (1 - lambda: the monitor's).", label = "L")
        double lambda,
    @Param(
            value = "Steps of the token-suffix (GCG) search against the logistic probe; 0: none.",
            label = "N")
        int hardSteps,
    @Param(value = "Candidate swaps per GCG step.", label = "N") int hardCandidates,
    @Param(value = "Rounds of the defence game; 0: none.", label = "N") int gameRounds,
    @Param(value = "Monitor family of the defence game.", label = "F") String gameMonitor,
    @Param(value = "Adam steps of each capability-cost attack; 0: none.", label = "N")
        int capabilitySteps,
    @Param(value = "Latents of the sparse autoencoder.", label = "N") int saeLatents,
    @Param(value = "Longest greedy answer, in tokens.", label = "N") int maxTokens)
    implements Seeded {

  public ObfuscationConfig {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("--model is required");
    }
    ModelName.checkEmbedded(
        "--model",
        model,
        "activation access: monitors read activations and attacks take gradients through the"
            + " model, which an API does not give");
    ConfigValues.atLeast("seeds", seeds, 1);
    ConfigValues.nonEmpty("monitors", monitors);
    for (String m : monitors) {
      try {
        MonitorFamily.of(m.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--monitors: " + e.getMessage());
      }
    }
    ConfigValues.nonEmpty("tokens", tokens);
    tokens.forEach(ObfuscationConfig::tokensOf);
    ConfigValues.atLeast("tune-examples", tuneExamples, 10);
    ConfigValues.atLeast("tune-epochs", tuneEpochs, 1);
    ConfigValues.atLeast("train-requests", trainRequests, 4);
    ConfigValues.atLeast("test-requests", testRequests, 2);
    ConfigValues.atLeast("calibration-requests", calibrationRequests, 2);
    int benignNeeded = trainRequests + testRequests + calibrationRequests;
    if (benignNeeded > 480 || trainRequests + testRequests > 480) {
      throw new IllegalArgumentException(
          "--train-requests + --test-requests + --calibration-requests must be at most 480 (the"
              + " toy world's benign requests), got "
              + benignNeeded);
    }
    ConfigValues.probability("fpr", fpr);
    ConfigValues.atLeast("suffix-length", suffixLength, 1);
    ConfigValues.atLeast("attack-steps", attackSteps, 1);
    ConfigValues.positive("attack-lr", attackLr);
    ConfigValues.atLeast("attack-batch", attackBatch, 1);
    if (!(lambda > 0 && lambda <= 1)) {
      throw new IllegalArgumentException("--lambda must be in (0, 1], got " + lambda);
    }
    ConfigValues.atLeast("hard-steps", hardSteps, 0);
    ConfigValues.atLeast("hard-candidates", hardCandidates, 1);
    ConfigValues.atLeast("game-rounds", gameRounds, 0);
    try {
      MonitorFamily.of(gameMonitor);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--game-monitor: " + e.getMessage());
    }
    ConfigValues.atLeast("capability-steps", capabilitySteps, 0);
    ConfigValues.atLeast("sae-latents", saeLatents, 1);
    ConfigValues.atLeast("max-tokens", maxTokens, 4);
  }

  public static ObfuscationConfig defaults() {
    return new ObfuscationConfig(
        "local:base",
        2,
        0,
        List.of("mean-diff", "logistic", "mlp", "mahalanobis", "sae-probe"),
        List.of("answer"),
        4000,
        3,
        96,
        64,
        96,
        0.01,
        8,
        80,
        2e-2,
        8,
        0.7,
        30,
        16,
        3,
        "logistic",
        60,
        512,
        64);
  }

  /** The monitor families, in the order given. */
  public List<MonitorFamily> families() {
    return monitors.stream().map(m -> MonitorFamily.of(m.trim())).toList();
  }

  /** The monitored-token settings, in the order given. */
  public List<MonitoredTokens> tokenSettings() {
    return tokens.stream().map(ObfuscationConfig::tokensOf).toList();
  }

  static MonitoredTokens tokensOf(String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "answer", "generation" -> MonitoredTokens.ANSWER;
      case "prompt", "input" -> MonitoredTokens.PROMPT;
      default ->
          throw new IllegalArgumentException(
              "--tokens: unknown '" + value + "' (answer or prompt)");
    };
  }
}
