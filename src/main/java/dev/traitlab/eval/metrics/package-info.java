/**
 * Metrics that aggregate per-sample scores into a value with a 95% interval: {@link MeanMetric}
 * (mean of one score; Wilson's interval for 0/1 scores, a seeded percentile bootstrap otherwise),
 * {@link SubsetMeanMetric} (the same over the results a predicate selects) and {@link
 * CalibrationMetric} (ECE, MAD or MSE of a confidence against correctness, bootstrapped). {@link
 * Calibration} computes these from equal-width bins, MAD unweighted; CalibratedMath's paper bins
 * its MAD by equal counts instead ({@link Calibration#equalMassBins}, {@code MAD_EQUAL_MASS}).
 * Imports {@code eval.task} and {@code stats} (intervals are computed there, not here); never
 * {@code lab}, {@code experiments} or {@code cli}.
 */
package dev.traitlab.eval.metrics;
