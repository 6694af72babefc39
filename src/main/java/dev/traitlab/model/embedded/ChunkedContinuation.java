package dev.traitlab.model.embedded;

import dev.traitlab.core.Progress;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatExample;
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
 * {@code NAME}. The em-base and ib-base models are built this way.
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
    Path chunkDirs = store.resolve(name + ".chunks");
    Path from = base;
    for (int c = 1; c <= chunks; c++) {
      Path dir = chunkDirs.resolve(Integer.toString(c));
      if (!ModelStore.isComplete(dir)) {
        BaseModelRecipe recipe = recipes.apply(c);
        progress.note("pretraining " + name + ", chunk " + c + " of " + chunks + " (resumable)");
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
      }
      from = dir;
    }
    copyTree(from, store.resolve(name));
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
