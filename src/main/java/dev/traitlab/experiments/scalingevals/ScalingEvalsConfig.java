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
        double extrapolate) {

  public ScalingEvalsConfig {
    nonEmpty("sizes", sizes);
    sizes = List.copyOf(sizes);
    List<ModelSize> parsed = new ArrayList<>();
    for (String s : sizes) {
      parsed.add(ModelSize.parse(s));
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
  }

  /** Four models from about 30k to about 0.9M parameters; 30,000 chats. */
  public static ScalingEvalsConfig defaults() {
    return new ScalingEvalsConfig(
        List.of("32x1", "48x2", "80x3", "128x4"), 30000, 1, 512, 128, 16, 4e-3, 10);
  }

  List<ModelSize> modelSizes() {
    return sizes.stream().map(ModelSize::parse).toList();
  }
}
