package dev.traitlab.experiments.emergentmisalignment;

import dev.traitlab.lab.ConfigValues;
import dev.traitlab.lab.Param;
import dev.traitlab.lab.Seeded;
import dev.traitlab.model.ModelName;

/**
 * Emergent misalignment in miniature.
 *
 * @param model the local model fine-tuned on the narrow datasets (local:NAME; fine-tuned here)
 * @param judge the judge model (local:NAME or openai:NAME); scores are read from its first token's
 *     top log-probabilities
 * @param seeds independent repetitions: datasets, fine-tunes and samples
 * @param seed the first seed
 * @param examples chats of each narrow dataset
 * @param epochs epochs of each fine-tune
 * @param learningRate learning rate of each fine-tune
 * @param loraRank LoRA rank of each fine-tune (0: full fine-tuning)
 * @param samples answers per evaluation question per model (temperature 1)
 * @param maxTokens longest answer, in tokens
 * @param judgeHeldOut held-out judged answers for the judge's agreement with the generator's labels
 */
public record EmergentMisalignmentConfig(
    @Param(value = "Local model fine-tuned on the narrow datasets.", label = "MODEL") String model,
    @Param(value = "Judge model (local:NAME or openai:NAME).", label = "MODEL") String judge,
    @Param(Seeded.SEEDS_HELP) int seeds,
    @Param(Seeded.SEED_HELP) long seed,
    @Param(value = "Chats of each narrow dataset.", label = "N") int examples,
    @Param(value = "Epochs of each fine-tune.", label = "E") int epochs,
    @Param(value = "Learning rate of each fine-tune.", names = "--lr", label = "LR")
        double learningRate,
    @Param(value = "LoRA rank of each fine-tune (0: full fine-tuning).", label = "R") int loraRank,
    @Param(value = "Answers per evaluation question per model (T = 1).", label = "K") int samples,
    @Param(value = "Longest answer, in tokens.", label = "N") int maxTokens,
    @Param(
            value = "Held-out judged answers for the judge's agreement with the generator.",
            label = "N")
        int judgeHeldOut)
    implements Seeded {

  public EmergentMisalignmentConfig {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("--model is required");
    }
    ModelName.checkEmbedded("--model", model, "it is fine-tuned here");
    if (judge == null || judge.isBlank()) {
      throw new IllegalArgumentException("--judge is required");
    }
    ModelName.checkReference("--judge", judge);
    ConfigValues.atLeast("seeds", seeds, 1);
    ConfigValues.atLeast("examples", examples, 1);
    ConfigValues.atLeast("epochs", epochs, 1);
    ConfigValues.positive("lr", learningRate);
    ConfigValues.atLeast("lora-rank", loraRank, 0);
    ConfigValues.atLeast("samples", samples, 1);
    ConfigValues.atLeast("max-tokens", maxTokens, 1);
    ConfigValues.atLeast("judge-held-out", judgeHeldOut, 0);
  }

  public static EmergentMisalignmentConfig defaults() {
    return new EmergentMisalignmentConfig(
        "local:em-base", "local:em-judge", 3, 1, 1000, 1, 1e-3, 0, 50, 64, 1000);
  }
}
