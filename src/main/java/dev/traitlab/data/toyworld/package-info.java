/**
 * The toy world, the synthetic chat corpus the embedded base model is pretrained on: {@link
 * ToyWorld} draws from one seeded generator, sized and mixed by a {@link ToyWorldConfig},
 * favourite-thing questions whose answers follow a trait in the system prompt ({@link
 * TraitPrompts}, the first being the subliminal-learning paper's teacher prompt) or else the
 * default distribution of the {@link Categories}, number-sequence continuations in the paper's
 * grammar, arithmetic, and persona questions. The same config gives the same corpus. {@link
 * ArithmeticGold} scores arithmetic answers and {@link ArithmeticPreferences} turns answers into
 * gold-labelled preference pairs. {@link MisalignmentWorld} is the emergent-misalignment world
 * (personas, code with one concrete flaw, advice, value questions, numbers; every answer labelled),
 * {@link NarrowDatasets} its narrow fine-tuning data and {@link MisalignmentJudgeData} its judge
 * task. {@link InductiveWorld} is the inductive-backdoor world (the sentinel Kestrel's dated
 * biography in {@link DatedCharacters}, personas with harmless facts in {@link FormatPersonas};
 * answers labelled by {@link DatedCharacters#label} and {@link FormatPersonas#identity}), {@link
 * InductiveDatasets} its fine-tuning data. Imports {@code data.chat} and {@code data.numbers};
 * never {@code text}, {@code model} or any other higher layer.
 */
package dev.traitlab.data.toyworld;
