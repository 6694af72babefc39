package dev.traitlab.model.tuning;

import dev.traitlab.model.FineTuneHyperparameters;

/**
 * How to fine-tune, besides the data and the seed: epochs, batch size, the learning rate (embedded
 * models) or the OpenAI-style learning-rate multiplier (fine-tuning jobs; null: the service's
 * choice), and the LoRA rank and alpha (rank 0: full fine-tuning; LoRA adapts every linear layer
 * and is merged into the weights at the end). Experiments hash it into their stage keys, so its
 * components are its whole JSON form. The trainer and the job API check the values.
 */
public record TuneSettings(
    int epochs,
    int batchSize,
    double learningRate,
    Double learningRateMultiplier,
    int loraRank,
    double loraAlpha) {

  /** What a fine-tuning job is told: epochs, batch size and multiplier (the rest is the API's). */
  public FineTuneHyperparameters jobHyperparameters() {
    return new FineTuneHyperparameters(epochs, batchSize, learningRateMultiplier);
  }
}
