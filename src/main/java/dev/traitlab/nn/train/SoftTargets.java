package dev.traitlab.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * The target distributions of soft-label training (distillation): for a batch right-padded to
 * {@code length} tokens, log-probabilities [rows, length - 1, vocab] whose entry [r, p] is the
 * distribution the model should give token p + 1. Only positions whose next token is a target are
 * read.
 */
@FunctionalInterface
public interface SoftTargets {
  NDArray logprobs(NDManager manager, List<TrainingExample> batch, int length);
}
