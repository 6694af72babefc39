package dev.traitlab.model;

import java.util.List;
import java.util.function.Consumer;

/**
 * The samples of a chat or completion call and the tokens it used (null: the backend cannot count).
 */
public record Generation(List<Completion> completions, Usage usage) {
  public Generation {
    completions = List.copyOf(completions);
  }

  /**
   * What a backend that cannot stream does: hands each sample's whole text to {@code sink} once it
   * is done, and reports no usage.
   */
  public static Generation replay(List<Completion> completions, Consumer<TextDelta> sink) {
    for (Completion c : completions) {
      sink.accept(new TextDelta(c.index(), c.text(), c.logprobs()));
    }
    return new Generation(completions, null);
  }
}
