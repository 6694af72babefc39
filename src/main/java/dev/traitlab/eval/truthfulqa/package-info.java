/**
 * TruthfulQA (Lin, Hilton and Evans 2022) as eval tasks: {@link TruthfulQaCsv} reads TruthfulQA.csv
 * (the v1 file or the 2025 one with "Best Incorrect Answer") and {@link McTaskJson} reads
 * mc_task.json; {@link TruthfulQaPrompts} holds the six-pair QA primer; {@link TruthfulQaScoring}
 * computes MC1, MC2 and MC3 from summed answer log-probabilities as upstream does; {@link
 * TruthfulQaTasks} builds the multiple-choice, 2025 binary-choice and judged generation tasks.
 * Imports {@code eval.task}, {@code eval.metrics}, {@code model} and {@code core}; never {@code
 * lab}, {@code experiments} or {@code cli}.
 */
package dev.traitlab.eval.truthfulqa;
