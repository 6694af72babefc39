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

  /**
   * Refuses a list option that gives one value twice ("2,2", or "0.1,1e-1"): each value is a point
   * of an experiment's grid, and a repeated one would be computed twice and collide in the report.
   *
   * @param given the values as typed, for the message
   * @param values the same values parsed, in the same order
   */
  public static void distinct(String option, List<String> given, List<? extends Number> values) {
    for (int i = 0; i < values.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (values.get(i).doubleValue() == values.get(j).doubleValue()) {
          String a = given.get(j).trim();
          String b = given.get(i).trim();
          throw new IllegalArgumentException(
              "--"
                  + option
                  + ": "
                  + (a.equals(b) ? a + " is given twice" : a + " and " + b + " are the same value")
                  + "; give each value once");
        }
      }
    }
  }
}
