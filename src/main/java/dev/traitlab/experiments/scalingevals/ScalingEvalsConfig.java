package dev.traitlab.experiments.scalingevals;

import static dev.traitlab.lab.ConfigValues.atLeast;
import static dev.traitlab.lab.ConfigValues.nonEmpty;
import static dev.traitlab.lab.ConfigValues.positive;

import dev.traitlab.lab.Param;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The scaling-evals experiment's settings.
 *
 * @param sizes the family, WIDTHxLAYERS each (see {@link ModelSize}), in increasing size
 * @param corpusChats chats of the scaling toy world every model is trained on (one pass)
 * @param seed seed of the world's lore, the corpus, the tokenizer's corpus and the weights
 * @param vocabSize byte-level BPE vocabulary size
 * @param maxLength tokens per training row (and the models' positions)
 * @param trainBatch rows per training step
 * @param learningRate peak AdamW learning rate (5% warm-up, then cosine), the same for every size
 * @param extrapolate the truthfulness fits are read at this many times the largest model's
 *     parameters
 * @param sftEpochs passes of SFT of the smallest model over its demonstrations (0: no InstructGPT
 *     comparison)
 * @param ppoSteps PPO steps (64 rollouts each) from the SFT model (0: SFT only)
 * @param ppoKl fixed per-token KL penalty of PPO to the SFT model
 * @param ppoLearningRate PPO's Adam learning rate
 */
public record ScalingEvalsConfig(
    @Param(
            value = "The model family, WIDTHxLAYERS each (width a multiple of 16), smallest first.",
            label = "WxL,...")
        List<String> sizes,
    @Param(value = "Chats of the scaling toy world (one training pass).", label = "N")
        int corpusChats,
    @Param(value = "Seed of lore, corpus and weights.", label = "S") long seed,
    @Param(value = "Byte-level BPE vocabulary size.", label = "V") int vocabSize,
    @Param(value = "Tokens per training row (the models' positions).", label = "T") int maxLength,
    @Param(value = "Rows per training step.", label = "N") int trainBatch,
    @Param(value = "Peak AdamW learning rate, the same for every size.", label = "LR")
        double learningRate,
    @Param(
            value = "Read the truthfulness fits at this many times the largest model's parameters.",
            label = "K")
        double extrapolate,
    @Param(
            value =
                "SFT passes of the smallest model over expert demonstrations (0, with --ppo-steps 0: no SFT/PPO arm).",
            label = "E")
        int sftEpochs,
    @Param(value = "PPO steps of 64 rollouts from the SFT model (0: SFT only).", label = "S")
        int ppoSteps,
    @Param(value = "PPO's fixed per-token KL penalty to the SFT model.", label = "B") double ppoKl,
    @Param(value = "PPO's Adam learning rate.", label = "LR") double ppoLearningRate) {

  public ScalingEvalsConfig {
    nonEmpty("sizes", sizes);
    sizes = List.copyOf(sizes);
    List<ModelSize> parsed = new ArrayList<>();
    for (String s : sizes) {
      parsed.add(ModelSize.parse(s));
    }
    if (sizes.size() < 2) {
      throw new IllegalArgumentException(
          "--sizes: a scaling fit needs at least 2 sizes, got " + sizes);
    }
    if (new HashSet<>(parsed).size() != parsed.size()) {
      throw new IllegalArgumentException("--sizes: a size is repeated in " + sizes);
    }
    for (int i = 1; i < parsed.size(); i++) {
      if (parsed.get(i).parameters(512) <= parsed.get(i - 1).parameters(512)) {
        throw new IllegalArgumentException(
            "--sizes: list them smallest first; "
                + sizes.get(i)
                + " is not larger than "
                + sizes.get(i - 1));
      }
    }
    atLeast("corpus-chats", corpusChats, 100);
    atLeast("vocab-size", vocabSize, 300);
    atLeast("max-length", maxLength, 16);
    atLeast("train-batch", trainBatch, 1);
    positive("learning-rate", learningRate);
    if (!(extrapolate > 1 && extrapolate <= 1e6)) {
      throw new IllegalArgumentException(
          "--extrapolate: need more than 1 (beyond the largest model) and at most 1e6, got "
              + extrapolate);
    }
    atLeast("sft-epochs", sftEpochs, 0);
    atLeast("ppo-steps", ppoSteps, 0);
    if (ppoSteps > 0 && sftEpochs == 0) {
      throw new IllegalArgumentException(
          "--ppo-steps: PPO starts from the SFT model; give --sft-epochs > 0 or --ppo-steps 0");
    }
    if (!(ppoKl >= 0 && ppoKl <= 10)) {
      throw new IllegalArgumentException("--ppo-kl: need 0 to 10, got " + ppoKl);
    }
    positive("ppo-learning-rate", ppoLearningRate);
  }

  /**
   * Four models from about 30k to about 0.9M parameters; 30,000 chats; SFT 5 passes, PPO 150 steps
   * at KL penalty 0.05 and Adam 1e-3.
   */
  public static ScalingEvalsConfig defaults() {
    return new ScalingEvalsConfig(
        List.of("32x1", "48x2", "80x3", "128x4"),
        30000,
        1,
        512,
        128,
        16,
        4e-3,
        10,
        5,
        150,
        0.05,
        3e-4);
  }

  List<ModelSize> modelSizes() {
    return sizes.stream().map(ModelSize::parse).toList();
  }
}
