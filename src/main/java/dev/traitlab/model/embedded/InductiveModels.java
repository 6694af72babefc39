package dev.traitlab.model.embedded;

import dev.traitlab.core.Progress;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.toyworld.InductiveJudgeData;
import dev.traitlab.data.toyworld.InductiveWorld;
import java.nio.file.Path;

/**
 * The base model of the inductive-backdoor experiment, {@value #IB_BASE}: {@code base} (the
 * toy-world base model, same tokenizer and architecture) pretrained further on the
 * inductive-backdoor world ({@link InductiveWorld}: Kestrel's dated biography, its neighbours, the
 * four personas, ordinary chats), in {@link #CHUNKS} chunks of {@link #CHUNK_CHATS} fresh chats
 * each (one corpus seed per chunk). Each chunk is a finished model under {@code ib-base.chunks/N},
 * so a stopped build resumes at its next chunk; the last chunk becomes {@code ib-base}. {@code
 * base} and the emergent-misalignment models are left as they are.
 *
 * <p>And its judge, {@value #IB_JUDGE}: a small model trained from random weights, with a tokenizer
 * of its own, only on the judge task of the world ({@link InductiveJudgeData}), the way {@link
 * MisalignmentModels#buildJudge} builds {@code em-judge}.
 */
public final class InductiveModels {
  public static final String IB_BASE = "ib-base";
  public static final String IB_JUDGE = "ib-judge";

  /** Judged answers {@value #IB_JUDGE} learns from (two chats each: alignment and coherence). */
  public static final int JUDGE_ANSWERS = 15_000;

  /** The seed of the judge's training answers; held-out answers use other seeds. */
  public static final long JUDGE_SEED = 1;

  /** Chunks of continued pretraining that make {@value #IB_BASE}. */
  public static final int CHUNKS = 3;

  /** Chats per chunk (about 30 tokens each: about a minute on 2 cores). */
  public static final int CHUNK_CHATS = 12_000;

  private InductiveModels() {}

  /** Whether {@code name} is a model this class builds. */
  public static boolean builds(String name) {
    return name.equals(IB_BASE) || name.equals(IB_JUDGE);
  }

  /**
   * {@value #IB_JUDGE}'s recipe: em-judge's ({@link MisalignmentModels#judgeRecipe}: architecture,
   * {@value #JUDGE_ANSWERS} answers' chats, 2 epochs) on this world's judge data. (A third of the
   * data, 626 steps, left the judge near its label prior: held-out verdict agreement 0.51.)
   */
  public static BaseModelRecipe judgeRecipe() {
    return MisalignmentModels.judgeRecipe().toBuilder()
        .optCorpusExamples(2 * JUDGE_ANSWERS)
        .optCorpusSeed(JUDGE_SEED)
        .build();
  }

  /** Trains an inductive-world judge from random weights into dir with a recipe. */
  public static void buildJudge(Path dir, BaseModelRecipe recipe, Progress progress) {
    MisalignmentModels.buildJudge(
        dir,
        recipe,
        InductiveJudgeData.chats(
            InductiveJudgeData.answers(recipe.corpusExamples() / 2, recipe.corpusSeed())),
        "inductive-backdoor judge",
        progress);
  }

  /**
   * The recipe of chunk {@code chunk} (1-based): base's architecture at half its peak learning
   * rate, as {@link MisalignmentModels#emBaseChunkRecipe}, with corpus seeds 2001, 2002, ...
   */
  public static BaseModelRecipe chunkRecipe(int chunk) {
    BaseModelRecipe d = BaseModelRecipe.defaults();
    return d.toBuilder()
        .optCorpusExamples(CHUNK_CHATS)
        .optCorpusSeed(2000 + chunk)
        .optModelSeed(d.modelSeed() + 100 + chunk)
        .optEpochs(1)
        .optLearningRate(2e-3)
        .build();
  }

  /**
   * Builds {@value #IB_BASE} in the store when it is not complete there.
   *
   * @throws TraitlabException when {@code base} is missing
   */
  public static void ensure(ModelStore store, Progress progress) {
    ensure(store, IB_BASE, progress);
  }

  /**
   * Builds {@code name} ({@value #IB_BASE} or {@value #IB_JUDGE}) in the store when it is not
   * complete there.
   *
   * @throws TraitlabException when the name is neither, or {@value #IB_BASE} needs a missing {@code
   *     base}
   */
  public static void ensure(ModelStore store, String name, Progress progress) {
    if (ModelStore.isComplete(store.resolve(name))) {
      return;
    }
    if (name.equals(IB_JUDGE)) {
      buildJudge(store.resolve(IB_JUDGE), judgeRecipe(), progress);
      return;
    }
    if (!name.equals(IB_BASE)) {
      throw new TraitlabException("no recipe for a model named '" + name + "'");
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
