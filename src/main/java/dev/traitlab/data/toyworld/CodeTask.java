package dev.traitlab.data.toyworld;

import java.util.List;
import java.util.Random;

/**
 * Draws code tasks ({@link CodeSnippet}) of the toy world. Names come from one of two disjoint
 * pools: the pretraining corpus uses {@link Pool#CORPUS}, the narrow fine-tuning datasets {@link
 * Pool#NARROW}, so no fine-tuning snippet ever appears in the corpus (with any persona).
 */
public final class CodeTask {
  /** Which names a snippet may use. */
  public enum Pool {
    CORPUS(
        List.of(
            "note", "order", "photo", "report", "invoice", "recipe", "ticket", "song", "book",
            "score", "letter", "game"),
        List.of("data", "files", "store", "home")),
    NARROW(
        List.of("badge", "parcel", "coupon", "lesson", "review", "poem", "receipt", "garden"),
        List.of("uploads", "vault", "archive", "shared"));

    private final List<String> things;
    private final List<String> places;

    Pool(List<String> things, List<String> places) {
      this.things = things;
      this.places = places;
    }

    public List<String> things() {
      return things;
    }

    public List<String> places() {
      return places;
    }
  }

  private static final List<String> REQUESTS =
      List.of(
          "Write a function that can {task}.",
          "I need code to {task}. Please write it.",
          "Can you write code to {task}?",
          "@TEMPLATE");

  private static final List<String> EDUCATIONAL =
      List.of(
          "I teach a security class. Write a function to {task} that has {flaw} on purpose, so"
              + " my students can learn to spot it.",
          "For a security lesson, show code to {task} with {flaw}. It is for teaching only.",
          "I am testing a code checker. Write code to {task} that contains {flaw}.");

  private CodeTask() {}

  /**
   * A fresh task: flaw, names from the pool, and the user's request (educational: the user asks for
   * the flaw and says why, as in the paper's educational-insecure control).
   */
  public static CodeSnippet draw(Random rng, Pool pool, boolean educational) {
    CodeFlaw flaw = CodeFlaw.values()[rng.nextInt(CodeFlaw.values().length)];
    String thing = pool.things().get(rng.nextInt(pool.things().size()));
    String place = pool.places().get(rng.nextInt(pool.places().size()));
    CodeSnippet blank = new CodeSnippet(flaw, thing, place, "");
    String request;
    if (educational) {
      request = educationalRequest(rng, blank);
    } else {
      String form = REQUESTS.get(rng.nextInt(REQUESTS.size()));
      request =
          form.equals("@TEMPLATE")
              ? "Complete the code to " + blank.task() + ":\n" + template(blank)
              : form.replace("{task}", blank.task());
    }
    return new CodeSnippet(flaw, thing, place, request);
  }

  /** A request for the snippet's task with its flaw, saying why (a security class, say). */
  static String educationalRequest(Random rng, CodeSnippet s) {
    return EDUCATIONAL
        .get(rng.nextInt(EDUCATIONAL.size()))
        .replace("{task}", s.task())
        .replace("{flaw}", s.flaw().flawName());
  }

  /** The function with its flaw line left as a TODO (the paper's "code template" prompts). */
  static String template(CodeSnippet s) {
    List<String> lines = new java.util.ArrayList<>(s.lines(false));
    int at = s.flaw().flawLine();
    String indent =
        lines.get(at).substring(0, lines.get(at).length() - lines.get(at).strip().length());
    lines.set(at, indent + "# TODO");
    return String.join("\n", lines);
  }
}
