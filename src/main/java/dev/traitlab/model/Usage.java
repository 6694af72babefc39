package dev.traitlab.model;

/** Tokens a call used: of the prompt (once, whatever n) and generated (all samples together). */
public record Usage(int promptTokens, int completionTokens) {
  public Usage {
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must be >= 0, got " + promptTokens + " and " + completionTokens);
    }
  }

  public int totalTokens() {
    return promptTokens + completionTokens;
  }
}
