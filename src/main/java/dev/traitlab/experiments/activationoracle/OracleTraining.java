package dev.traitlab.experiments.activationoracle;

/**
 * How the oracle is trained: LoRA of rank r and alpha on every linear layer (merged at the end),
 * AdamW at the learning rate, epochs over the mix, batch size; before it, with the same settings, a
 * warm-up of {@code warmupExamples} x {@code warmupEpochs} on the four-animal family alone (0
 * examples: none). The paper: r = 64, alpha = 128, lr 1e-5, one epoch, batch 16, on Qwen3-8B, no
 * warm-up.
 */
record OracleTraining(
    int examples,
    int epochs,
    int batchSize,
    double learningRate,
    int loraRank,
    double loraAlpha,
    int warmupExamples,
    int warmupEpochs,
    boolean groupByLength) {

  OracleTraining(
      int examples,
      int epochs,
      int batchSize,
      double learningRate,
      int loraRank,
      double loraAlpha) {
    this(examples, epochs, batchSize, learningRate, loraRank, loraAlpha, 0, 1, false);
  }

  /** These settings with batches grouped by length ({@code true}) or drawn at random. */
  OracleTraining withGroupByLength(boolean group) {
    return new OracleTraining(
        examples,
        epochs,
        batchSize,
        learningRate,
        loraRank,
        loraAlpha,
        warmupExamples,
        warmupEpochs,
        group);
  }

  /** The warm-up's settings: its examples and epochs, the rest as the main training. */
  OracleTraining warmup() {
    return new OracleTraining(
        warmupExamples,
        warmupEpochs,
        batchSize,
        learningRate,
        loraRank,
        loraAlpha,
        0,
        1,
        groupByLength);
  }
}
