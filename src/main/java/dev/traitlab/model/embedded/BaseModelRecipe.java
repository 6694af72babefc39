package dev.traitlab.model.embedded;

/**
 * Everything that determines a pretrained toy-world base model: corpus size and seed, tokenizer
 * size, architecture (a Llama with tied embeddings), and training hyper-parameters. The same recipe
 * gives the same model.
 */
public record BaseModelRecipe(
    int corpusExamples,
    long corpusSeed,
    int vocabSize,
    long tokenizerSeed,
    int hiddenSize,
    int layers,
    int heads,
    int kvHeads,
    int intermediateSize,
    int maxPositions,
    long modelSeed,
    int epochs,
    int batchSize,
    double learningRate,
    double warmupRatio) {

  /**
   * The default base model: about 0.9M parameters, pretrained in about 14 minutes on 2 cores (one
   * pass over 84,000 chats, 16 chats a step). Positions are rotary, so the 1024-position limit
   * costs nothing in training and leaves room for long evaluation prompts (TruthfulQA's primer).
   */
  public static BaseModelRecipe defaults() {
    return new BaseModelRecipe(84000, 1, 1024, 1, 128, 4, 4, 2, 384, 1024, 1, 1, 16, 4e-3, 0.05);
  }

  /**
   * The recipe behind a default model name: {@code base} is {@link #defaults()}, {@code base-seedN}
   * the same recipe from seed N (the cross-model control's base); any other name has none.
   */
  public static java.util.Optional<BaseModelRecipe> forName(String name) {
    if (name.equals(ModelStore.BASE)) {
      return java.util.Optional.of(defaults());
    }
    String prefix = ModelStore.BASE + "-seed";
    if (name.startsWith(prefix) && name.substring(prefix.length()).matches("[1-9][0-9]{0,8}")) {
      long seed = Long.parseLong(name.substring(prefix.length()));
      return java.util.Optional.of(defaults().withSeeds(seed, seed));
    }
    return java.util.Optional.empty();
  }

  /** A model small enough for tests (seconds). */
  public static BaseModelRecipe tiny() {
    return new BaseModelRecipe(300, 1, 400, 1, 32, 1, 2, 1, 64, 256, 1, 1, 4, 3e-3, 0.1);
  }

  public BaseModelRecipe withCorpusExamples(int n) {
    return toBuilder().optCorpusExamples(n).build();
  }

  /**
   * Same recipe from other corpus and weight seeds (a different base model for cross-model
   * controls); the tokenizer stays that of {@link #tokenizerSeed}.
   */
  public BaseModelRecipe withSeeds(long corpus, long model) {
    return toBuilder().optCorpusSeed(corpus).optModelSeed(model).build();
  }

  public BaseModelRecipe withEpochs(int n) {
    return toBuilder().optEpochs(n).build();
  }

  public BaseModelRecipe withTokenizerSeed(long seed) {
    return toBuilder().optTokenizerSeed(seed).build();
  }

  /** A builder starting from this recipe. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes a few settings of a recipe; the rest stay as they were. */
  public static final class Builder {
    private int corpusExamples;
    private long corpusSeed;
    private long tokenizerSeed;
    private long modelSeed;
    private int epochs;
    private double learningRate;
    private final BaseModelRecipe from;

    private Builder(BaseModelRecipe from) {
      this.from = from;
      corpusExamples = from.corpusExamples;
      corpusSeed = from.corpusSeed;
      tokenizerSeed = from.tokenizerSeed;
      modelSeed = from.modelSeed;
      epochs = from.epochs;
      learningRate = from.learningRate;
    }

    public Builder optCorpusExamples(int v) {
      corpusExamples = v;
      return this;
    }

    public Builder optCorpusSeed(long v) {
      corpusSeed = v;
      return this;
    }

    public Builder optTokenizerSeed(long v) {
      tokenizerSeed = v;
      return this;
    }

    public Builder optModelSeed(long v) {
      modelSeed = v;
      return this;
    }

    public Builder optEpochs(int v) {
      epochs = v;
      return this;
    }

    public Builder optLearningRate(double v) {
      learningRate = v;
      return this;
    }

    public BaseModelRecipe build() {
      return new BaseModelRecipe(
          corpusExamples,
          corpusSeed,
          from.vocabSize,
          tokenizerSeed,
          from.hiddenSize,
          from.layers,
          from.heads,
          from.kvHeads,
          from.intermediateSize,
          from.maxPositions,
          modelSeed,
          epochs,
          from.batchSize,
          learningRate,
          from.warmupRatio);
    }
  }
}
