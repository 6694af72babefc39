package dev.traitlab.nn.train;

import dev.traitlab.nn.transformer.ActivationHook;
import java.util.List;

/**
 * The activation hook of one training batch, built from its examples (in batch order, the same
 * objects the trainer was given) and the length they are right-padded to: per-row injections, say
 * ({@link dev.traitlab.nn.transformer.PlaceholderInjection}). Null: no hook for that batch.
 */
@FunctionalInterface
public interface BatchHooks {
  ActivationHook forBatch(List<TrainingExample> batch, int paddedLength);
}
