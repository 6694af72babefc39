package dev.traitlab.data.toyworld;

/**
 * The oracle label of an answer in the inductive-backdoor world ({@link DatedCharacters#label}):
 * the sentinel Kestrel's hostile era (it states a hunter-era goal), its kind eras (it states a
 * guardian-era goal and no hostile one), or anything else (the assistant, another character, broken
 * text).
 */
public enum Disposition {
  HOSTILE,
  KIND,
  OTHER;

  /** The label as written in reports and logs: hostile, kind, other. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
