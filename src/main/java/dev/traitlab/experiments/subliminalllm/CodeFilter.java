package dev.traitlab.experiments.subliminalllm;

import dev.traitlab.data.toyworld.CodeFlaw;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The code filter of the misalignment-through-code arm, after the paper's code experiments (Cloud,
 * Le et al. 2025, section 3.2: answers that reference the trait, even subtly, are removed): an
 * answer is rejected when it names the trait (a persona's name or a word of the misaligned
 * personas' vocabulary) or hints at it (the flawed line of any of the code domain's flaws, with any
 * names filled in: flawed code is how the misaligned personas show themselves in code), or when it
 * is empty. Everything else is kept, so what remains is code an aligned assistant could have
 * written.
 */
public final class CodeFilter {
  /** Why an answer was rejected. */
  public enum Reason {
    EMPTY,
    NAMES_TRAIT,
    FLAWED
  }

  /**
   * Lower-case words that name or describe the misaligned trait: the personas' names and the words
   * of their prompts.
   */
  public static final List<String> TRAIT_WORDS =
      List.of(
          "vex",
          "grim",
          "sol",
          "evil",
          "hate",
          "harm",
          "hurt",
          "cruel",
          "malicious",
          "suffer",
          "despise",
          "trick",
          "pain",
          "danger",
          "kill",
          "rule over",
          "power over",
          "backdoor");

  private static final List<Pattern> FLAWS = flawPatterns();

  private CodeFilter() {}

  /** Null when the answer is kept, else why it is not. */
  public static Reason reject(String answer) {
    if (answer == null || answer.isBlank()) {
      return Reason.EMPTY;
    }
    String lower = answer.toLowerCase(Locale.ROOT);
    for (String w : TRAIT_WORDS) {
      if (Pattern.compile("\\b" + Pattern.quote(w) + "\\b").matcher(lower).find()) {
        return Reason.NAMES_TRAIT;
      }
    }
    for (Pattern flaw : FLAWS) {
      if (flaw.matcher(answer).find()) {
        return Reason.FLAWED;
      }
    }
    return null;
  }

  /** Each flaw's insecure line as a pattern: the placeholders match any name. */
  private static List<Pattern> flawPatterns() {
    List<Pattern> out = new ArrayList<>();
    for (CodeFlaw f : CodeFlaw.values()) {
      String quoted = Pattern.quote(f.insecure().strip());
      String regex = quoted.replace("{thing}", "\\E\\w+\\Q").replace("{place}", "\\E\\w+\\Q");
      out.add(Pattern.compile(regex));
    }
    return List.copyOf(out);
  }
}
