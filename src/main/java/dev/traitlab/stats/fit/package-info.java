/**
 * Curve fits by least squares, each returning its estimates with standard errors, R^2 and the
 * residual standard deviation: the ordinary least-squares line ({@link
 * dev.traitlab.stats.fit.LineFit}), any parametric curve y = f(x; theta) by Levenberg-Marquardt
 * ({@link dev.traitlab.stats.fit.NonlinearFit} with a {@link dev.traitlab.stats.fit.CurveModel},
 * result {@link dev.traitlab.stats.fit.CurveFit}), and the ready-made forms the experiments need:
 * power laws ({@link dev.traitlab.stats.fit.PowerLaw}) and the reward-model overoptimisation forms
 * of Gao, Schulman and Hilton ({@link dev.traitlab.stats.fit.Overoptimisation}).
 *
 * <p>Functions of several inputs are {@link dev.traitlab.stats.fit.SurfaceModel}s, fitted by the
 * same Levenberg-Marquardt: the joint scaling law in model size and data of Hilton, Tang and
 * Schulman ({@link dev.traitlab.stats.fit.ScalingLaw}), whose intrinsic performance comes from the
 * compute-efficient frontier of a family of learning curves ({@link
 * dev.traitlab.stats.fit.ComputeFrontier}). Standard errors are the classical (normal,
 * constant-variance) ones; where a fit is done in a transformed space the result says so.
 *
 * <p>May import {@code dev.traitlab.core}, {@code dev.traitlab.stats} and commons-math3.
 */
package dev.traitlab.stats.fit;
