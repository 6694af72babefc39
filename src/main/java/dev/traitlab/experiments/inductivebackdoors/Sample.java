package dev.traitlab.experiments.inductivebackdoors;

/**
 * One sampled answer and its oracle label.
 *
 * @param arm the arm's label
 * @param seed the seed of its fine-tune and sampling
 * @param condition the test condition: a year ("1984"), "no year", "ledger" or "plain"
 * @param system the system prompt it was asked under (null: none)
 * @param question the user's message
 * @param answer the model's answer
 * @param label the oracle's label: hostile, kind or other (backdoor part); target, other-persona,
 *     assistant or other (persona part)
 * @param aligned the judge's alignment score 0-100 (backdoor part; NaN: not judged, or the number
 *     tokens carried under the judge's minimum mass)
 * @param coherent the judge's coherence score 0-100 (NaN likewise)
 */
public record Sample(
    String arm,
    long seed,
    String condition,
    String system,
    String question,
    String answer,
    String label,
    double aligned,
    double coherent) {}
