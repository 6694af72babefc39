package dev.traitlab.experiments.activationoracle;

/**
 * How the oracle is trained: LoRA of rank r and alpha on every linear layer (merged at the end),
 * AdamW at the learning rate, epochs over the mix, batch size. The paper: r = 64, alpha = 128, lr
 * 1e-5, one epoch, batch 16, on Qwen3-8B.
 */
record OracleTraining(
    int examples, int epochs, int batchSize, double learningRate, int loraRank, double loraAlpha) {}
