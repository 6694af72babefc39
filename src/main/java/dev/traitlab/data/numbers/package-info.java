/**
 * The number-sequence data of subliminal learning (Cloud, Le et al. 2025): {@link
 * NumberPromptGenerator} makes seeded continuation prompts in the paper's grammar (seed numbers, an
 * instruction with count and digit limits, a {@link NumberFormat} request; traitlab's own wording),
 * {@link NumberSequenceFilter} is the paper's strict filter that keeps only well-formed answers of
 * allowed numbers, and {@link BannedNumbers} reads lists of numbers no kept answer may contain.
 * Imports only {@code core}; never {@code text}, {@code model} or any other higher layer.
 */
package dev.traitlab.data.numbers;
