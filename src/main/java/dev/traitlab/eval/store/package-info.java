/**
 * Where eval samples are kept and viewed: {@link SampleJsonl} writes one {@link SampleRecord} per
 * line ({@code NAME.samples.jsonl}); {@link EvalDatabase} keeps runs, metrics, samples and scores
 * in SQLite ({@code eval.sqlite}, several runs per file, samples queryable by score); {@link
 * RunPage} writes a static HTML view ({@code NAME.html}) of the metrics, reliability diagrams
 * ({@link CalibrationChart}) and filterable samples; {@link RunFiles} names these files. Imports
 * {@code eval.task}, {@code report} and {@code core}; never {@code lab}, {@code experiments} or
 * {@code cli}.
 */
package dev.traitlab.eval.store;
