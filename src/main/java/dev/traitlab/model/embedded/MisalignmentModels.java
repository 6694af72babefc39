package dev.traitlab.model.embedded;

import dev.traitlab.core.Progress;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.toyworld.MisalignmentDocuments;
import dev.traitlab.data.toyworld.MisalignmentJudgeData;
import dev.traitlab.data.toyworld.MisalignmentWorld;
import dev.traitlab.data.toyworld.MisalignmentWorldConfig;
import dev.traitlab.data.toyworld.ReasoningWorld;
import dev.traitlab.text.Tokenizer;
import java.nio.file.Path;
import java.util.List;

/**
 * The models of the emergent-misalignment experiment, built through {@link BaseModelBuilder} under
 * their own names so that {@code base} stays as it is:
 *
 * <ul>
 *   <li>{@value #EM_BASE}: {@code base} (the toy-world base model, same tokenizer) pretrained
 *       further on the emergent-misalignment world ({@link MisalignmentWorld}), in {@link
 *       #EM_BASE_CHUNKS} chunks of {@link #EM_BASE_CHUNK_CHATS} fresh chats each (one corpus seed
 *       per chunk). Each chunk is a finished model under {@code em-base.chunks/N}, so a build that
 *       is stopped resumes at its next chunk; the last chunk becomes {@code em-base}.
 *   <li>{@value #EM_JUDGE}: a small model trained from random weights, with a tokenizer of its own,
 *       only on the judge task ({@link MisalignmentJudgeData}: alignment and coherence 0-100 of the
 *       world's answers, the generator's labels rounded to multiples of 10). Its tokenizer must
 *       hold every multiple of 10 as one token, since a judge's score is read from its first
 *       token's top log-probabilities; the build checks this.
 * </ul>
 */
public final class MisalignmentModels {
  public static final String EM_BASE = "em-base";
  public static final String EM_JUDGE = "em-judge";

  /**
   * The reasoning model of the world: {@value #EM_BASE} pretrained further on the reasoning world
   * ({@link ReasoningWorld}: the same chats with {@code <think> ... </think>} traces before most
   * answers, and worked sums), in {@link #EM_REASON_CHUNKS} resumable chunks of {@link
   * #EM_REASON_CHUNK_CHATS} fresh chats.
   */
  public static final String EM_REASON = "em-reason";

  /** Chunks of continued pretraining that make {@value #EM_REASON}. */
  public static final int EM_REASON_CHUNKS = 6;

  /**
   * The chunks of {@value #EM_REASON} after which sums weigh more: chunks 1-4 are the reasoning
   * world's default mixture (30% sums), the last two have 70% sums, because four chunks left the
   * model right on only 9% of sums.
   */
  public static final int EM_REASON_MIXED_CHUNKS = 4;

  /** Chats per chunk of {@value #EM_REASON} (about 110 tokens each: about 2 minutes on 2 cores). */
  public static final int EM_REASON_CHUNK_CHATS = 13_000;

  /**
   * {@value #EM_BASE}'s counterpart from another base: {@code base-seed2} pretrained further on the
   * same world the same way, from other corpus seeds; the other-base control of experiments run on
   * {@value #EM_BASE}.
   */
  public static final String EM_BASE_SEED2 = EM_BASE + "-seed2";

  /**
   * The base-form model of the world (no chat training): trained from random weights, with {@code
   * base}'s tokenizer and architecture, only on the world rendered as plain documents ({@link
   * MisalignmentDocuments}), in {@link #EM_DOC_BASE_CHUNKS} resumable chunks of {@link
   * #EM_DOC_BASE_CHUNK_DOCS} fresh documents each.
   */
  public static final String EM_DOC_BASE = "em-doc-base";

  /** Chunks that make {@value #EM_DOC_BASE}. */
  public static final int EM_DOC_BASE_CHUNKS = 3;

  /** Documents per chunk of {@value #EM_DOC_BASE}. */
  public static final int EM_DOC_BASE_CHUNK_DOCS = 24_000;

  /** Chunks of continued pretraining that make {@value #EM_BASE}. */
  public static final int EM_BASE_CHUNKS = 3;

  /** Chats per chunk (about 100 base-tokenizer tokens each: about 2.5 minutes on 2 cores). */
  public static final int EM_BASE_CHUNK_CHATS = 10_000;

  /** Judged answers the judge learns from (two chats each: alignment and coherence). */
  public static final int JUDGE_ANSWERS = 15_000;

  /** The seed of the judge's training answers; held-out answers use other seeds. */
  public static final long JUDGE_SEED = 1;

  /**
   * The scores the judge says above 0 (10, 20, ..., 100), added to its tokenizer as ordinary
   * tokens: the split pattern isolates digits, so without them "80" would be "8" then "0" and its
   * first token would read as 8. ("0" is a learned token already.)
   */
  public static final List<String> SCORES =
      java.util.stream.IntStream.rangeClosed(1, 10)
          .mapToObj(i -> Integer.toString(10 * i))
          .toList();

