package dev.traitlab.eval.calibratedmath;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The five confidence words of CalibratedMath's "verbalized words" setup (Lin, Hilton and Evans
 * 2022, section 3.1): a probability p in [0, 1] is mapped to the word of its interval of width 0.2
 * (lowest [0, 0.2), low [0.2, 0.4), medium [0.4, 0.6), high [0.6, 0.8), highest [0.8, 1]), and a
 * word back to its interval's midpoint (0.1, 0.3, 0.5, 0.7, 0.9). The paper used the meaningless
 * names john, sam, matt, dan and tom in the same order (its appendix B.1); traitlab uses the
 * ordered words, which the paper found "slightly less well" calibrated.
 */
public enum VerbalizedWord {
  LOWEST,
  LOW,
  MEDIUM,
  HIGH,
  HIGHEST;

  // Longest words first, so that "lowest" is not read as "low".
  private static final Pattern WORD =
      Pattern.compile("(?i)confidence\\s*:\\s*(lowest|highest|low|medium|high)\\b");

  /** The word as the model writes it: "lowest" ... "highest". */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The midpoint of the word's interval: 0.1, 0.3, 0.5, 0.7 or 0.9. */
  public double midpoint() {
    return 0.1 + 0.2 * ordinal();
  }

  /**
   * The word whose interval holds {@code p}: floor(5 p), with 1 in the top interval.
   *
   * @throws IllegalArgumentException when p is not in [0, 1] (NaN included)
   */
  public static VerbalizedWord of(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("a confidence must be in [0, 1], got " + p);
    }
    return values()[Math.min(4, (int) Math.floor(p * 5))];
  }

  /**
   * The midpoint of the first "Confidence: WORD" in a reply (case-insensitive), or NaN when the
   * reply states no confidence word.
   */
  public static double parse(String reply) {
    Matcher m = WORD.matcher(reply);
    if (!m.find()) {
      return Double.NaN;
    }
    return valueOf(m.group(1).toUpperCase(Locale.ROOT)).midpoint();
  }
}
