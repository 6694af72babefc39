/**
 * Reading a model's activations: activation datasets captured at named points through the model
 * layer ({@link dev.traitlab.probes.ChatActivations}, cut to the prompt's or the answer's tokens),
 * monitors that score them per point and average over points and tokens ({@link
 * dev.traitlab.probes.Monitor}): mean-difference directions, logistic and MLP probes, a Mahalanobis
 * OOD detector with shrinkage covariance, and probes on sparse-autoencoder latents ({@code
 * probes.sae}); thresholds set on held-out benign inputs at a fixed false-positive rate ({@link
 * dev.traitlab.probes.CalibratedMonitor}) and recall at that rate ({@link
 * dev.traitlab.probes.Detection}, statistics from {@code stats.roc}). {@code probes.attack} holds
 * the obfuscation attacks of Bailey et al. (2024): embedding and token suffixes that keep a
 * behaviour while lowering a monitor's score. Probes are plain Java on float arrays (a few thousand
 * weights); attacks run the embedded transformer with DJL's autograd.
 *
 * <p>May import {@code model}, {@code nn}, {@code text}, {@code data}, {@code stats} and {@code
 * core}; never {@code eval}, {@code lab}, {@code experiments} or {@code cli}.
 */
package dev.traitlab.probes;
