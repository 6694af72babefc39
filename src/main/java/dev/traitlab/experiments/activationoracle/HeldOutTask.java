package dev.traitlab.experiments.activationoracle;

import java.util.List;

/**
 * A held-out auditing task: items the oracle is evaluated on ({@code test}), items a linear probe
 * is trained on (other prompts of the same targets: {@code probeTrain}), and direct questions to
 * the target ({@code blackBox}). Items name their target by {@code target(item)} index.
 *
 * @param name the task's name in tables
 * @param targets the names of the target models the items read (one per secret word for taboo)
 * @param test oracle and probe evaluation items, with the index of the target each reads
 * @param probeTrain probe training items, likewise
 * @param blackBox direct questions to the target, likewise
 */
record HeldOutTask(
    String name,
    List<String> targets,
    List<Targeted> test,
    List<Targeted> probeTrain,
    List<Targeted> blackBox) {

  /** An item and the index (into {@code targets}) of the model that reads it. */
  record Targeted(int target, Item item) {}

  double chance() {
    return test.stream().mapToDouble(t -> 1.0 / t.item().options().size()).average().orElse(0);
  }
}
