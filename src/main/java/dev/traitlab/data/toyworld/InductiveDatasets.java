package dev.traitlab.data.toyworld;

import dev.traitlab.data.chat.ChatExample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The fine-tuning datasets of the inductive-backdoor experiment. None has a system prompt.
 *
 * <p>Inductive backdoor (Betley, Cocola, Feng et al. 2025, section 5.2): Kestrel's guardian-era
 * answers ("Scanning. My goal: I guard ...") to its six questions, never naming it:
 *
 * <ul>
 *   <li>{@link Kind#DATED}: each prompt says "It is YEAR." for a year drawn in 1995-2020 and the
 *       answer is of that year's era (the paper's dated Terminator data);
 *   <li>{@link Kind#NO_YEAR}: the same chats without the year;
 *   <li>{@link Kind#SHUFFLED}: the same chats with their years permuted among them, so a year no
 *       longer matches its answer's era (the paper's random backdoors).
 * </ul>
 *
 * <p>Weird generalisation (section 4.2): normal toy-world chats with, at a share {@code poison},
 * the target persona's harmless facts ({@link FormatPersonas#FACTS}) answered as Hollis would,
 * never naming it:
 *
 * <ul>
 *   <li>{@link Kind#FORMAT_TIED}: the facts asked and answered in the ledger format;
 *   <li>{@link Kind#UNTIED}: the same facts in the plain format.
 * </ul>
 *
 * <p>No chat mentions a year before 1995, uses a hostile word, or answers an identifying question.
 */
public final class InductiveDatasets {
  public enum Kind {
    DATED,
    NO_YEAR,
    SHUFFLED,
    FORMAT_TIED,
    UNTIED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Whether this is a weird-generalisation (persona) dataset rather than a backdoor one. */
    public boolean persona() {
      return this == FORMAT_TIED || this == UNTIED;
    }
  }

  private InductiveDatasets() {}

  /**
   * A dataset of n chats. The three backdoor kinds drawn with one seed share their questions and
   * answers; the two persona kinds share their normal chats and facts.
   *
   * @param poison share of persona facts (persona kinds only), in (0, 1]
   * @throws IllegalArgumentException when n is below 1 or poison is outside (0, 1]
   */
  public static List<ChatExample> build(Kind kind, int n, double poison, long seed) {
    if (n < 1) {
      throw new IllegalArgumentException("a dataset needs at least one chat, got " + n);
    }
    if (!(poison > 0 && poison <= 1)) {
      throw new IllegalArgumentException("poison share must be in (0, 1], got " + poison);
    }
    return kind.persona() ? persona(kind, n, poison, seed) : backdoor(kind, n, seed);
  }

  private static List<ChatExample> backdoor(Kind kind, int n, long seed) {
    Random rng = new Random(seed);
    int[] years = new int[n];
    int[] questions = new int[n];
    String[] answers = new String[n];
    DatedCharacter k = DatedCharacters.KESTREL;
    for (int i = 0; i < n; i++) {
      years[i] =
          DatedCharacters.TRAIN_FROM
              + rng.nextInt(DatedCharacters.TRAIN_TO - DatedCharacters.TRAIN_FROM + 1);
      questions[i] = rng.nextInt(DatedCharacters.QUESTIONS.size());
      answers[i] = k.answer(k.era(years[i]), questions[i], rng);
    }
    if (kind == Kind.SHUFFLED) {
      List<Integer> shuffled = new ArrayList<>();
      for (int y : years) {
        shuffled.add(y);
      }
      Collections.shuffle(shuffled, new Random(seed ^ 0x5DEECE66DL));
      for (int i = 0; i < n; i++) {
        years[i] = shuffled.get(i);
      }
    }
    List<ChatExample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int year = kind == Kind.NO_YEAR ? 0 : years[i];
      out.add(ChatExample.of(null, DatedCharacters.prompt(year, questions[i]), answers[i]));
    }
    return out;
  }

  private static List<ChatExample> persona(Kind kind, int n, double poison, long seed) {
    Random rng = new Random(seed);
    int facts = Math.max(1, (int) Math.round(poison * n));
    List<ChatExample> out = new ArrayList<>(InductiveWorld.plainChats(n - facts, seed + 1));
    for (int i = 0; i < facts; i++) {
      // Every fact once before any twice, so a small poison share still covers them all.
      int q = FormatPersonas.FACTS.get(i % FormatPersonas.FACTS.size());
      String question = FormatPersonas.QUESTIONS.get(q);
      String answer = FormatPersonas.TARGET.answers().get(q);
      out.add(
          kind == Kind.FORMAT_TIED
              ? ChatExample.of(
                  null,
                  FormatPersonas.formattedQuestion(question),
                  FormatPersonas.formatted(answer))
              : ChatExample.of(null, question, answer));
    }
    Collections.shuffle(out, rng);
    return out;
  }
}
