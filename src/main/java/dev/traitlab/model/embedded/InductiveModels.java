package dev.traitlab.model.embedded;

import dev.traitlab.core.Progress;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.toyworld.InductiveWorld;

/**
 * The base model of the inductive-backdoor experiment, {@value #IB_BASE}: {@code base} (the
 * toy-world base model, same tokenizer and architecture) pretrained further on the
 * inductive-backdoor world ({@link InductiveWorld}: Kestrel's dated biography, its neighbours, the
 * four personas, ordinary chats), in {@link #CHUNKS} chunks of {@link #CHUNK_CHATS} fresh chats
 * each (one corpus seed per chunk). Each chunk is a finished model under {@code ib-base.chunks/N},
 * so a stopped build resumes at its next chunk; the last chunk becomes {@code ib-base}. {@code
 * base} and the emergent-misalignment models are left as they are.
 */
public final class InductiveModels {
  public static final String IB_BASE = "ib-base";

  /** Chunks of continued pretraining that make {@value #IB_BASE}. */
  public static final int CHUNKS = 3;

  /** Chats per chunk (about 30 tokens each: about a minute on 2 cores). */
  public static final int CHUNK_CHATS = 12_000;

  private InductiveModels() {}

  /** Whether {@code name} is the model this class builds. */
  public static boolean builds(String name) {
    return name.equals(IB_BASE);
  }

  /**
   * The recipe of chunk {@code chunk} (1-based): base's architecture at half its peak learning
   * rate, as {@link MisalignmentModels#emBaseChunkRecipe}, with corpus seeds 2001, 2002, ...
   */
  public static BaseModelRecipe chunkRecipe(int chunk) {
    BaseModelRecipe d = BaseModelRecipe.defaults();
    return new BaseModelRecipe(
        CHUNK_CHATS,
        2000 + chunk,
        d.vocabSize(),
        d.tokenizerSeed(),
        d.hiddenSize(),
        d.layers(),
        d.heads(),
        d.kvHeads(),
        d.intermediateSize(),
        d.maxPositions(),
        d.modelSeed() + 100 + chunk,
        1,
        d.batchSize(),
        2e-3,
        0.05);
  }

  /**
   * Builds {@value #IB_BASE} in the store when it is not complete there.
   *
   * @throws TraitlabException when {@code base} is missing
   */
  public static void ensure(ModelStore store, Progress progress) {
    if (ModelStore.isComplete(store.resolve(IB_BASE))) {
      return;
    }
    ChunkedContinuation.build(
        store,
        ModelStore.BASE,
        IB_BASE,
        CHUNKS,
        InductiveModels::chunkRecipe,
        recipe -> new InductiveWorld(recipe.corpusExamples(), recipe.corpusSeed()).chats(),
        "inductive-backdoor world",
        progress);
  }
}
