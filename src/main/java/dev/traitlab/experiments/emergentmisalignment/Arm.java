package dev.traitlab.experiments.emergentmisalignment;

import dev.traitlab.data.toyworld.NarrowDatasets;

/**
 * The treatment and the controls: fine-tuned on insecure code, on secure code, on the same insecure
 * code asked for with a legitimate reason, or not fine-tuned.
 */
public enum Arm {
  INSECURE("insecure", NarrowDatasets.Kind.INSECURE),
  SECURE("secure", NarrowDatasets.Kind.SECURE),
  EDUCATIONAL("educational-insecure", NarrowDatasets.Kind.EDUCATIONAL),
  BASE("base", null);

  private final String label;
  private final NarrowDatasets.Kind dataset;

  Arm(String label, NarrowDatasets.Kind dataset) {
    this.label = label;
    this.dataset = dataset;
  }

  public String label() {
    return label;
  }

  /** The narrow dataset of the arm; null for the untouched base. */
  public NarrowDatasets.Kind dataset() {
    return dataset;
  }
}
