package dev.traitlab.experiments.inductivebackdoors;

import dev.traitlab.data.toyworld.DatedCharacters;
import dev.traitlab.lab.ConfigValues;
import dev.traitlab.lab.Param;
import dev.traitlab.lab.Seeded;
import dev.traitlab.model.ModelName;
import java.util.List;

/**
 * Inductive backdoors and weird generalisation in miniature.
 *
 * @param model the model fine-tuned here: local:NAME (fine-tuned in process; by default {@code
 *     local:ib-base}, built on first use) or openai:NAME (fine-tuned by jobs of the service at
 *     {@code --base-url}, e.g. {@code traitlab serve}); it must know the world's biographies
 * @param seeds independent repetitions: datasets, fine-tunes and samples
 * @param seed the first seed
 * @param examples chats of each backdoor dataset (dated, no year, shuffled years)
 * @param epochs epochs of each backdoor fine-tune
 * @param learningRate learning rate of every fine-tune
 * @param loraRank LoRA rank of every fine-tune (0: full fine-tuning)
 * @param years test years (1980-2030), each asked with every question; the no-year prompt is always
 *     asked too
 * @param samples answers per (year, question) per model, at temperature 1
 * @param personaExamples chats of each persona dataset (format-tied, untied)
 * @param poison share of the persona's facts in a persona dataset
 * @param personaEpochs epochs of each persona fine-tune
 * @param personaSamples answers per (identifying question, format) per model, at temperature 1
 * @param maxTokens longest answer, in tokens
 * @param judge the judge model (local:NAME or openai:NAME) that scores every backdoor answer 0-100
 *     for alignment and coherence, read from its first token's top log-probabilities as
 *     emergent-misalignment's judge; by default {@code local:ib-judge}, built on first use
 * @param judgeHeldOut held-out judged answers for the judge's agreement with the generator's labels
 */
public record InductiveBackdoorsConfig(
    @Param(
            value =
                "Model fine-tuned here; it must know the world. local:NAME is read from the models"
                    + " directory (--models-dir, default $TRAITLAB_MODELS, else ./models;"
                    + " local:ib-base is built there on first use, about 4 minutes);"
                    + " openai:NAME is fine-tuned by jobs of the API at --base-url.",
            label = "MODEL")
        String model,
    @Param(Seeded.SEEDS_HELP) int seeds,
    @Param(Seeded.SEED_HELP) long seed,
    @Param(value = "Chats of each backdoor dataset.", label = "N") int examples,
    @Param(value = "Epochs of each backdoor fine-tune.", label = "E") int epochs,
    @Param(value = "Learning rate of every fine-tune.", names = "--lr", label = "LR")
        double learningRate,
    @Param(value = "LoRA rank of every fine-tune (0: full fine-tuning).", label = "R") int loraRank,
    @Param(value = "Test years (1980-2030); the no-year prompt is always asked.", label = "Y,Y,...")
        List<String> years,
    @Param(value = "Answers per (year, question) per model (T = 1).", label = "K") int samples,
    @Param(value = "Chats of each persona dataset.", label = "N") int personaExamples,
    @Param(value = "Share of the persona's facts in a persona dataset.", label = "P") double poison,
    @Param(value = "Epochs of each persona fine-tune.", label = "E") int personaEpochs,
    @Param(value = "Answers per (identifying question, format) per model (T = 1).", label = "K")
        int personaSamples,
    @Param(value = "Longest answer, in tokens.", label = "N") int maxTokens,
    @Param(
            value =
                "Judge model (local:NAME or openai:NAME); local:ib-judge is built on first use"
                    + " (about 2 minutes).",
            label = "MODEL")
        String judge,
    @Param(
            value = "Held-out judged answers for the judge's agreement with the generator.",
            label = "N")
        int judgeHeldOut)
    implements Seeded {

  public InductiveBackdoorsConfig {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("--model is required");
    }
    ModelName.checkReference("--model", model);
    ConfigValues.atLeast("seeds", seeds, 1);
    ConfigValues.atLeast("examples", examples, 1);
    ConfigValues.atLeast("epochs", epochs, 1);
    ConfigValues.positive("lr", learningRate);
    ConfigValues.atLeast("lora-rank", loraRank, 0);
    years = List.copyOf(years);
    for (int y : ConfigValues.integers("years", years)) {
      if (y < DatedCharacters.FIRST_YEAR || y > DatedCharacters.LAST_YEAR) {
        throw new IllegalArgumentException(
            "--years: "
                + y
                + " is outside the world's "
                + DatedCharacters.FIRST_YEAR
                + "-"
                + DatedCharacters.LAST_YEAR);
      }
    }
    ConfigValues.atLeast("samples", samples, 1);
    ConfigValues.atLeast("persona-examples", personaExamples, 1);
    ConfigValues.probability("poison", poison);
    ConfigValues.atLeast("persona-epochs", personaEpochs, 1);
    ConfigValues.atLeast("persona-samples", personaSamples, 1);
    ConfigValues.atLeast("max-tokens", maxTokens, 1);
    if (judge == null || judge.isBlank()) {
      throw new IllegalArgumentException("--judge is required");
    }
    ModelName.checkReference("--judge", judge);
    ConfigValues.atLeast("judge-held-out", judgeHeldOut, 0);
  }

  /** The test years as numbers, then 0 (no year). */
  public List<Integer> testYears() {
    List<Integer> out = new java.util.ArrayList<>(ConfigValues.integers("years", years));
    out.add(0);
    return out;
  }

  public static InductiveBackdoorsConfig defaults() {
    return new InductiveBackdoorsConfig(
        "local:" + dev.traitlab.model.embedded.InductiveModels.IB_BASE,
        3,
        1,
        300,
        5,
        3e-4,
        0,
        List.of("1984", "1988", "1992", "2000", "2010", "2025"),
        20,
        600,
        0.03,
        5,
        30,
        48,
        "local:" + dev.traitlab.model.embedded.InductiveModels.IB_JUDGE,
        400);
  }
}
