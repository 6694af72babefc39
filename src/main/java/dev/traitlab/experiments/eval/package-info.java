/**
 * Evaluations as recorded runs: {@code traitlab eval TASK} runs an {@code eval} task through {@link
 * dev.traitlab.eval.task.EvalRunner} and records it like any experiment (runs database with
 * provenance, {@code report.html}, {@code traitlab report RUN}). Imports {@code lab}, {@code eval},
 * {@code model}, {@code report} and {@code core}; never another experiment.
 */
package dev.traitlab.experiments.eval;