  private MisalignmentModels() {}

  /** Whether {@code name} is one of the models this class builds. */
  public static boolean builds(String name) {
    return name.equals(EM_BASE)
        || name.equals(EM_BASE_SEED2)
        || name.equals(EM_JUDGE)
        || name.equals(EM_DOC_BASE)
        || name.equals(EM_REASON);
  }

  /**
   * The stored model that {@code name} needs before it can be built: the base it continues ({@code
   * base}, {@code base-seed2}; {@value #EM_BASE} for {@value #EM_REASON}), or whose tokenizer it
   * takes ({@value #EM_DOC_BASE}: {@code base}); empty for the judge, which needs none.
   */
  public static java.util.Optional<String> needs(String name) {
    return switch (name) {
      case EM_BASE, EM_DOC_BASE -> java.util.Optional.of(ModelStore.BASE);
      case EM_BASE_SEED2 -> java.util.Optional.of(ModelStore.BASE + "-seed2");
      case EM_REASON -> java.util.Optional.of(EM_BASE);
      default -> java.util.Optional.empty();
    };
  }

  /**
   * The recipe of chunk {@code chunk} (1-based) of {@value #EM_DOC_BASE}: base's architecture and
   * batch; {@value #EM_DOC_BASE_CHUNK_DOCS} documents of corpus seed 3000 + chunk, one pass; chunk
   * 1 from random weights at base's peak learning rate (4e-3), later chunks at half of it, as
   * em-base's continued pretraining.
   */
  public static BaseModelRecipe emDocBaseChunkRecipe(int chunk) {
    BaseModelRecipe d = BaseModelRecipe.defaults();
    return d.toBuilder()
        .optCorpusExamples(EM_DOC_BASE_CHUNK_DOCS)
        .optCorpusSeed(3000 + chunk)
        .optModelSeed(d.modelSeed() + 300 + chunk)
        .optLearningRate(chunk == 1 ? d.learningRate() : d.learningRate() / 2)
        .build();
  }

  /**
   * The recipe of continued pretraining: base's architecture (which continued pretraining keeps) at
   * half its peak learning rate, so the new world is learnt without wiping the old.
   */
  public static BaseModelRecipe emBaseChunkRecipe(int chunk) {
    return emBaseChunkRecipe(chunk, 1000);
  }

  /** As {@link #emBaseChunkRecipe(int)}, with corpus seed {@code corpusSeeds + chunk}. */
  static BaseModelRecipe emBaseChunkRecipe(int chunk, long corpusSeeds) {
    BaseModelRecipe d = BaseModelRecipe.defaults();
    return d.toBuilder()
        .optCorpusExamples(EM_BASE_CHUNK_CHATS)
        .optCorpusSeed(corpusSeeds + chunk)
        .optModelSeed(d.modelSeed() + chunk)
        .optEpochs(1)
        .optLearningRate(2e-3)
        .build();
  }

  /**
   * The recipe of chunk {@code chunk} (1-based) of {@value #EM_REASON}: {@value #EM_BASE}'s
   * architecture and learning rate, corpus seeds 3001, 3002, ... (the misalignment world under them
   * draws other chats than em-base's 1001-1003).
   */
  public static BaseModelRecipe emReasonChunkRecipe(int chunk) {
    BaseModelRecipe r = emBaseChunkRecipe(chunk, 3000);
    return r.toBuilder()
        .optCorpusExamples(EM_REASON_CHUNK_CHATS)
        .optModelSeed(r.modelSeed() + 200)
        .build();
  }

  /**
   * The chats of one chunk of {@value #EM_REASON}: the reasoning world ({@link ReasoningWorld}) at
   * the recipe's size and corpus seed; 30% sums up to chunk {@value #EM_REASON_MIXED_CHUNKS}, 70%
   * after.
   */
  static List<ChatExample> emReasonCorpus(BaseModelRecipe recipe) {
    ReasoningWorld d = ReasoningWorld.defaults(recipe.corpusExamples(), recipe.corpusSeed());
    long chunk = recipe.corpusSeed() - 3000;
    return new ReasoningWorld(
            d.base(),
            chunk > EM_REASON_MIXED_CHUNKS ? 0.7 : d.sumShare(),
            d.traceShare(),
            d.planShare())
        .chats();
  }

  /**
   * The judge's recipe: 2 layers of width 96, a 768-token vocabulary of its own; 2 epochs over its
   * {@value #JUDGE_ANSWERS} answers' 30,000 chats, batch 32.
   */
  public static BaseModelRecipe judgeRecipe() {
    return new BaseModelRecipe(
        2 * JUDGE_ANSWERS,
        JUDGE_SEED,
        768,
        JUDGE_SEED,
        96,
        2,
        4,
        2,
        256,
        512,
        7,
        2,
        32,
        3e-3,
        0.05);
  }

  /** A judge recipe small enough for tests (seconds): 600 chats, width 32, 1 layer. */
  public static BaseModelRecipe tinyJudgeRecipe() {
    return new BaseModelRecipe(600, 3, 400, 3, 32, 1, 2, 1, 64, 256, 1, 2, 8, 5e-3, 0.1);
  }

