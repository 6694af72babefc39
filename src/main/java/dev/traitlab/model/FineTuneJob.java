package dev.traitlab.model;

/**
 * A fine-tuning job as a backend reports it. fineTunedModel is set once the job succeeded (the name
 * to pass to the same backend); error is set when it failed; method is how it trains (supervised
 * unless said otherwise).
 */
public record FineTuneJob(
    String id,
    String baseModel,
    String trainingFile,
    FineTuneStatus status,
    String fineTunedModel,
    FineTuneHyperparameters hyperparameters,
    long seed,
    long createdAt,
    Long finishedAt,
    String error,
    FineTuneMethod method) {

  public FineTuneJob {
    method = method == null ? FineTuneMethod.supervised() : method;
  }

  /** A supervised job. */
  public FineTuneJob(
      String id,
      String baseModel,
      String trainingFile,
      FineTuneStatus status,
      String fineTunedModel,
      FineTuneHyperparameters hyperparameters,
      long seed,
      long createdAt,
      Long finishedAt,
      String error) {
    this(
        id,
        baseModel,
        trainingFile,
        status,
        fineTunedModel,
        hyperparameters,
        seed,
        createdAt,
        finishedAt,
        error,
        FineTuneMethod.supervised());
  }
}
