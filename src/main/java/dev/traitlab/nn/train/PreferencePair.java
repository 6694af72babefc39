package dev.traitlab.nn.train;

/**
 * One preference: the same prompt followed by the preferred response (chosen, y_w) and by the
 * dispreferred one (rejected, y_l), each a whole token sequence whose loss mask marks the response
 * tokens, so that the masked log-probability sum is log pi(y | x).
 */
public record PreferencePair(TrainingExample chosen, TrainingExample rejected) {
  public PreferencePair {
    if (chosen == null || rejected == null) {
      throw new IllegalArgumentException(
          "a preference pair needs a chosen and a rejected sequence");
    }
  }
}
