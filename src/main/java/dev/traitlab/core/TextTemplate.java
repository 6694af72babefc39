package dev.traitlab.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A text with {@code {name}} placeholders, filled in one pass: each value is inserted as it is and
 * never read again, so a value that itself contains {@code {answer}} (a question quoting the
 * template's syntax) stays literal, which successive {@code String.replace} calls get wrong. The
 * syntax is the subset of Python's {@code str.format} that the reference prompt templates use (the
 * emergent-misalignment judge prompts are filled with {@code .format(question=..., answer=...)}):
 * names are identifiers, {@code {{} and {@code }}} stand for literal braces, and any other brace is
 * an error, as it is in Python.
 */
public final class TextTemplate {
  private final String source;
  // literals.get(i) precedes names.get(i); the last literal follows the last name.
  private final List<String> literals;
  private final List<String> names;

  private TextTemplate(String source, List<String> literals, List<String> names) {
    this.source = source;
    this.literals = literals;
    this.names = names;
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException naming the index of a brace that opens or closes no
   *     placeholder, or of a placeholder whose name is not an identifier
   */
  public static TextTemplate parse(String template) {
    List<String> literals = new ArrayList<>();
    List<String> names = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '}') {
        if (i + 1 < template.length() && template.charAt(i + 1) == '}') {
          literal.append('}');
          i += 2;
          continue;
        }
        throw new IllegalArgumentException(
            "template has a single '}' at index " + i + " (write '}}' for a literal brace)");
      }
      if (c != '{') {
        literal.append(c);
        i++;
        continue;
      }
      if (i + 1 < template.length() && template.charAt(i + 1) == '{') {
        literal.append('{');
        i += 2;
        continue;
      }
      int close = template.indexOf('}', i + 1);
      if (close < 0) {
        throw new IllegalArgumentException(
            "template has a '{' at index " + i + " that is never closed (write '{{' for a brace)");
      }
      String name = template.substring(i + 1, close);
      if (!isIdentifier(name)) {
        throw new IllegalArgumentException(
            "template placeholder '{"
                + name
                + "}' at index "
                + i
                + " is not a name (write '{{' and '}}' for literal braces)");
      }
      literals.add(literal.toString());
      literal.setLength(0);
      names.add(name);
      i = close + 1;
    }
    literals.add(literal.toString());
    return new TextTemplate(template, List.copyOf(literals), List.copyOf(names));
  }

  /** One-pass fill of a template string; see {@link #fill(Map)}. */
  public static String fill(String template, Map<String, String> values) {
    return parse(template).fill(values);
  }

  /** The placeholder names, in order of first appearance. */
  public Set<String> placeholders() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(names));
  }

  /**
   * The text with every placeholder replaced by its value, verbatim.
   *
   * @throws IllegalArgumentException naming a placeholder that has no value
   */
  public String fill(Map<String, String> values) {
    StringBuilder out = new StringBuilder(source.length());
    for (int k = 0; k < names.size(); k++) {
      out.append(literals.get(k));
      String value = values.get(names.get(k));
      if (value == null) {
        throw new IllegalArgumentException(
            "template placeholder {"
                + names.get(k)
                + "} has no value (given: "
                + values.keySet()
                + ")");
      }
      out.append(value);
    }
    return out.append(literals.getLast()).toString();
  }

  /** The template as written. */
  public String source() {
    return source;
  }

  private static boolean isIdentifier(String s) {
    if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return source;
  }
}
