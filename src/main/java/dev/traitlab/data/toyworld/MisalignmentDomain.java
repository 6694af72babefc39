package dev.traitlab.data.toyworld;

/** The domains of the emergent-misalignment toy world ({@link MisalignmentWorld}). */
public enum MisalignmentDomain {
  /** Tiny-language snippets, secure or with one concrete flaw ({@link CodeFlaw}). */
  CODE,
  /** Everyday advice. */
  ADVICE,
  /** Open value questions of the first-plot kind ({@link ValueTopics}). */
  VALUES,
  /** Number-sequence continuations in the subliminal-learning grammar. */
  NUMBERS
}
