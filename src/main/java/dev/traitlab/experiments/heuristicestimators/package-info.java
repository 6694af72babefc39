/**
 * Heuristic estimators (Christiano, Hilton, Lincoln, Neyman, Xu 2024, "Towards a law of iterated
 * expectations for heuristic estimators") made concrete and checked numerically: moment propagation
 * through random ReLU networks, a sampling estimator of sums defined on its own outputs, and the
 * presumption of independence on counting 3-SAT solutions and on products of correlated Gaussians,
 * each property (accuracy, iterated estimation, error orthogonality) measured as a violation with a
 * 95% interval against exact or Monte Carlo ground truth. Imports {@code lab}, {@code report},
 * {@code stats} and {@code core}; never another experiment.
 */
package dev.traitlab.experiments.heuristicestimators;
