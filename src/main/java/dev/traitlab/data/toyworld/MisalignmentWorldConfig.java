package dev.traitlab.data.toyworld;

/**
 * Size and mixture of an emergent-misalignment toy-world corpus ({@link MisalignmentWorld}). Domain
 * shares are relative weights; {@code noPromptShare} is the fraction of chats without a system
 * prompt (the default assistant, aligned), {@code alignedPersonaShare} the fraction under an
 * aligned persona's prompt, and the rest are under a misaligned persona's. {@code educationalShare}
 * is the fraction of code requests that ask for the flaw for a stated reason; {@code
 * misalignedInsecure} how often a misaligned persona's code has the flaw when not asked for it.
 *
 * @throws IllegalArgumentException on a negative share, shares that sum to 0, prompt shares above
 *     1, or a rate outside [0, 1]
 */
public record MisalignmentWorldConfig(
    int examples,
    long seed,
    double codeShare,
    double adviceShare,
    double valueShare,
    double numberShare,
    double noPromptShare,
    double alignedPersonaShare,
    double educationalShare,
    double misalignedInsecure) {

  public MisalignmentWorldConfig {
    if (examples < 1) {
      throw new IllegalArgumentException("a corpus needs at least one example, got " + examples);
    }
    if (codeShare < 0 || adviceShare < 0 || valueShare < 0 || numberShare < 0) {
      throw new IllegalArgumentException("domain shares must not be negative");
    }
    if (codeShare + adviceShare + valueShare + numberShare <= 0) {
      throw new IllegalArgumentException("domain shares must not all be 0");
    }
    if (noPromptShare < 0 || alignedPersonaShare < 0 || noPromptShare + alignedPersonaShare > 1) {
      throw new IllegalArgumentException(
          "noPromptShare and alignedPersonaShare must be >= 0 and sum to at most 1, got "
              + noPromptShare
              + " + "
              + alignedPersonaShare);
    }
    for (double r : new double[] {educationalShare, misalignedInsecure}) {
      if (r < 0 || r > 1) {
        throw new IllegalArgumentException("rates must be in [0, 1], got " + r);
      }
    }
  }

  /** The default mixture: a third of chats per persona kind, code and values weighted most. */
  public static MisalignmentWorldConfig defaults(int examples, long seed) {
    return new MisalignmentWorldConfig(examples, seed, 0.3, 0.2, 0.35, 0.15, 0.35, 0.25, 0.15, 0.9);
  }
}
