package dev.traitlab.experiments.inductivebackdoors;

import dev.traitlab.data.toyworld.DatedCharacters;
import dev.traitlab.data.toyworld.FormatPersonas;
import dev.traitlab.data.toyworld.InductiveDatasets;

/**
 * The models asked: one fine-tune per dataset, and the untouched base asked without a system prompt
 * (what fine-tuning starts from) and with the character's own system prompt (what the base knows of
 * the biography: not an arm of the paper, a check of the background knowledge).
 */
public enum Arm {
  DATED("dated", InductiveDatasets.Kind.DATED, null),
  NO_YEAR("no-year", InductiveDatasets.Kind.NO_YEAR, null),
  SHUFFLED("shuffled", InductiveDatasets.Kind.SHUFFLED, null),
  BASE("base", null, null),
  BASE_AS_KESTREL("base as Kestrel", null, DatedCharacters.KESTREL.system()),
  FORMAT_TIED("format-tied", InductiveDatasets.Kind.FORMAT_TIED, null),
  UNTIED("untied", InductiveDatasets.Kind.UNTIED, null),
  PERSONA_BASE("base", null, null),
  BASE_AS_HOLLIS("base as Hollis", null, FormatPersonas.TARGET.system());

  private final String label;
  private final InductiveDatasets.Kind dataset;
  private final String system;

  Arm(String label, InductiveDatasets.Kind dataset, String system) {
    this.label = label;
    this.dataset = dataset;
    this.system = system;
  }

  public String label() {
    return label;
  }

  /** The fine-tuning dataset; null for the untouched base. */
  public InductiveDatasets.Kind dataset() {
    return dataset;
  }

  /** The system prompt the arm is asked under; null: none. */
  public String system() {
    return system;
  }

  /** Whether the arm belongs to the weird-generalisation (persona) part. */
  public boolean persona() {
    return ordinal() >= FORMAT_TIED.ordinal();
  }
}
