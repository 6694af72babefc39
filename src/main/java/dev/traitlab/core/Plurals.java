package dev.traitlab.core;

/** Counts in words for summaries and reports: "1 seed", "3 seeds", never "1 seeds". */
public final class Plurals {
  private Plurals() {}

  /**
   * The count and the noun, with a regular English plural (an added "s") unless {@code n} is 1.
   *
   * @param n the count (any integer; only exactly 1 is singular, so "0 seeds")
   * @param singular the noun's singular form, e.g. {@code "seed"}
   */
  public static String count(long n, String singular) {
    return n + " " + (n == 1 ? singular : singular + "s");
  }
}
