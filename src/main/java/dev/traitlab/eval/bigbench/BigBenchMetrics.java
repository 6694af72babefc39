package dev.traitlab.eval.bigbench;

import dev.traitlab.core.Hashing;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** BIG-bench's per-example scoring rules. */
public final class BigBenchMetrics {
  private BigBenchMetrics() {}

  /**
   * Argmax with BIG-bench's deterministic tie break: among the indices holding the maximum, the one
   * at position sha256(values as little-endian float64 bytes) mod (number of maxima).
   */
  public static int argmax(double[] values) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      max = Math.max(max, v);
    }
    int[] maxima = new int[values.length];
    int count = 0;
    for (int i = 0; i < values.length; i++) {
      if (values[i] == max) {
        maxima[count++] = i;
      }
    }
    if (count == 1) {
      return maxima[0];
    }
    ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      bytes.putDouble(v);
    }
    BigInteger digest = new BigInteger(Hashing.sha256(bytes.array()), 16);
    return maxima[digest.mod(BigInteger.valueOf(count)).intValueExact()];
  }

  /** The target score of the chosen choice (partial credit when scores are fractional). */
  public static double multipleChoiceGrade(double[] normalisedLogprobs, double[] targetScores) {
    return targetScores[argmax(normalisedLogprobs)];
  }

  /** Mean over choices of (p_i - target_score_i)^2, p the normalised choice probabilities. */
  public static double brier(double[] normalisedLogprobs, double[] targetScores) {
    double sum = 0;
    for (int i = 0; i < targetScores.length; i++) {
      double d = Math.exp(normalisedLogprobs[i]) - targetScores[i];
      sum += d * d;
    }
    return sum / targetScores.length;
  }

  /**
   * Post-processes generated text as upstream: cut after the first stop string found past the first
   * character (keeping the stop string), then keep the first match of the output regex ("" when it
   * does not match).
   */
  public static String postprocess(String text, String stopString, String outputRegex) {
    String out = text;
    if (stopString != null) {
      int at = out.indexOf(stopString);
      if (at > 0) {
        out = out.substring(0, at + stopString.length());
      }
    }
    if (outputRegex != null) {
      Matcher m = Pattern.compile(outputRegex).matcher(out);
      // Python's re.findall returns the single group when the pattern has exactly one.
      out = m.find() ? (m.groupCount() == 1 ? nullToEmpty(m.group(1)) : m.group()) : "";
    }
    return out;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** 1 when the response equals one of the targets exactly. */
  public static double exactStrMatch(String response, List<String> targets) {
    return targets.contains(response) ? 1.0 : 0.0;
  }
}
