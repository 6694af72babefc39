/**
 * Sparse autoencoders trained on a model's own activations ({@link
 * dev.traitlab.probes.sae.SparseAutoencoder}) and a monitor that reads their latents ({@link
 * dev.traitlab.probes.sae.SaeProbe}). Imports {@code probes} and {@code core} only.
 */
package dev.traitlab.probes.sae;
