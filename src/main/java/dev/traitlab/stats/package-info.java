/**
 * Statistics, in one place: the Student-t interval of a mean over seeds ({@link
 * dev.traitlab.stats.MeanInterval}, also the JSON form of such a summary in results files),
 * Wilson's interval for proportions, the seeded percentile bootstrap for any other statistic,
 * sample quantiles; curve fits in {@link dev.traitlab.stats.fit}; ROC curves, AUC and recall at a
 * fixed false-positive rate in {@link dev.traitlab.stats.roc}.
 *
 * <p>Intervals are two-sided at 95% unless a level is given. Everything random is drawn from a
 * generator seeded by the caller, so a result can be reproduced from its seed.
 *
 * <p>May import {@code dev.traitlab.core} and commons-math3, nothing else of traitlab's: every
 * layer above may use statistics, and statistics needs none of them.
 */
package dev.traitlab.stats;
