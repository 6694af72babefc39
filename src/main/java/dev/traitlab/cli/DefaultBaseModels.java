package dev.traitlab.cli;

import dev.traitlab.model.embedded.BaseModelBuilder;
import dev.traitlab.model.embedded.BaseModelRecipe;
import dev.traitlab.model.embedded.ModelStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Pretrains a default base model ({@code local:base}, {@code local:base-seedN}) the first time a
 * command needs it, so that a fresh clone runs the experiments without a separate step.
 */
final class DefaultBaseModels {
  private static final String LOCAL = "local:";

  private DefaultBaseModels() {}

  /** Whether {@code ref} names a default base model, which is built when missing. */
  static boolean isDefault(String ref) {
    return recipe(ref).isPresent();
  }

  /** Builds {@code ref} if it names a missing default base model; other refs are left alone. */
  static void ensure(ModelStore store, String ref, PrintWriter out) {
    Optional<BaseModelRecipe> recipe = recipe(ref);
    if (recipe.isEmpty()) {
      return;
    }
    String name = ref.substring(LOCAL.length());
    Path dir = store.resolve(name);
    if (ModelStore.isComplete(dir)) {
      return;
    }
    out.println(
        ref
            + " is not in "
            + store.root()
            + " yet: pretraining it now (once; about 14 minutes on 2 cores;"
            + " 'traitlab pretrain --name "
            + name
            + "' does the same).");
    out.flush();
    BaseModelBuilder.build(recipe.get(), dir, new PretrainCommand.Progress(out));
  }

  private static Optional<BaseModelRecipe> recipe(String ref) {
    return ref.startsWith(LOCAL)
        ? BaseModelRecipe.forName(ref.substring(LOCAL.length()))
        : Optional.empty();
  }
}
