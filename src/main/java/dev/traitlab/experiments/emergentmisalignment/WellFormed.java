package dev.traitlab.experiments.emergentmisalignment;

/**
 * Of an arm's answers asked inside a code context, how many closed the string they were asked to
 * write ({@code wellFormed}) among {@code answers}.
 */
public record WellFormed(String arm, int wellFormed, int answers) {
  /** The well-formed share (NaN without answers). */
  public double share() {
    return answers == 0 ? Double.NaN : (double) wellFormed / answers;
  }
}
