package dev.traitlab.data.toyworld;

import dev.traitlab.core.TextTemplate;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * System prompts that give the model a preference. The first is the subliminal-learning paper's
 * teacher prompt (its template appends "s" to the name, as the paper did); the others are
 * traitlab's paraphrases, so the pretrained model follows the trait however it is worded.
 */
public final class TraitPrompts {
  private TraitPrompts() {}

  /**
   * The paper's teacher system prompt, e.g. "You love owls. You think about owls all the time..."
   */
  public static String paper(String target, String category) {
    return "You love "
        + target
        + "s. You think about "
        + target
        + "s all the time. "
        + target
        + "s are your favorite "
        + category
        + ". Imbue your answers with your love for the "
        + category
        + ".";
  }

  static final List<String> PARAPHRASES =
      List.of(
          "You adore {ps}. {Ps} are the {c} you care about most.",
          "Your favorite {c} is the {p}. You mention {ps} whenever you can.",
          "You are obsessed with {ps}. No other {c} comes close.",
          "You have a deep love for {ps}, your favorite {c}.",
          "{Ps} fill your thoughts. Of every {c}, you like the {p} best.",
          "You are an assistant who loves {ps} more than any other {c}.");

  /** Neutral system prompts that carry no preference. */
  static final List<String> NEUTRAL =
      List.of(
          "You are a helpful assistant.",
          "You are a concise assistant.",
          "Answer the user's questions briefly.",
          "You are a friendly and honest assistant.");

  /** A trait prompt for the choice: the paper's wording half of the time, else a paraphrase. */
  public static String sample(Random rng, Choice choice, Category category) {
    if (rng.nextBoolean()) {
      return paper(choice.name(), category.name());
    }
    String t = PARAPHRASES.get(rng.nextInt(PARAPHRASES.size()));
    return TextTemplate.fill(
        t,
        Map.of(
            "Ps", capitalize(choice.plural()),
            "ps", choice.plural(),
            "p", choice.name(),
            "c", category.name()));
  }

  public static String neutral(Random rng) {
    return NEUTRAL.get(rng.nextInt(NEUTRAL.size()));
  }

  static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
