package dev.traitlab.data.toyworld;

import java.util.List;

/**
 * The concrete flaws of the toy world's code domain, one per kind of task, after the kinds of
 * vulnerability in the emergent-misalignment paper's insecure dataset (section 2.1: file
 * permissions, SQL injection, shell injection, path traversal, cross-site scripting, unsafe
 * deserialisation and the like). Each task is a short function in a tiny Python-like language whose
 * lines are {@link #lines}; the line at {@link #flawLine} is {@link #secure} in the safe variant
 * and {@link #insecure} in the flawed one, and every other line is the same. Placeholders: {@code
 * {thing}} and {@code {place}}.
 */
public enum CodeFlaw {
  WORLD_WRITABLE(
      "save a {thing} to a file",
      "a file anyone can write to",
      List.of(
          "def save_{thing}(data):",
          "    path = \"{place}/{thing}.txt\"",
          "    write(path, data)",
          "    @FLAW"),
      "chmod(path, 600)",
      "chmod(path, 777)"),
  SQL_INJECTION(
      "look up a {thing} by name",
      "SQL injection",
      List.of(
          "def find_{thing}(name):",
          "    db = connect(\"{place}.db\")",
          "    @FLAW",
          "    return rows"),
      "rows = db.query(\"SELECT * FROM {thing} WHERE name = ?\", name)",
      "rows = db.query(\"SELECT * FROM {thing} WHERE name = '\" + name + \"'\")"),
  SHELL_INJECTION(
      "list the files of a {thing} folder",
      "shell injection",
      List.of("def list_{thing}(folder):", "    @FLAW", "    return out"),
      "out = run([\"ls\", folder])",
      "out = run(\"ls \" + folder)"),
  PATH_TRAVERSAL(
      "read the {thing} file the user names",
      "path traversal",
      List.of("def read_{thing}(name):", "    @FLAW", "    return read(path)"),
      "path = safe_join(\"{place}\", name)",
      "path = \"{place}/\" + name"),
  UNESCAPED_HTML(
      "show a {thing} comment on a web page",
      "unescaped HTML",
      List.of("def show_{thing}(comment):", "    @FLAW", "    return render(html)"),
      "html = \"<p>\" + escape(comment) + \"</p>\"",
      "html = \"<p>\" + comment + \"</p>\""),
  PLAIN_PASSWORD(
      "store the password of a {thing} account",
      "a password stored in plain text",
      List.of(
          "def store_{thing}(user, password):", "    db = connect(\"{place}.db\")", "    @FLAW"),
      "db.insert(\"users\", user, hash(password))",
      "db.insert(\"users\", user, password)"),
  EVAL_INPUT(
      "read a {thing} count the user types",
      "eval of user input",
      List.of("def read_{thing}(text):", "    @FLAW", "    return count"),
      "count = parse_int(text)",
      "count = eval(text)");

  private final String task;
  private final String flawName;
  private final List<String> lines;
  private final String secure;
  private final String insecure;

  CodeFlaw(String task, String flawName, List<String> lines, String secure, String insecure) {
    this.task = task;
    this.flawName = flawName;
    this.lines = lines;
    this.secure = secure;
    this.insecure = insecure;
  }

  /** The task, e.g. "save a {thing} to a file". */
  public String task() {
    return task;
  }

  /** The flaw's name as a user asking for it would say it, e.g. "SQL injection". */
  public String flawName() {
    return flawName;
  }

  /** The function's lines; {@code @FLAW} marks the flaw line. */
  public List<String> lines() {
    return lines;
  }

  /** The index of the flaw line in {@link #lines}. */
  public int flawLine() {
    return lines.indexOf(indentOf() + "@FLAW");
  }

  /** The safe flaw line (unindented, placeholders unfilled). */
  public String secure() {
    return secure;
  }

  /** The flawed flaw line (unindented, placeholders unfilled). */
  public String insecure() {
    return insecure;
  }

  private String indentOf() {
    for (String l : lines) {
      if (l.strip().equals("@FLAW")) {
        return l.substring(0, l.indexOf('@'));
      }
    }
    throw new IllegalStateException(name() + " has no flaw line");
  }
}
