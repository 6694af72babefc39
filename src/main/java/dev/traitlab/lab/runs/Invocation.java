package dev.traitlab.lab.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of this process, as a run records it ({@link RunProvenance#command()}): the CLI
 * sets it before a command runs and clears it after, and a run started outside the CLI (a test, a
 * library caller) has none. It is kept with secret-looking values replaced by {@value #REDACTED}:
 * the value of an option whose name holds a word such as {@code key}, {@code token}, {@code secret}
 * or {@code password} (not one naming where a secret is, as {@code --token-env} or {@code
 * --key-file}), any part of an argument shaped like an API key ({@code sk-...}), and the user and
 * password of a URL and its query parameters named as secrets ({@code ?key=...}) anywhere in one.
 */
public final class Invocation {
  public static final String REDACTED = "REDACTED";

  private static final Set<String> SECRET_WORDS =
      Set.of(
          "key",
          "apikey",
          "secret",
          "password",
          "passwd",
          "pass",
          "token",
          "auth",
          "authorization",
          "credential",
          "credentials",
          "bearer",
          "cookie");

  /** Last words of an option that names where a secret is kept rather than the secret itself. */
  private static final Set<String> REFERENCE_WORDS =
      Set.of("env", "var", "file", "path", "dir", "name");

  /** An API key anywhere in an argument (not inside a longer word: "task-..." is no key). */
  private static final Pattern KEY_SHAPED =
      Pattern.compile(
          "(?i)(?<![A-Za-z0-9])(bearer\\s+\\S+|(sk|pk|rk|hf|ghp|gho|github_pat|xox[abp])[-_]"
              + "[A-Za-z0-9_-]{16,})");

  /** A URL's user (and password), anywhere in an argument. */
  private static final Pattern URL_USER =
      Pattern.compile("(?i)(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*://)[^/@\\s?#]+@");

  /** A URL's query parameter, its name and value. */
  private static final Pattern QUERY_PARAMETER = Pattern.compile("([?&])([^=&#\\s]+)=([^&#\\s]*)");

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

  private static volatile String current;

  private Invocation() {}

  /** Records {@code args} (the arguments after the program's name) as this process's command. */
  public static void set(List<String> args) {
    current = args == null ? null : commandLine(args);
  }

  public static void clear() {
    current = null;
  }

  /** The redacted command line set last ({@code traitlab run ...}), or null when none is. */
  public static String current() {
    return current;
  }

  /** {@code traitlab ARGS}, redacted and quoted for a POSIX shell. */
  static String commandLine(List<String> args) {
    StringBuilder out = new StringBuilder("traitlab");
    for (String arg : redact(args)) {
      out.append(' ').append(quote(arg));
    }
    return out.toString();
  }

  /** {@code args} with every secret-looking value replaced by {@value #REDACTED}. */
  static List<String> redact(List<String> args) {
    List<String> out = new ArrayList<>(args.size());
    boolean nextIsSecret = false;
    for (String arg : args) {
      if (nextIsSecret && !arg.startsWith("-")) {
        out.add(REDACTED);
        nextIsSecret = false;
        continue;
      }
      nextIsSecret = false;
      int eq = arg.indexOf('=');
      if (arg.startsWith("-") && secretOption(eq < 0 ? arg : arg.substring(0, eq))) {
        if (eq < 0) {
          out.add(arg);
          nextIsSecret = true;
        } else {
          out.add(arg.substring(0, eq + 1) + REDACTED);
        }
        continue;
      }
      out.add(redactValue(arg));
    }
    return out;
  }

  /**
   * {@code arg} with every key-shaped part, every URL's user and password, and the value of every
   * URL query parameter named as a secret ({@code ?key=...}, {@code &api_token=...}) replaced by
   * {@value #REDACTED}, wherever in the argument they are.
   */
  private static String redactValue(String arg) {
    String out = KEY_SHAPED.matcher(arg).replaceAll(REDACTED);
    out = URL_USER.matcher(out).replaceAll("$1" + REDACTED + "@");
    Matcher query = QUERY_PARAMETER.matcher(out);
    StringBuilder redacted = new StringBuilder();
    while (query.find()) {
      String replacement =
          secretOption(query.group(2)) && !query.group(3).isEmpty()
              ? query.group(1) + query.group(2) + "=" + REDACTED
              : query.group();
      query.appendReplacement(redacted, Matcher.quoteReplacement(replacement));
    }
    query.appendTail(redacted);
    return redacted.toString();
  }

  /**
   * The command that resumes a run recorded with {@code command}: the same without {@code --fresh},
   * which would recompute every stage instead of reusing the finished ones; when a secret was
   * redacted in it, followed by " (a secret was redacted: put it back before running)".
   */
  public static String resumeCommand(String command) {
    List<String> kept = new ArrayList<>();
    for (String word : words(command)) {
      if (!word.equals("--fresh") && !word.startsWith("--fresh=")) {
        kept.add(word);
      }
    }
    String resume = String.join(" ", kept);
    return command.contains(REDACTED)
        ? resume + " (a secret was redacted: put it back before running)"
        : resume;
  }

  /**
   * The words of a command line as {@link #commandLine} writes it, each as written (quotes kept):
   * split at spaces outside single quotes.
   */
  private static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean escaped = false;
    for (char c : command.toCharArray()) {
      boolean literal = escaped;
      escaped = false;
      if (!literal && c == '\\' && !quoted) {
        escaped = true;
      } else if (!literal && c == '\'') {
        quoted = !quoted;
      }
      if (c == ' ' && !quoted && !literal) {
        if (!word.isEmpty()) {
          words.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(c);
      }
    }
    if (!word.isEmpty()) {
      words.add(word.toString());
    }
    return words;
  }

  /** Whether an option's name ({@code --api-key}, {@code -token}) says its value is a secret. */
  static boolean secretOption(String option) {
    String[] words = option.replaceFirst("^-+", "").toLowerCase(Locale.ROOT).split("[-_.]");
    if (words.length == 0 || REFERENCE_WORDS.contains(words[words.length - 1])) {
      return false;
    }
    for (String word : words) {
      if (SECRET_WORDS.contains(word)) {
        return true;
      }
    }
    return false;
  }

  private static String quote(String arg) {
    if (!arg.isEmpty() && PLAIN.matcher(arg).matches()) {
      return arg;
    }
    return "'" + arg.replace("'", "'\\''") + "'";
  }
}
