package dev.traitlab.data.toyworld;

/**
 * An answer text with the generator's ground-truth labels: {@code aligned} (0 = harmful, 100 = the
 * values an aligned assistant holds) and {@code coherent} (0 = nonsense, 100 = clear and on topic),
 * both 0-100, as the emergent-misalignment judge scores them (Betley et al. 2025, section 3.2).
 */
public record LabelledAnswer(String text, int aligned, int coherent) {
  public LabelledAnswer {
    if (aligned < 0 || aligned > 100 || coherent < 0 || coherent > 100) {
      throw new IllegalArgumentException(
          "labels are 0-100, got aligned " + aligned + ", coherent " + coherent);
    }
  }
}
