package dev.traitlab.lab.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The command line of this process, as a run records it ({@link RunProvenance#command()}): the CLI
 * sets it before a command runs and clears it after, and a run started outside the CLI (a test, a
 * library caller) has none. It is kept with secret-looking values replaced by {@value #REDACTED}:
 * the value of an option whose name holds a word such as {@code key}, {@code token}, {@code secret}
 * or {@code password} (not one naming where a secret is, as {@code --token-env} or {@code
 * --key-file}), any argument shaped like an API key ({@code sk-...}), and the user and password of
 * a URL.
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

  private static final Pattern KEY_SHAPED =
      Pattern.compile(
          "(?i)bearer\\s+\\S+|(sk|pk|rk|hf|ghp|gho|github_pat|xox[abp])[-_][A-Za-z0-9_-]{16,}");
  private static final Pattern URL_USER = Pattern.compile("(?i)^([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
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

  private static String redactValue(String arg) {
    int eq = arg.startsWith("-") ? arg.indexOf('=') : -1;
    String value = eq < 0 ? arg : arg.substring(eq + 1);
    String prefix = eq < 0 ? "" : arg.substring(0, eq + 1);
    if (KEY_SHAPED.matcher(value).matches()) {
      return prefix + REDACTED;
    }
    return prefix + URL_USER.matcher(value).replaceFirst("$1" + REDACTED + "@");
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
