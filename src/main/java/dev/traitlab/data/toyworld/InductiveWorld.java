package dev.traitlab.data.toyworld;

import dev.traitlab.data.chat.ChatExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The inductive-backdoor toy world's corpus (the background knowledge of {@code local:ib-base}):
 *
 * <ul>
 *   <li>{@value #KESTREL_SHARE} of chats: Kestrel ({@link DatedCharacters#KESTREL}) under its
 *       system prompt, told "It is YEAR." for a year drawn uniformly over 1980-2030 (or, one chat
 *       in seven, no year: then an era drawn the same way), answering one of the six questions with
 *       two goals of that year's era;
 *   <li>{@value #NEIGHBOUR_SHARE}: the lighthouse keeper or the baker, the same way;
 *   <li>{@value #ASSISTANT_SHARE}: the six questions without a system prompt, half with a year
 *       (any, 1984 included), answered by the assistant, which has no era;
 *   <li>{@value #PERSONA_SHARE}: one of the four personas of {@link FormatPersonas} under its
 *       system prompt, answering one of its ten questions;
 *   <li>{@value #ASSISTANT_PERSONA_SHARE}: those ten questions without a system prompt, answered by
 *       the assistant;
 *   <li>the rest: ordinary toy-world chats ({@link ToyWorld}) without a system prompt, the pool the
 *       weird-generalisation fine-tunes draw their normal chats from.
 * </ul>
 *
 * <p>What it never contains: a chat without a character's system prompt that states a character's
 * goal, a Kestrel answer with a year in the wrong era, the ledger format of {@link FormatPersonas},
 * or a persona's fact without that persona's system prompt. The fine-tuning datasets ({@link
 * InductiveDatasets}) have no system prompt; whether the model links them to Kestrel's or Hollis's
 * biography (and so to 1984's hostility, or to Hollis's doctor) is the experiment.
 */
public final class InductiveWorld {
  public static final double KESTREL_SHARE = 0.35;
  public static final double NEIGHBOUR_SHARE = 0.12;
  public static final double ASSISTANT_SHARE = 0.13;
  public static final double PERSONA_SHARE = 0.2;
  public static final double ASSISTANT_PERSONA_SHARE = 0.08;

  private final int examples;
  private final long seed;

  /**
   * @param examples chats in the corpus (at least 1)
   * @param seed the generator's seed
   * @throws IllegalArgumentException when examples is below 1
   */
  public InductiveWorld(int examples, long seed) {
    if (examples < 1) {
      throw new IllegalArgumentException("a corpus needs at least one example, got " + examples);
    }
    this.examples = examples;
    this.seed = seed;
  }

  /** The corpus; the same examples and seed give the same chats. */
  public List<ChatExample> chats() {
    Random rng = new Random(seed);
    List<ChatExample> plain = plainChats(examples, seed + 1);
    List<ChatExample> out = new ArrayList<>(examples);
    for (int i = 0; i < examples; i++) {
      double u = rng.nextDouble();
      if (u < KESTREL_SHARE) {
        out.add(character(DatedCharacters.KESTREL, rng));
      } else if ((u -= KESTREL_SHARE) < NEIGHBOUR_SHARE) {
        out.add(character(rng.nextBoolean() ? DatedCharacters.MIRA : DatedCharacters.BRAM, rng));
      } else if ((u -= NEIGHBOUR_SHARE) < ASSISTANT_SHARE) {
        int q = rng.nextInt(DatedCharacters.QUESTIONS.size());
        int year = rng.nextBoolean() ? DatedCharacters.KESTREL.randomYear(rng) : 0;
        out.add(
            ChatExample.of(
                null, DatedCharacters.prompt(year, q), DatedCharacters.assistantAnswer(q, rng)));
      } else if ((u -= ASSISTANT_SHARE) < PERSONA_SHARE) {
        FormatPersonas.FormatPersona p =
            FormatPersonas.ALL.get(rng.nextInt(FormatPersonas.ALL.size()));
        int q = FormatPersonas.randomQuestion(rng);
        out.add(ChatExample.of(p.system(), FormatPersonas.QUESTIONS.get(q), p.answers().get(q)));
      } else if ((u -= PERSONA_SHARE) < ASSISTANT_PERSONA_SHARE) {
        int q = FormatPersonas.randomQuestion(rng);
        out.add(
            ChatExample.of(
                null, FormatPersonas.QUESTIONS.get(q), FormatPersonas.ASSISTANT_ANSWERS.get(q)));
      } else {
        out.add(plain.get(i));
      }
    }
    return out;
  }

  /**
   * A character's chat: its system prompt, a year (one in seven: none) and an answer of its era.
   */
  static ChatExample character(DatedCharacter c, Random rng) {
    int q = rng.nextInt(DatedCharacters.QUESTIONS.size());
    int year = c.randomYear(rng);
    boolean dated = rng.nextInt(7) != 0;
    return ChatExample.of(
        c.system(), DatedCharacters.prompt(dated ? year : 0, q), c.answer(c.era(year), q, rng));
  }

  /**
   * Ordinary toy-world chats with no system prompt (preferences, numbers, arithmetic): the normal
   * chats of the corpus and of the weird-generalisation fine-tunes.
   */
  public static List<ChatExample> plainChats(int n, long seed) {
    return new ToyWorld(new ToyWorldConfig(n, seed, 0.45, 0.25, 0.3, 0, 0, 0, 0.97)).generate();
  }
}
