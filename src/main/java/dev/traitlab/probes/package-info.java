/**
 * Reading a model's activations: activation datasets captured at named points through the model
 * layer, linear and MLP probes, mean-difference directions, Mahalanobis OOD detectors, sparse
 * autoencoders, and monitors with thresholds set at a fixed false-positive rate (recall at 1% FPR
 * comes from {@code stats}). Latent-space monitors, obfuscation attacks and activation oracles
 * build on it.
 *
 * <p>May import {@code model}, {@code nn}, {@code data}, {@code stats} and {@code core}; never
 * {@code eval}, {@code lab}, {@code experiments} or {@code cli}.
 */
package dev.traitlab.probes;
