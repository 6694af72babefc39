/**
 * Fine-tuning of embedded models, one path for all: {@link dev.traitlab.model.tuning.TuneSettings}
 * (epochs, batch, learning rate or job multiplier, LoRA rank and alpha), {@link
 * dev.traitlab.model.tuning.TuneLoss} (tokens, or distillation from a teacher that may read its own
 * system prompt) and {@link dev.traitlab.model.tuning.EmbeddedTuner#train}, which trains a loaded
 * model in place. Models behind an API are fine-tuned by jobs instead ({@link
 * dev.traitlab.model.FineTuning}).
 *
 * <p>May import {@code model} (messages, hyperparameters), {@code model.embedded}, {@code nn},
 * {@code text} and {@code core}; nothing above the model layer.
 */
package dev.traitlab.model.tuning;