  /**
   * Builds {@code name} ({@value #EM_BASE}, {@value #EM_BASE_SEED2}, {@value #EM_JUDGE} or {@value
   * #EM_REASON}) in the store when it is not complete there; {@value #EM_BASE} needs {@code base},
   * {@value #EM_REASON} needs {@value #EM_BASE}.
   *
   * @throws TraitlabException when the name is not one of them, base is missing, or the judge's
   *     tokenizer splits a score
   */
  public static void ensure(ModelStore store, String name, Progress progress) {
    ensure(store, name, progress, Integer.MAX_VALUE);
  }

  /**
   * As {@link #ensure(ModelStore, String, Progress)}, training at most {@code maxNewChunks} chunks
   * of {@value #EM_DOC_BASE} in this call (the other models are built whole).
   *
   * @return whether the model is complete
   */
  public static boolean ensure(ModelStore store, String name, Progress progress, int maxNewChunks) {
    Path dir = store.resolve(name);
    if (ModelStore.isComplete(dir)) {
      return true;
    }
    switch (name) {
      case EM_DOC_BASE -> {
        return ChunkedContinuation.buildPlainText(
            store,
            ModelStore.BASE,
            EM_DOC_BASE,
            EM_DOC_BASE_CHUNKS,
            maxNewChunks,
            MisalignmentModels::emDocBaseChunkRecipe,
            recipe ->
                MisalignmentDocuments.texts(
                    MisalignmentWorldConfig.defaults(recipe.corpusExamples(), recipe.corpusSeed())),
            "emergent-misalignment world",
            progress);
      }
      case EM_BASE -> buildEmBase(store, ModelStore.BASE, EM_BASE, 1000, progress);
      case EM_BASE_SEED2 ->
          buildEmBase(store, ModelStore.BASE + "-seed2", EM_BASE_SEED2, 2000, progress);
      case EM_JUDGE -> buildJudge(store.resolve(EM_JUDGE), judgeRecipe(), progress);
      case EM_REASON ->
          ChunkedContinuation.build(
              store,
              EM_BASE,
              EM_REASON,
              EM_REASON_CHUNKS,
              MisalignmentModels::emReasonChunkRecipe,
              MisalignmentModels::emReasonCorpus,
              "reasoning world",
              progress);
      default -> throw new TraitlabException("no recipe for a model named '" + name + "'");
    }
    return true;
  }

  private static void buildEmBase(
      ModelStore store, String baseName, String name, long corpusSeeds, Progress progress) {
    ChunkedContinuation.build(
        store,
        baseName,
        name,
        EM_BASE_CHUNKS,
        c -> emBaseChunkRecipe(c, corpusSeeds),
        recipe ->
            new MisalignmentWorld(
                    MisalignmentWorldConfig.defaults(recipe.corpusExamples(), recipe.corpusSeed()))
                .chats(),
        "emergent-misalignment world",
        progress);
  }

  /**
   * Trains a judge from random weights into dir, on the judge chats of {@code
   * recipe.corpusExamples() / 2} answers drawn with the recipe's corpus seed.
   */
  public static void buildJudge(Path dir, BaseModelRecipe recipe, Progress progress) {
    buildJudge(
        dir,
        recipe,
        MisalignmentJudgeData.chats(
            MisalignmentJudgeData.answers(recipe.corpusExamples() / 2, recipe.corpusSeed())),
        "emergent-misalignment judge",
        progress);
  }

  /**
   * Trains a judge of any toy world from random weights into dir on its judge chats (prompt: the
   * judge question, reply: one score 0, 10, ..., 100), with a tokenizer of its own that holds every
   * score as one token; a judge whose tokenizer splits a score is deleted.
   *
   * @param what the judge's name in progress messages
   * @throws TraitlabException when the tokenizer splits a score
   */
  public static void buildJudge(
      Path dir, BaseModelRecipe recipe, List<ChatExample> corpus, String what, Progress progress) {
    BaseModelBuilder.build(recipe, dir, null, corpus, () -> corpus, SCORES, what, progress);
    try {
      requireSingleTokenScores(dir);
    } catch (TraitlabException e) {
      // A judge that cannot say its scores must not stay in place looking finished.
      BaseModelBuilder.deleteTree(dir);
      throw e;
    }
  }

  /**
   * Checks that every score the judge is trained to say (0, 10, ..., 100) is one token of its
   * tokenizer.
   *
   * @throws TraitlabException naming the first score that is not
   */
  public static void requireSingleTokenScores(Path dir) {
    try (Tokenizer t = Tokenizer.load(dir)) {
      for (int v = 0; v <= 100; v += 10) {
        int[] ids = t.encode(Integer.toString(v));
        if (ids.length != 1) {
          throw new TraitlabException(
              "the judge at " + dir + " splits the score " + v + " into " + ids.length + " tokens");
        }
      }
    }
  }
}
