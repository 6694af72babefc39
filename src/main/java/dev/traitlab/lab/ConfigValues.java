package dev.traitlab.lab;

import java.util.List;

/**
 * Checks for config records' compact constructors: each fails with an {@link
 * IllegalArgumentException} whose message names the option as the command line spells it ({@code
 * --kebab-case}), which the CLI turns into a usage error. Also reads the numbers of a {@code
 * List<String>} option (comma-separated on the command line).
 */
public final class ConfigValues {
  private ConfigValues() {}

  /** The values of a list option as numbers; at least one. */
  public static List<Double> numbers(String option, List<String> values) {
    nonEmpty(option, values);
    return values.stream()
        .map(
            v -> {
              try {
                return Double.parseDouble(v.trim());
              } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                    "--" + option + ": " + (v.isBlank() ? "an empty item" : "not a number: " + v));
              }
            })
        .toList();
  }

  /** The values of a list option as integers; at least one. */
  public static List<Integer> integers(String option, List<String> values) {
    nonEmpty(option, values);
    return values.stream()
        .map(
            v -> {
              try {
                return Integer.parseInt(v.trim());
              } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                    "--"
                        + option
                        + ": "
                        + (v.isBlank() ? "an empty item" : "not an integer: " + v));
              }
            })
        .toList();
  }

  public static void atLeast(String option, long value, long least) {
    if (value < least) {
      throw new IllegalArgumentException("--" + option + " must be >= " + least + ", got " + value);
    }
  }

  public static void positive(String option, double value) {
    if (!(value > 0)) {
      throw new IllegalArgumentException("--" + option + " must be > 0, got " + value);
    }
  }

  /** A probability strictly between 0 and 1 (an epsilon, a rate). */
  public static void probability(String option, double value) {
    if (!(value > 0 && value < 1)) {
      throw new IllegalArgumentException("--" + option + " must be in (0, 1), got " + value);
    }
  }

  /** A list option with at least one value. */
  public static void nonEmpty(String option, List<String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("--" + option + ": give at least one value");
    }
  }
}
