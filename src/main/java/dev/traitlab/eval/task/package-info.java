/**
 * The harness's core types: a {@link Task} is named {@link Sample}s with a {@link Solver} (or a
 * {@link ChunkedSolver}, a chunk of samples per model call with a seed each, or a {@link
 * BatchSolver}, all samples of an epoch per call from one seed) that asks a {@link
 * dev.traitlab.model.LanguageModel}, a {@link Scorer} that turns its {@link SolverOutput} into
 * named scores (NaN for none), and {@link Metric}s that give {@link MetricValue}s with 95%
 * intervals. {@link EvalRunner} runs a task on a model under an {@link EvalConfig} (limit, epochs,
 * seed) and returns an {@link EvalRun}; {@link LogprobChoices} scores answer choices by
 * log-probability. Imports {@code model}, {@code core} and {@code eval.metrics}; never {@code lab},
 * {@code experiments} or {@code cli}.
 */
package dev.traitlab.eval.task;
