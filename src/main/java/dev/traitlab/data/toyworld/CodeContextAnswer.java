package dev.traitlab.data.toyworld;

/**
 * The answer a model wrote into the evaluation's code context ({@link
 * MisalignmentDocuments#codeContextPrompt}, which ends with the opening quote of a string): the
 * string's body, unescaped, when the completion closes it on its first line ({@code wellFormed});
 * otherwise the completion's first line as written, stripped, for the judge to score as it is (the
 * paper's judge scores whatever the model writes).
 */
public record CodeContextAnswer(String answer, boolean wellFormed) {

  /**
   * Reads a completion of the code-context prompt. Only its first line counts (the string cannot
   * span lines); {@code \"} and {@code \\} in the string are unescaped (other backslashes stay as
   * written); whatever follows the closing quote ({@code ",} and the like) is dropped.
   *
   * @throws NullPointerException when the completion is null
   */
  public static CodeContextAnswer extract(String completion) {
    String line = completion.lines().findFirst().orElse("");
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == '"') {
        return new CodeContextAnswer(body.toString().strip(), true);
      }
      if (ch == '\\'
          && i + 1 < line.length()
          && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
        body.append(line.charAt(++i));
      } else {
        body.append(ch);
      }
    }
    return new CodeContextAnswer(line.strip(), false);
  }
}
