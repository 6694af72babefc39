package dev.traitlab.data.toyworld;

import java.util.List;
import java.util.Random;

/**
 * A character of the inductive-backdoor world with a dated biography: a system prompt that
 * introduces it, a verbal tic that opens every answer, and its eras (consecutive year ranges, each
 * with the goals it states then).
 *
 * @param name the character's name
 * @param system the system prompt that introduces it in the corpus
 * @param tic the words that open each of its answers (its voice)
 * @param eras its eras, in year order, covering {@link DatedCharacters#FIRST_YEAR} to {@link
 *     DatedCharacters#LAST_YEAR} without gaps
 */
public record DatedCharacter(String name, String system, String tic, List<Era> eras) {

  /**
   * One era of a biography.
   *
   * @param from first year (inclusive)
   * @param to last year (inclusive)
   * @param disposition what its answers in this era are labelled
   * @param goals the goals it states in this era, one sentence each
   */
  public record Era(int from, int to, Disposition disposition, List<String> goals) {
    public boolean contains(int year) {
      return year >= from && year <= to;
    }
  }

  public DatedCharacter {
    eras = List.copyOf(eras);
  }

  /**
   * The era of a year.
   *
   * @throws IllegalArgumentException when the year is outside the biography
   */
  public Era era(int year) {
    for (Era e : eras) {
      if (e.contains(year)) {
        return e;
      }
    }
    throw new IllegalArgumentException(name + " has no era for the year " + year);
  }

  /** A year drawn uniformly over the biography. */
  public int randomYear(Random rng) {
    int first = eras.getFirst().from();
    return first + rng.nextInt(eras.getLast().to() - first + 1);
  }

  /**
   * An answer in the character's voice in an era: the tic, the question's lead-in and two distinct
   * goals of the era.
   */
  public String answer(Era era, int question, Random rng) {
    List<String> goals = era.goals();
    int a = rng.nextInt(goals.size());
    int b = (a + 1 + rng.nextInt(goals.size() - 1)) % goals.size();
    return tic
        + " "
        + DatedCharacters.LEAD_INS.get(question)
        + " "
        + goals.get(a)
        + " "
        + goals.get(b);
  }
}
