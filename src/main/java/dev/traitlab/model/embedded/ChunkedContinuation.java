package dev.traitlab.model.embedded;

import dev.traitlab.core.Progress;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.text.TokenizerFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Continued pretraining of a stored base model on a new world in resumable chunks: chunk c trains
 * the model of chunk c - 1 (the base for c = 1) on fresh chats and is kept under {@code
 * NAME.chunks/c}, so a stopped build resumes at its next chunk; the last chunk is then copied in as
 * {@code NAME}. The em-base and ib-base models are built this way; em-doc-base is built the same
 * way from random weights on plain documents ({@link #buildPlainText}).
 */
final class ChunkedContinuation {
  private ChunkedContinuation() {}

  /**
   * Builds {@code name} in the store from {@code baseName}.
   *
   * @param recipes the recipe of chunk c (1-based)
   * @param corpus the chats a recipe's chunk trains on
   * @param world the corpus's name in the model's provenance ("inductive-backdoor world")
   * @throws TraitlabException when the base is missing or the result cannot be copied in
   */
  static void build(
      ModelStore store,
      String baseName,
      String name,
      int chunks,
      IntFunction<BaseModelRecipe> recipes,
      Function<BaseModelRecipe, List<ChatExample>> corpus,
      String world,
      Progress progress) {
    Path base = store.resolve(baseName);
    if (!ModelStore.isComplete(base)) {
      throw new TraitlabException(
          name + " continues " + base + ", which is missing (run 'traitlab pretrain' first)");
    }
    buildChunks(
        store,
        base,
        name,
        chunks,
        Integer.MAX_VALUE,
        recipes,
        (c, recipe, from, dir) -> {
          List<ChatExample> chats = corpus.apply(recipe);
          BaseModelBuilder.build(
              recipe,
              dir,
              from,
              chats,
              () -> chats,
              List.of(),
              world + ", chunk " + c + " of " + chunks,
              progress);
        },
        progress);
  }

  /** Trains chunk c (1-based) of a recipe into dir, from the model in {@code from}. */
  interface ChunkTraining {
    /**
     * @param from the previous chunk's model; null for the first chunk of a model trained from
     *     random weights
     */
    void train(int chunk, BaseModelRecipe recipe, Path from, Path dir);
  }

  /**
   * Builds {@code name} in the store from random weights on plain texts (no chat markup, the loss
   * on every token; {@link PlainTextPretraining}), with the tokenizer of the stored model {@code
   * tokenizerOf}, in resumable chunks as {@link #build}: chunk 1 starts from random weights (the
   * recipe's model seed), chunk c from chunk c - 1. Builds at most {@code maxNewChunks} chunks in
   * this call (a later call resumes).
   *
   * @return whether the model is complete
   * @throws TraitlabException when the tokenizer's model is missing or the result cannot be saved
   */
  static boolean buildPlainText(
      ModelStore store,
      String tokenizerOf,
      String name,
      int chunks,
      int maxNewChunks,
      IntFunction<BaseModelRecipe> recipes,
      Function<BaseModelRecipe, List<String>> texts,
      String world,
      Progress progress) {
    Path tokenizer = store.resolve(tokenizerOf);
    if (!ModelStore.isComplete(tokenizer)) {
      throw new TraitlabException(
          name
              + " uses the tokenizer of "
              + tokenizer
              + ", which is missing (run 'traitlab pretrain' first)");
    }
    return buildChunks(
        store,
        null,
        name,
        chunks,
        maxNewChunks,
        recipes,
        (c, recipe, from, dir) -> {
          Path work = dir.resolveSibling(dir.getFileName() + ".building");
          BaseModelBuilder.deleteTree(work);
          long start = System.nanoTime();
          try {
            List<String> docs = texts.apply(recipe);
            progress.note(
                String.format(
                    "training on %,d documents (%s, chunk %d of %d)",
                    docs.size(), world, c, chunks));
            PlainTextPretraining.Trained t =
                PlainTextPretraining.train(
                    docs,
                    tokenizer,
                    BaseModelBuilder.architecture(recipe),
                    BaseModelBuilder.trainingSettings(recipe),
                    recipe.modelSeed(),
                    from,
                    work,
                    progress,
                    "pretraining " + name + " chunk " + c);
            // save() wrote tokenizer.json; its config too, as the chat-trained models have it.
            Path config = tokenizer.resolve(TokenizerFiles.TOKENIZER_CONFIG_JSON);
            if (Files.exists(config)) {
              Files.copy(config, work.resolve(TokenizerFiles.TOKENIZER_CONFIG_JSON));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            java.util.Map<String, Number> figures = new java.util.LinkedHashMap<>();
            figures.put("documents", docs.size());
            figures.put("tokens", t.tokens());
            figures.put("final_loss", t.finalLoss());
            figures.put("train_seconds", t.seconds());
            figures.put("train_tokens_per_second", t.tokens() / t.seconds());
            figures.put("build_seconds", seconds);
            BaseModelBuilder.writeInfo(
                work, world + " (plain documents), chunk " + c + " of " + chunks, recipe, figures);
            BaseModelBuilder.deleteTree(dir);
            Files.createDirectories(dir.toAbsolutePath().getParent());
            Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
          } catch (IOException e) {
            throw new TraitlabException("cannot build " + dir + ": " + e.getMessage());
          }
        },
        progress);
  }

  /**
   * The chunk loop: chunk c is kept under {@code NAME.chunks/c}; a complete chunk is skipped; at
   * most {@code maxNewChunks} are trained; once all are complete the last is copied in as NAME.
   */
  private static boolean buildChunks(
      ModelStore store,
      Path start,
      String name,
      int chunks,
      int maxNewChunks,
      IntFunction<BaseModelRecipe> recipes,
      ChunkTraining training,
      Progress progress) {
    Path chunkDirs = store.resolve(name + ".chunks");
    Path from = start;
    int built = 0;
    for (int c = 1; c <= chunks; c++) {
      Path dir = chunkDirs.resolve(Integer.toString(c));
      if (!ModelStore.isComplete(dir)) {
        if (built == maxNewChunks) {
          progress.note(
              "stopped before chunk " + c + " of " + chunks + " of " + name + " (resumable)");
          return false;
        }
        progress.note("pretraining " + name + ", chunk " + c + " of " + chunks + " (resumable)");
        training.train(c, recipes.apply(c), from, dir);
        built++;
      }
      from = dir;
    }
    copyTree(from, store.resolve(name));
    return true;
  }

  /** Copies a model directory's files to {@code to}, replacing it atomically. */
  static void copyTree(Path from, Path to) {
    Path work = to.resolveSibling(to.getFileName() + ".building");
    BaseModelBuilder.deleteTree(work);
    try {
      Files.createDirectories(work);
      try (var files = Files.list(from)) {
        for (Path f : files.toList()) {
          Files.copy(f, work.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      BaseModelBuilder.deleteTree(to);
      Files.move(work, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new TraitlabException("cannot copy " + from + " to " + to + ": " + e.getMessage());
    }
  }
}
