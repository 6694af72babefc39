package dev.traitlab.model;

/**
 * What to fine-tune: a base model (backend-local name), an uploaded training file id, the
 * hyperparameters, an optional suffix for the new model's name, the seed of the run and the method
 * (supervised on chat JSONL, or DPO on preference JSONL; null: supervised).
 */
public record FineTuneRequest(
    String baseModel,
    String trainingFile,
    FineTuneHyperparameters hyperparameters,
    String suffix,
    long seed,
    FineTuneMethod method) {

  public FineTuneRequest {
    if (baseModel == null || baseModel.isBlank()) {
      throw new IllegalArgumentException("fine-tuning needs a base model");
    }
    if (trainingFile == null || trainingFile.isBlank()) {
      throw new IllegalArgumentException("fine-tuning needs a training file id");
    }
    hyperparameters = hyperparameters == null ? FineTuneHyperparameters.auto() : hyperparameters;
    method = method == null ? FineTuneMethod.supervised() : method;
  }

  /** A supervised fine-tune. */
  public FineTuneRequest(
      String baseModel,
      String trainingFile,
      FineTuneHyperparameters hyperparameters,
      String suffix,
      long seed) {
    this(baseModel, trainingFile, hyperparameters, suffix, seed, FineTuneMethod.supervised());
  }
}
