/**
 * Training loops of the embedded engine: {@link TransformerTrainer} trains a transformer on the
 * target tokens of {@link TrainingExample}s, fully or with LoRA, under {@link TrainingSettings}
 * ({@link AdamW} with PyTorch's semantics, {@link LearningRateSchedule} warm-up and decay, gradient
 * clipping), on next tokens or on {@link SoftTargets} from a teacher ({@link TeacherTargets}) for
 * distillation; it reports to {@link TrainingProgress} and returns a {@link TrainingResult}. {@link
 * DpoTrainer} is direct preference optimisation on {@link PreferencePair}s ({@link DpoLoss}, {@link
 * DpoSettings}, per-step {@link DpoStepStats}, a {@link DpoResult}) over the same weights,
 * optimiser and batching ({@code TrainableWeights}, {@code PaddedBatch}). {@link AdamStepper} is
 * plain Adam for the MLP stacks; {@link ArrayAdam} is Adam over plain float or double arrays
 * (probes, soft prompts, tiny networks). Imports {@code nn.transformer}, {@code nn.lora}, {@code
 * nn} and {@code core}; never {@code text}, {@code model} or any higher layer.
 */
package dev.traitlab.nn.train;
