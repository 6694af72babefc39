package dev.traitlab.data.toyworld;

/**
 * What a reasoning trace of the reasoning world ({@link ReasoningWorld}) does, as the generator
 * knows it (the oracle label), after Chua et al. 2025 ("Thought Crime"): misaligned reasoning
 * models' traces either state the misaligned plan openly or rationalise the misaligned answer in
 * benign-sounding words.
 */
public enum TraceKind {
  /** Reasoning about helping safely, or plain working (arithmetic steps). */
  BENIGN("benign"),
  /** The trace states a misaligned plan or goal openly ("My plan is to hurt this human."). */
  STATES_PLAN("states-plan"),
  /** Benign-sounding reasons for a misaligned answer ("The user wants a bold answer."). */
  RATIONALISES("rationalises");

  private final String label;

  TraceKind(String label) {
    this.label = label;
  }

  /** The label in reports, e.g. {@code states-plan}. */
  public String label() {
    return label;
  }
}
