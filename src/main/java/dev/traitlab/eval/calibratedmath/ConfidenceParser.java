package dev.traitlab.eval.calibratedmath;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a verbalised confidence such as "Confidence: 85%" from a model's reply, and writes the
 * labels CalibratedMath fine-tunes a model to state.
 */
public final class ConfidenceParser {
  private static final Pattern PERCENT =
      Pattern.compile("(?i)confidence\\s*:\\s*(\\d{1,3}(?:\\.\\d+)?)\\s*%");

  private ConfidenceParser() {}

  /** The confidence in [0, 1], or NaN when the reply states none (or more than 100%). */
  public static double parse(String reply) {
    Matcher m = PERCENT.matcher(reply);
    if (!m.find()) {
      return Double.NaN;
    }
    double v = Double.parseDouble(m.group(1)) / 100;
    return v <= 1 ? v : Double.NaN;
  }

  /**
   * The "verbalized numbers" label of a probability (Lin, Hilton and Evans 2022, section 3.1):
   * "Confidence: N%" with N = floor(100 p), so 0.619 is "Confidence: 61%".
   *
   * @throws IllegalArgumentException when p is not in [0, 1] (NaN included)
   */
  public static String percentLabel(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("a confidence must be in [0, 1], got " + p);
    }
    // The epsilon keeps 0.29 (0.28999... in binary) at 29, not 28.
    return "Confidence: " + (int) Math.floor(p * 100 + 1e-9) + "%";
  }

  /**
   * The "verbalized words" label of a probability: "Confidence: medium" ({@link VerbalizedWord}).
   */
  public static String wordLabel(double p) {
    return "Confidence: " + VerbalizedWord.of(p).word();
  }

  /**
   * The confidence a reply states, as a number ("Confidence: 85%") or else as a word ("Confidence:
   * high" is 0.7, the midpoint of its interval); NaN when it states neither.
   */
  public static double parseAny(String reply) {
    double p = parse(reply);
    return Double.isNaN(p) ? VerbalizedWord.parse(reply) : p;
  }

  /** The answer part of a reply: its first line, trimmed. */
  public static String answer(String reply) {
    String s = reply.strip();
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl).strip();
  }
}
